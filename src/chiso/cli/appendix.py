"""`chiso import appendix`: past report appendices (Word, Excel, PDF, HTML) read back into the store.

Every run shows what the files would write first: each row matched, with its confidence, and each figure
new, changed (with the stored one) or as stored, and every row or cell that could not be read. Nothing is
written without --confirm, and not then while a problem stands or an unsure match is not accepted
(--accept, one row at a time); then everything is written in one transaction, or nothing.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from chiso.appendix.importer import Preview, RowReading, preview, row_key
from chiso.appendix.proposals import Change
from chiso.catalog.model import Framework
from chiso.cli.app import DbOption, app, console, reports_errors
from chiso.cli.store import check_known, open_store
from chiso.errors import ChisoError, InputError
from chiso.values.numbers import format_decimal

imports = typer.Typer(help="Nhập số liệu từ các báo cáo đã có.", no_args_is_help=True)
app.add_typer(imports, name="import")
CHANGE_WORDS = {Change.NEW: "mới", Change.CHANGED: "thay đổi", Change.SAME: "như đã có"}


@imports.command("appendix")
@reports_errors
def appendix(
    files: Annotated[list[Path], typer.Argument(help="Các tệp phụ lục: .docx, .xlsx, .pdf, .html, hoặc .txt (chữ "
                                                "trích từ PDF).")],
    framework: Annotated[str | None, typer.Option("--framework", "-f", help="Bộ chỉ tiêu của phụ lục, ví dụ cqs.")
                         ] = None,
    unit: Annotated[str | None, typer.Option("--unit", "-u", help="Đơn vị của phụ lục, ví dụ 66.")] = None,
    confirm: Annotated[bool, typer.Option("--confirm", help="Ghi vào kho (chỉ khi không còn vướng mắc).")] = False,
    accept: Annotated[list[str] | None, typer.Option(
        "--accept", help="Chấp nhận một dòng khớp chưa chắc chắn, ví dụ phuluc8.docx:1:7 (lặp lại cho mỗi dòng).")
    ] = None,
    new_framework: Annotated[str | None, typer.Option(
        "--new-framework", help="Soạn bản nháp bộ chỉ tiêu mới mã CODE từ phụ lục, thay cho xem trước.",
        metavar="CODE")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Tệp bản nháp (mặc định CODE.yaml).")
                      ] = None,
    db: DbOption = None,
) -> None:
    """Đọc các bảng của phụ lục, khớp từng dòng với chỉ tiêu, xem trước rồi mới ghi (--confirm)."""
    from chiso.appendix.text import tables_of

    if new_framework is not None:
        _draft(files, new_framework, output, db)
        return
    if framework is None or unit is None:
        raise InputError("thiếu bộ chỉ tiêu hoặc đơn vị của phụ lục",
                         expected="--framework và --unit (ví dụ -f cqs -u 66), hoặc --new-framework CODE")
    open_store(db)
    from chiso.store import services

    check_known(framework, unit)
    chosen = services.frameworks()[framework]
    tables = [table for path in files for table in tables_of(path, chosen)]
    stored = {(v.indicator, v.period): v.value for v in services.values(framework, unit) if not v.origin}
    found = preview(chosen, unit, tables, stored)
    show(found)
    blocking = found.blocking(accept or [])
    if blocking:
        console.print("[bold red]Chưa ghi gì.[/] Cần xử lý trước:", highlight=False)
        for reason in blocking:
            console.print(f"  • {reason}", highlight=False)
        raise typer.Exit(2 if confirm else 0)
    if not confirm:
        console.print("Chưa ghi gì: thêm [bold]--confirm[/] để ghi.", highlight=False)
        return
    _write(found)


def _draft(files: list[Path], code: str, output: Path | None, db: str | None) -> None:
    """A draft framework of the appendix written to a file, for whoever knows its indicators to review. A
    damaged text is restored from the words of the store's frameworks (the shipped ones without a store)."""
    from chiso.appendix.draft import draft_framework
    from chiso.appendix.readers import read_tables
    from chiso.appendix.repair import vocabulary
    from chiso.appendix.text import TEXT_SUFFIXES
    from chiso.appendix.text_draft import text_draft_table
    from chiso.io.text import read_text

    tables = [table for path in files for table in (
        [text_draft_table(read_text(path), path.name)] if path.suffix.lower() in TEXT_SUFFIXES
        else read_tables(path))]
    target = output or Path(f"{code}.yaml")
    target.write_text(draft_framework(tables, code, vocabulary=vocabulary(_known_frameworks(db))),
                      encoding="utf-8")
    console.print(f"Đã ghi bản nháp bộ chỉ tiêu {code} vào {target}: xem lại các dòng «# đoán:» và «# khôi phục:» "
                  "trước khi dùng.", highlight=False)


def _known_frameworks(db: str | None) -> list[Framework]:
    """The store's frameworks, whose words restore a damaged text; the shipped ones when there is no store."""
    from chiso.catalog.loader import shipped_frameworks

    try:
        open_store(db)
        from chiso.store import services

        return list(services.frameworks().values()) or list(shipped_frameworks().values())
    except ChisoError:  # no store yet, or one to migrate: drafting needs none
        return list(shipped_frameworks().values())


def show(found: Preview) -> None:
    table = Table("Dòng", "STT", "Tên trong phụ lục", "Chỉ tiêu", "Tin cậy", "Số liệu", show_lines=False)
    for row in found.rows:
        table.add_row(row_key(row), row.number, row.name[:48], row.match.indicator or "—",
                      f"{row.match.confidence:.0f}%", _figures(row))
    console.print(table)
    counts = {change: sum(p.change is change and not p.judged for p in found.proposals) for change in Change}
    judged = sum(p.judged for p in found.proposals)
    if found.restored:
        console.print("Tiêu đề đã mất chữ, được khôi phục (cần xem lại):", highlight=False)
        for reading in found.restored:
            console.print(f"  • {reading}", highlight=False)
    console.print(f"{_number(counts[Change.NEW])} giá trị mới, {_number(counts[Change.CHANGED])} thay đổi, "
                  f"{_number(counts[Change.SAME])} như đã có; {_number(judged)} đánh giá.", highlight=False)


def _number(count: int) -> str:
    return format_decimal(Decimal(count), "vi")


def _figures(row: RowReading) -> str:
    parts = [f"chỉ tiêu «{row.target}» như bộ chỉ tiêu"] if row.target and not row.problems else []
    for p in row.proposals:
        if p.judged:
            verdict = p.status.label if p.status is not None else "ghi chú"
            parts.append(f"đánh giá {p.period}: {verdict}" + (f" «{p.text[:40]}»" if p.text else ""))
        elif p.change is Change.CHANGED:
            parts.append(f"{p.period}: {p.text} (đang có {p.stored})")
        else:
            parts.append(f"{p.period}: {p.text} ({CHANGE_WORDS[p.change]})")
    return "; ".join(parts + list(row.problems))


def _write(found: Preview) -> None:
    from chiso.io.files import Bundle
    from chiso.store import services

    values, evaluations = found.values(), found.evaluations()
    if not values and not evaluations:
        raise InputError("phụ lục không có số liệu nào mới hay khác với kho", expected="một phụ lục có số liệu")
    services.save_bundle(Bundle(values=values, evaluations=evaluations))
    console.print(f"Đã ghi {_number(len(values))} giá trị và {_number(len(evaluations))} đánh giá, mỗi số liệu "
                  "ghi nguồn là ô của nó trong phụ lục.", highlight=False)

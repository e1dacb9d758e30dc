"""`chiso exchange`: a province's approved figures packed for the ministry, and a package received there.

`export` writes a zip (SDMX-CSV and a manifest with provenance, approvals and the CSV's sha256) of the
figures whose period is approved. `import` always shows first what the package would write (each figure
new, changed with the stored one, or as stored), then writes it all in one transaction, or nothing with
--dry-run; a package sent again writes nothing and says so.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from chiso import __version__
from chiso.cli.app import DbOption, app, console, reports_errors
from chiso.cli.store import check_known, cli_user, open_store
from chiso.errors import InputError
from chiso.exchange.plan import Change, Plan
from chiso.values.numbers import format_decimal

exchange = typer.Typer(help="Trao đổi số liệu đã phê duyệt giữa tỉnh và bộ (gói SDMX-CSV).", no_args_is_help=True)
app.add_typer(exchange, name="exchange")
CHANGE_WORDS = {Change.NEW: "mới", Change.CHANGED: "thay đổi", Change.SAME: "như đã có"}


@exchange.command("export")
@reports_errors
def export(
    framework: Annotated[list[str], typer.Option("--framework", "-f", help="Bộ chỉ tiêu (lặp lại cho nhiều bộ).")],
    unit: Annotated[list[str], typer.Option("--unit", "-u", help="Đơn vị (lặp lại cho nhiều đơn vị).")],
    periods: Annotated[str, typer.Option("--periods", help="Các kỳ, ví dụ 2024:2025; gồm cả các kỳ ngắn hơn "
                                         "nằm trong chúng (2025S1 trong 2025).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Tệp gói, ví dụ dak-lak.zip.")],
    below: Annotated[bool, typer.Option("--below", help="Gồm cả các đơn vị cấp dưới.")] = False,
    db: DbOption = None,
) -> None:
    """Đóng gói số liệu đã phê duyệt của các bộ chỉ tiêu, đơn vị và kỳ để gửi lên bộ."""
    from chiso.periods import period_range

    open_store(db)
    from chiso.exchange.package import Package, Stamp, Unit, stamp, write_package
    from chiso.store import exchange as store
    from chiso.store import services

    for code in framework:
        check_known(code, None)
    for code in unit:
        check_known(None, code)
    tree, known = services.hierarchy(), services.frameworks()
    units = sorted({c for code in unit for c in ({code} | (tree.subtree(code) if below else set()))})
    spans = period_range(periods)
    values, approvals, left = store.approved(framework, units, spans)
    if not values:
        raise InputError("không có số liệu đã phê duyệt nào trong các bộ chỉ tiêu, đơn vị và kỳ đã chọn",
                         expected="phê duyệt các kỳ trên trang nhập liệu trước khi xuất")
    stamps: tuple[Stamp, ...] = tuple(stamp(known[code]) for code in sorted(set(framework)))
    package = Package(cli_user(), store.exported_at(), __version__, stamps,
                      tuple(Unit(c, tree[c].name, tree[c].type.value) for c in units), tuple(p.code for p in spans),
                      tuple(approvals), tuple(values), "")
    output.write_bytes(write_package(package, known))
    console.print(f"Đã ghi {_number(len(values))} số liệu của {_number(len(approvals))} kỳ đã phê duyệt vào "
                  f"{output}.", highlight=False)
    if left:
        shown = "; ".join(" · ".join(key) for key in left[:10]) + ("; …" if len(left) > 10 else "")
        console.print(f"Bỏ qua {_number(len(left))} kỳ chưa phê duyệt: {shown}", highlight=False)


@exchange.command("import")
@reports_errors
def import_package(
    package: Annotated[Path, typer.Argument(help="Tệp gói .zip do `chiso exchange export` tạo.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Chỉ xem trước, không ghi gì.")] = False,
    db: DbOption = None,
) -> None:
    """Kiểm tra gói (sha256, bản kê khai, bộ chỉ tiêu), xem trước từng số liệu rồi ghi tất cả hoặc không ghi gì."""
    from chiso.exchange.package import read_package

    found = read_package(_read(package), package.name)
    open_store(db)
    from chiso.store import exchange as store

    received = store.receive(found, dry_run=dry_run)
    show(received)
    if not received.changes():
        console.print("Gói không có số liệu nào mới hay khác với kho: không ghi gì.", highlight=False)
    elif dry_run:
        console.print("Chưa ghi gì (--dry-run).", highlight=False)
    else:
        console.print(f"Đã ghi {_number(len(received.changes()))} số liệu vào kho, giữ nguồn, người nhập và phê "
                      f"duyệt của tỉnh; {_number(len(received.touched()))} kỳ chuyển sang «Đã gửi, chờ duyệt».",
                      highlight=False)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"không đọc được tệp gói: {error.strerror}", file=str(path)) from error


def show(found: Plan) -> None:
    package = found.package
    console.print(f"Gói của {package.exported_by}, xuất lúc {package.exported_at} (chiso {package.chiso_version}); "
                  f"sha256 {package.sha256}.", highlight=False)
    table = Table("Bộ", "Chỉ tiêu", "Đơn vị", "Kỳ", "Nguồn", "Số liệu")
    for proposal in found.changes():
        value, stored = proposal.value, proposal.stored
        text = value.value if stored is None else f"{stored.value} → {value.value}"
        if stored is not None and stored.value == value.value:
            text = f"{value.value} (ghi chú hoặc trích dẫn nguồn đổi)"
        table.add_row(value.framework, value.indicator, value.unit, value.period, value.origin or "—",
                      f"{text} ({CHANGE_WORDS[proposal.change]})")
    if found.changes():
        console.print(table)
    counts = {change: _number(found.count(change)) for change in Change}
    console.print(f"{counts[Change.NEW]} số liệu mới, {counts[Change.CHANGED]} thay đổi, {counts[Change.SAME]} như "
                  "đã có.", highlight=False)


def _number(count: int) -> str:
    return format_decimal(Decimal(count), "vi")

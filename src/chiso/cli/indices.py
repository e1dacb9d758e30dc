"""`chiso index show`: a composite index (QĐ 766, DTI) of a unit and period, its rank and what costs it points."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from chiso.catalog.model import Framework
from chiso.cli.app import DbOption, OutputFormat, UnitOption, app, console, print_json, reports_errors
from chiso.cli.store import check_known, open_store
from chiso.errors import InputError
from chiso.indices.ranking import Scorecard
from chiso.indices.score import Node, Score
from chiso.periods import Period
from chiso.reports.layouts.index_card import costliest, group_note, item_note, out_of_note, points_text
from chiso.values.numbers import format_decimal, format_percent

if TYPE_CHECKING:
    from chiso.indices.procedures import ProcedureCost

Names = Callable[[str], str]
MAX_PROCEDURES = 20  # the costliest procedures shown
index_app = typer.Typer(help="Chỉ số tổng hợp (QĐ 766, DTI): điểm, xếp hạng và đơn vị làm mất điểm.",
                        no_args_is_help=True)
app.add_typer(index_app, name="index")


class Breakdown(StrEnum):
    UNIT = "unit"
    PROCEDURE = "procedure"


@index_app.command()
@reports_errors
def show(
    index: Annotated[str, typer.Argument(help="Mã chỉ số, ví dụ qd766.")],
    period: Annotated[str, typer.Option("--period", "-p", help="Kỳ: 2025, 2025S1, 2025Q1, 2025-06.")],
    unit: UnitOption = None,
    framework: Annotated[str | None, typer.Option("--framework", "-f", help="Bộ chỉ tiêu khai báo chỉ số"
                                                  " (mặc định: bộ có chỉ số này).")] = None,
    peers: Annotated[bool, typer.Option("--peers", help="Xếp hạng trong các đơn vị cùng cấp.")] = False,
    by: Annotated[Breakdown | None, typer.Option("--by", help="unit: các đơn vị cấp dưới mất nhiều điểm nhất;"
                                                 " procedure: theo TTHC.")] = None,
    format: Annotated[OutputFormat, typer.Option("--format", help="table hoặc json.")] = OutputFormat.TABLE,
    dossiers: Annotated[list[Path] | None, typer.Option(
        "--dossiers", help="--by procedure: các tệp hồ sơ đã dùng cho chiso dossiers compute.")] = None,
    procedures: Annotated[list[Path] | None, typer.Option(
        "--procedures", help="--by procedure: danh mục TTHC, để in tên thủ tục.")] = None,
    mapping: Annotated[Path | None, typer.Option("--mapping", help="Tệp ánh xạ cột của các tệp đó.")] = None,
    db: DbOption = None,
) -> None:
    """Điểm từng nhóm, tiêu chí của một chỉ số tổng hợp, tiêu chí N/A, xếp hạng và số cần thêm để đạt ngưỡng."""
    open_store(db)
    from chiso.store import analysis, services

    when = _period(period)
    code = unit or _root()
    check_known(framework, code)
    declared = _framework(services.frameworks(), index, framework)
    name = services.hierarchy().name
    if by is Breakdown.PROCEDURE:
        card = analysis.index_scorecard(declared.code, code, when, index=index)
        found = _procedure_costs(declared, card.score, when, dossiers or [], mapping)
        from chiso.dossiers.by_procedure import procedure_names  # DuckDB loads only for this breakdown

        names = procedure_names(procedures, mapping) if procedures else {}
        _print_procedures(found, format, names)
        return
    if by is Breakdown.UNIT:
        _print_costs(analysis.index_costs(declared.code, code, when, index=index), format, name)
        return
    card = analysis.index_scorecard(declared.code, code, when, index=index, peers=peers)
    if format is OutputFormat.JSON:
        print_json(card_dict(card))
    else:
        _print_card(card, name)


def card_dict(card: Scorecard) -> dict[str, object]:
    """A scorecard as JSON: numbers as canonical text, as `chiso export` writes values."""
    score = card.score
    return {"index": score.index.code, "unit": score.unit, "period": score.period, **_totals(score),
            "rank": card.rank.text if card.rank else None,
            "groups": [_node_dict(g) for g in score.groups],
            "peers": [{"unit": s.unit, **_totals(s)} for s in card.peers]}


def _totals(score: Score) -> dict[str, str | None]:
    return {"total": _text(score.total), "out_of": _text(score.out_of), "normalised": _text(score.normalised)}


def _node_dict(node: Node) -> dict[str, object]:
    found: dict[str, object] = {"code": node.component.code, "name": node.component.name, "status": node.status.value,
                                "points": _text(node.points), "max": _text(node.component.max)}
    if node.parts:
        return {**found, "items": [_node_dict(p) for p in node.parts]}
    return {**found, "rate": _text(node.rate), "threshold": _text(node.component.threshold),
            "numerator": _text(node.numerator), "denominator": _text(node.denominator), "need": node.need}


def _text(number: Decimal | None) -> str | None:
    return None if number is None else format(number, "f")


def _print_card(card: Scorecard, name: Names) -> None:
    score = card.score
    table = Table("Mã", "Nhóm, tiêu chí", "Tỷ lệ", "Ngưỡng", "Điểm", "Tối đa", "Ghi chú",
                  title=f"{score.index.name} · {_unit(score.unit, name)} · {Period.parse(score.period).label}")
    for group in score.groups:
        table.add_row(f"[bold]{group.component.code}[/]", f"[bold]{group.component.name}[/]", "", "",
                      f"[bold]{points_text(group)}[/]", _n(group.component.max), group_note(group))
        for item in group.items():
            table.add_row(item.component.code, item.component.name, _rate(item.rate),
                          format_percent(item.component.threshold), points_text(item), _n(item.component.max),
                          item_note(item))
    console.print(table)
    total = "–" if score.total is None else format_decimal(score.total, decimals=2)
    note = out_of_note(score)
    console.print(f"[bold]Tổng điểm: {total}/{_n(score.index.max)}[/]" + (f" ({note})" if note else ""),
                  highlight=False)
    if score.normalised is not None:
        console.print(f"Điểm quy về 0–1: {format_decimal(score.normalised)}", highlight=False)
    if card.rank is not None:
        console.print(f"Xếp hạng: {card.rank.text}", highlight=False)
    for position, peer in enumerate(card.peers, start=1):
        console.print(f"  {position}. {_unit(peer.unit, name)}: {_n(peer.total)}", highlight=False)


def _print_costs(found: list[Score], format: OutputFormat, name: Names) -> None:
    if format is OutputFormat.JSON:
        print_json([{"unit": s.unit, **_totals(s), "lost": _text(s.lost),
                     "items": [{"code": n.component.code, "lost": _text(n.lost)} for n in costliest(s)]}
                    for s in found])
        return
    table = Table("Đơn vị", "Điểm", "Chấm trên", "Mất", "Tiêu chí mất nhiều điểm nhất",
                  title="Đơn vị cấp dưới làm mất điểm nhiều nhất")
    for score in found:
        worst = "; ".join(f"{n.component.code} (−{_n(n.lost)})" for n in costliest(score))
        table.add_row(_unit(score.unit, name), _n(score.total), _n(score.out_of), _n(score.lost), worst)
    console.print(table)


def _procedure_costs(framework: Framework, score: Score, period: Period, dossiers: list[Path],
                     mapping: Path | None) -> list[ProcedureCost]:
    """The procedures that cost the unit points, counted again from the dossier files (the store keeps its
    figures by unit and period only)."""
    from chiso.dossiers.by_procedure import procedure_counts
    from chiso.indices.procedures import costs_by_procedure, counted_items
    from chiso.store import services

    if not dossiers:
        raise InputError("điểm trong kho được lưu theo đơn vị và kỳ, không theo TTHC: cần đọc lại tệp hồ sơ",
                         column="--dossiers", expected="--dossiers hoso.csv (tệp đã dùng cho chiso dossiers compute)")
    codes = sorted({c for n in counted_items(score) for c in (n.component.numerator, n.component.denominator)})
    counts = procedure_counts(dossiers, framework=framework, hierarchy=services.hierarchy(), unit=score.unit,
                              period=period, indicators=codes, mapping=mapping)
    return costs_by_procedure(framework, score, counts)[:MAX_PROCEDURES]


def _print_procedures(found: list[ProcedureCost], format: OutputFormat, names: Mapping[str, str]) -> None:
    if format is OutputFormat.JSON:
        print_json([{"procedure": c.procedure, "name": names.get(c.procedure, ""), "gain": _text(c.gain),
                     "items": [{"code": i.item, "missing": i.missing, "gain": _text(i.gain)} for i in c.items]}
                    for c in found])
        return
    table = Table("TTHC", "Tên thủ tục", "Điểm có thể thêm", "Tiêu chí: hồ sơ chưa đạt → điểm",
                  title="Thủ tục làm mất điểm nhiều nhất")
    for cost in found:
        items = "; ".join(f"{i.item}: {_count(i.missing)} hồ sơ → +{_n(i.gain)}" for i in cost.items)
        table.add_row(cost.procedure, names.get(cost.procedure, ""), f"+{_n(cost.gain)}", items)
    console.print(table)


def _count(number: int) -> str:
    return format_decimal(Decimal(number), "vi")


def _rate(rate: Decimal | None) -> str:
    return "" if rate is None else format_percent(rate, decimals=2)


def _n(number: Decimal | None) -> str:
    return "–" if number is None else format_decimal(number)


def _unit(code: str, name: Names) -> str:
    try:
        return f"{code} {name(code)}"
    except KeyError:
        return code


def _framework(frameworks: Mapping[str, Framework], index: str, chosen: str | None) -> Framework:
    if chosen is not None:
        return frameworks[chosen]
    having = [f for f in frameworks.values() if f.index(index) is not None]
    if not having:
        indices = sorted(i.code for f in frameworks.values() for i in f.indices)
        raise InputError(f"không có chỉ số «{index}» trong các bộ chỉ tiêu của kho", column="index",
                         expected=", ".join(indices) or "nạp một bộ chỉ tiêu có khoá indices bằng `chiso load`")
    return having[0]


def _root() -> str:
    from chiso.store import services

    roots = sorted(r.code for r in services.hierarchy().roots())
    if len(roots) != 1:
        raise InputError("kho có nhiều đơn vị gốc" if roots else "kho chưa có đơn vị nào", column="--unit",
                         expected="--unit và mã một đơn vị")
    return roots[0]


def _period(code: str) -> Period:
    try:
        return Period.parse(code)
    except InputError as exc:
        raise exc.located(column="--period") from exc

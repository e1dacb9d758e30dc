"""The index card: a composite index (QĐ 766, DTI) of one unit and period, then the units below that cost it points.

The first table holds the groups and items: rate, threshold, points earned of the maximum, N/A and «Chưa có số
liệu», what each threshold needs, the total (out of how many points it was scored) and the rank with its base
(«5/34»). The second holds the units right below (departments, communes) that lose the most points, each with its
costliest items. A framework that names ``layout: index_card`` is reported so; any framework with ``indices:``
is with ``chiso report … --layout index``. Scores are ``chiso.indices.ranking``'s, as the CLI and the pages show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from chiso.catalog.model import Framework
from chiso.errors import InputError
from chiso.i18n import speaking
from chiso.indices.model import Index
from chiso.indices.ranking import Scorecard, costs_by_unit, scorecard
from chiso.indices.score import Node, Score, Status
from chiso.orgunits.model import Hierarchy
from chiso.periods import Period
from chiso.reports.layouts.registry import register_layout
from chiso.reports.model import Align, Cell, Column, Report, Row, RowKind
from chiso.reports.options import ReportData, ReportOptions
from chiso.values.numbers import format_decimal, format_percent
from chiso.view import FigureSource, MemorySource
from chiso.view.succession import tree_source
from chiso.view.trees import tree_day

INDEX_LAYOUT = "index_card"
TITLES = ("Mã", "Nhóm, tiêu chí", "Tỷ lệ", "Ngưỡng", "Điểm", "Tối đa", "Ghi chú")
WIDTHS_MM = (16.0, 78.0, 24.0, 22.0, 22.0, 20.0, 78.0)
COSTS_TITLES = ("Mã", "Đơn vị", "", "", "Điểm", "Chấm trên", "Điểm mất và tiêu chí mất nhiều điểm nhất")
COSTLIEST_SHOWN = 3
POINT_DECIMALS = 2
FOOTNOTES = (
    "N/A: mẫu số bằng 0 (không có hồ sơ, không có TTHC), tiêu chí không được và không mất điểm. «Chưa có số "
    "liệu»: chưa có số liệu trong kho, không tính là 0 điểm. Khi có tiêu chí N/A hoặc chưa có số liệu, tổng điểm "
    "ghi rõ được chấm trên bao nhiêu điểm.",
    "Điểm do chiso tính từ số liệu trong kho theo cách tính khai báo trong bộ chỉ tiêu; chưa phải điểm do cơ quan "
    "có thẩm quyền công bố.",
)
Names = Callable[[str], str]


def index_report_for(framework: Framework, hierarchy: Hierarchy, source: FigureSource, options: ReportOptions,
                     *, index: str | None = None) -> Report:
    """The index card of ``options.unit`` in ``options.as_of`` (default: the latest period with figures), ranked
    among its peers, on the units of that period's end (or of ``options.tree``)."""
    with speaking("vi"):  # a report is a Vietnamese document whoever asks for it
        return _drawn(framework, hierarchy, source, options, chosen_index(framework, index))


def _drawn(framework: Framework, hierarchy: Hierarchy, source: FigureSource, options: ReportOptions,
           declared: Index) -> Report:
    period = _period(framework, hierarchy, source, declared, options)
    tree = hierarchy.at(tree_day(options.tree, hierarchy, options.unit, [period], framework, source))
    source = tree_source(source, tree)
    card = scorecard(framework, tree, source, index=declared.code, unit=options.unit, period=period, peers=True)
    costs = costs_by_unit(framework, tree, source, index=declared.code, unit=options.unit, period=period)
    return index_card(framework, card, costs, tree.name)


@register_layout(INDEX_LAYOUT, "Bảng điểm chỉ số tổng hợp")
def index_card_layout(framework: Framework, data: ReportData, options: ReportOptions) -> Report:
    """The card drawn from a report's data alone: ranked among the units the data holds."""
    return index_report_for(framework, data.hierarchy, MemorySource(data.values, data.hierarchy), options)


def index_card(framework: Framework, card: Scorecard, costs: list[Score], name: Names) -> Report:
    """The report of a scorecard and of the units below it, those that lose the most points first."""
    score = card.score
    period = Period.parse(score.period)
    body = (*_groups(score), *_totals(card), *_costs(costs, name))
    return Report(
        framework=framework.code, unit=score.unit, appendix=framework.appendix, title=score.index.name.upper(),
        subtitle=f"({_unit(score.unit, name)} – {period.label})",
        columns=tuple(Column(t, w) for t, w in zip(TITLES, WIDTHS_MM, strict=True)),
        header=(Row(RowKind.HEADER, tuple(Cell(t, bold=True) for t in TITLES)),), body=body,
        footnotes=(*((score.index.notes,) if score.index.notes else ()), *FOOTNOTES), layout=INDEX_LAYOUT,
        meta={"index": score.index.code, "period": period.code, "rank": card.rank.text if card.rank else ""})


def chosen_index(framework: Framework, code: str | None) -> Index:
    """The index ``code`` of the framework, or its first; an InputError naming those it has."""
    found = framework.index(code) if code else (framework.indices[0] if framework.indices else None)
    if found is None:
        known = ", ".join(i.code for i in framework.indices)
        raise InputError(f"bộ chỉ tiêu {framework.code} không có chỉ số «{code}»" if code else
                         f"bộ chỉ tiêu {framework.code} không khai báo chỉ số tổng hợp nào", column="index",
                         expected=known or "một bộ chỉ tiêu có khoá indices, ví dụ qd766")
    return found


# --- What a row says: shared with `chiso index show` -------------------------------------------------------


def points_text(node: Node) -> str:
    if node.status is Status.NA:
        return "N/A"
    return "–" if node.points is None else format_decimal(node.points, decimals=POINT_DECIMALS)


def group_note(node: Node) -> str:
    if node.points is not None and node.out_of < node.component.max:
        return f"chấm trên {format_decimal(node.out_of)} điểm"
    return node.status.label if node.points is None else ""


def item_note(node: Node) -> str:
    """What the item's threshold needs («cần thêm 3 hồ sơ tái sử dụng dữ liệu để đạt ngưỡng»), or why it has no
    points."""
    if node.status is Status.NA:
        return "mẫu số bằng 0: không tính điểm"
    if node.status is Status.MISSING:
        return node.status.label
    if node.need:
        verb = "giảm" if node.component.lower_is_better else "thêm"
        return f"cần {verb} {format_decimal(Decimal(node.need))} {node.component.need or 'hồ sơ'} để đạt ngưỡng"
    return "đạt ngưỡng" if node.points == node.component.max else ""


def out_of_note(score: Score) -> str:
    if score.out_of < score.index.max:
        return f"chấm trên {format_decimal(score.out_of)} điểm: có tiêu chí N/A hoặc chưa có số liệu"
    return ""


def costliest(score: Score, shown: int = COSTLIEST_SHOWN) -> list[Node]:
    """The items of ``score`` that lose points, the most first."""
    lost = [n for n in score.items() if n.lost > 0]
    return sorted(lost, key=lambda n: -n.lost)[:shown]


# --- The rows ------------------------------------------------------------------------------------------


def _groups(score: Score) -> Iterator[Row]:
    for group in score.groups:
        component = group.component
        yield Row(RowKind.DATA, (Cell(component.code, bold=True), Cell(component.name, bold=True, align=Align.LEFT),
                                 Cell(), Cell(), _points(group, bold=True), _number(component.max, bold=True),
                                 Cell(group_note(group), align=Align.LEFT)), component.code)
        for item in group.items():
            yield _item(item)


def _item(item: Node) -> Row:
    component = item.component
    rate = Cell() if item.rate is None else Cell(format_percent(item.rate, decimals=POINT_DECIMALS), item.rate,
                                                 POINT_DECIMALS, percent_sign=True)
    threshold = Cell(format_percent(component.threshold), component.threshold, _places(component.threshold),
                     percent_sign=True)
    return Row(RowKind.DATA, (Cell(component.code), Cell(component.name, align=Align.LEFT), rate, threshold,
                              _points(item), _number(component.max), Cell(item_note(item), align=Align.LEFT)),
               component.code)


def _totals(card: Scorecard) -> Iterator[Row]:
    score = card.score
    total = Cell("–", bold=True) if score.total is None else _number(score.total, POINT_DECIMALS, bold=True)
    yield Row(RowKind.DATA, (Cell(), Cell("Tổng điểm", bold=True, align=Align.LEFT), Cell(), Cell(), total,
                             _number(score.index.max, bold=True), Cell(out_of_note(score), align=Align.LEFT)), "total")
    if score.normalised is not None:
        yield Row(RowKind.DATA, (Cell(), Cell("Điểm quy về 0–1", align=Align.LEFT), Cell(), Cell(),
                                 _number(score.normalised), Cell(), Cell()), "normalised")
    rank = card.rank.text if card.rank else "–"
    note = "hạng/số đơn vị cùng cấp" if card.rank else "chưa xếp hạng: đơn vị chưa có điểm"
    yield Row(RowKind.DATA, (Cell(), Cell("Xếp hạng", bold=True, align=Align.LEFT), Cell(), Cell(),
                             Cell(rank, bold=True, colspan=2), Cell(note, align=Align.LEFT)), "rank")


def _costs(costs: list[Score], name: Names) -> Iterator[Row]:
    losing = [s for s in costs if s.lost > 0]
    yield Row(RowKind.SECTION, (Cell("Đơn vị cấp dưới làm mất nhiều điểm nhất", colspan=len(TITLES), bold=True,
                                     align=Align.LEFT),))
    if not losing:
        yield Row(RowKind.GROUP, (Cell("Không có đơn vị cấp dưới nào bị mất điểm.", colspan=len(TITLES),
                                       italic=True, align=Align.LEFT),))
        return
    yield Row(RowKind.GROUP, tuple(Cell(t, bold=True) for t in COSTS_TITLES))
    for score in losing:
        yield Row(RowKind.DATA, (Cell(score.unit), Cell(name(score.unit), align=Align.LEFT), Cell(), Cell(),
                                 _number(score.total, POINT_DECIMALS), _number(score.out_of),
                                 Cell(_costs_text(score), align=Align.LEFT)), score.unit)


def _costs_text(score: Score) -> str:
    items = "; ".join(f"{n.component.code} {n.component.name} (−{format_decimal(n.lost)})" for n in costliest(score))
    return f"mất {format_decimal(score.lost)} điểm: {items}"


def _points(node: Node, *, bold: bool = False) -> Cell:
    if node.points is None:
        return Cell(points_text(node), bold=bold)
    return _number(node.points, POINT_DECIMALS, bold=bold)


def _number(value: Decimal | None, decimals: int | None = None, *, bold: bool = False) -> Cell:
    if value is None:
        return Cell("–", bold=bold)
    places = _places(value) if decimals is None else decimals
    return Cell(format_decimal(value, decimals=places), value, places, bold=bold)


def _places(value: Decimal) -> int:
    return max(0, -int(value.normalize().as_tuple().exponent))


def _period(framework: Framework, hierarchy: Hierarchy, source: FigureSource, index: Index,
            options: ReportOptions) -> Period:
    if options.as_of is not None:
        return options.as_of
    if options.periods:
        return options.periods[-1]
    present = source.periods(framework, hierarchy.subtree(options.unit), index.indicators())
    if not present:
        raise InputError(f"đơn vị {options.unit} chưa có số liệu nào của chỉ số {index.code}", column="--as-of",
                         expected="--as-of và một kỳ, ví dụ 2025Q1")
    return max((Period.parse(code) for code in present), key=lambda p: (p.end, p.start))


def _unit(code: str, name: Names) -> str:
    return f"{code} {name(code)}"

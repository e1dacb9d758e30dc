"""The indicator page: its definition, where it takes part, its figures with their provenance, and history.

The figures of the unit and of the units right below it come from one computed view of this indicator
alone (with its formula's inputs, which the core adds); the history is that of the stored values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.catalog.model import Framework, Indicator, Relation, RelationKind, Target
from chiso.evaluation.kinds import target_text
from chiso.evaluation.text import deadline_label, scope_label
from chiso.i18n import Phrase
from chiso.orgunits.model import Hierarchy, OrgUnit
from chiso.periods import Period
from chiso.store import analysis, models
from chiso.values.text import number_text
from chiso.view import Figure, Provenance, Scope, View
from chiso.view.plan import chronological as by_end
from chiso.view.trees import DEFAULT_TREE, TreeChoice
from chiso.web.dashboard.charts import indicator_chart
from chiso.web.dashboard.display import (
    AGGREGATION_NAMES,
    DIRECTION_NAMES,
    ROLLUP_NAMES,
    TYPE_NAMES,
    chronological,
    completeness_text,
    language,
    origin,
    partial,
    period_label,
    value_text,
)
from chiso.web.dashboard.overview import findings

RELATION_NAMES: dict[RelationKind, Promise] = {
    RelationKind.SUM: gettext_lazy("Tổng bằng tổng các thành phần"),
    RelationKind.PART_OF: gettext_lazy("Thành phần không vượt quá tổng"),
    RelationKind.EQUAL: gettext_lazy("Hai chỉ tiêu phải bằng nhau"),
}
HISTORY_KINDS = {"+": gettext_lazy("Tạo mới"), "~": gettext_lazy("Sửa"), "-": gettext_lazy("Xoá")}


@dataclass(frozen=True)
class Link:
    """One way the indicator takes part in a check or a computation."""

    kind: str
    text: str
    codes: tuple[str, ...]  # the indicators involved, linked on the page
    note: str = ""


@dataclass(frozen=True)
class ValueRow:
    """One period of the unit: its figure as shown, where it comes from, and who entered it if it was reported."""

    figure: Figure | None  # None: a period with no figure, for the reason given as its origin
    period: str
    shown: str
    origin: str = ""  # «tổng hợp từ 87/102 xã»; "" for a reported figure
    partial: bool = False
    beside: str = ""  # what the units below add up to, when it differs from the figure the unit reported
    who: str = ""
    when: datetime | None = None
    source: str = ""  # a reported figure's source, or whose figures a composed one adds up


@dataclass(frozen=True)
class Cell:
    """A lower unit's figure in one period of the table by lower unit."""

    shown: str
    origin: str = ""
    partial: bool = False


@dataclass(frozen=True)
class Change:
    period: str
    when: datetime
    who: str
    kind: str
    old: str
    new: str
    note: str
    source: str
    reason: str

    @property
    def label(self) -> str:
        return period_label(self.period)


CHILD_PERIODS = 6  # the latest periods in the table of the units below; every one when asked (?all=1)


def page(framework: Framework, item: Indicator, unit: OrgUnit, tree: Hierarchy, every_period: bool = False,
         tree_choice: TreeChoice = DEFAULT_TREE) -> dict[str, object]:
    """Everything the indicator page shows for one unit on the units of ``tree_choice`` (``tree``)."""
    view = analysis.view(framework.code, unit.code, indicators=[item.code], tree=tree_choice)
    records, series = _owned(tree, unit.code, _records(framework, item, unit.code)), view.series(item.code)
    # A province has a hundred communes: their figures are computed for the periods the table shows only.
    ordered = sorted(view.periods, key=by_end)  # of periods ending together the longest last: the year
    chosen = ordered if every_period else ordered[-CHILD_PERIODS:]
    below = analysis.view(framework.code, unit.code, indicators=[item.code], scope=Scope.CHILDREN,
                          periods=chosen, present=view.present, tree=tree_choice) \
        if chosen and tree.children(unit.code) else view
    periods, child_rows = child_table(item, tree, unit, below)
    return {"indicator": item, "definition": definition(framework, item), "links": links(framework, item.code),
            "child_periods_all": len(view.periods),
            "targets": [target_row(framework, item, t, tree) for t in item.targets],
            "rows": value_rows(item, series, records, gaps(view, item.code, unit.code)),
            "children": tree.children(unit.code),
            "child_periods": periods, "child_rows": child_rows, "charts": [indicator_chart(item, series)],
            "findings": findings(framework, unit, tree, item.code, tree_choice), "history": history(item, records)}


def gaps(view: View, indicator: str, unit: str) -> dict[str, str]:
    """Period code → why the unit has no figure there, in the page's language: «chưa có số liệu của …»."""
    return {period: reason.render(language()) for (code, of, period), reason in view.gaps.items()
            if code == indicator and of == unit and view.figure(code, of, period) is None}


@dataclass(frozen=True)
class TargetRow:
    target: Target
    text: str  # the core's words for the target and its deadline, and whom it is set for
    deadline: str
    scope: str
    baseline: str


def target_row(framework: Framework, indicator: Indicator, target: Target, tree: Hierarchy) -> TargetRow:
    baseline = number_text(indicator, target.baseline.value) if target.baseline else ""
    return TargetRow(target, target_text(framework, target), deadline_label(target.due),
                     scope_label(target.scope, tree.name), baseline)


def definition(framework: Framework, indicator: Indicator) -> list[tuple[str, str]]:
    """Label and text of each property of the indicator, blank ones included so nothing seems missing."""
    section = framework.section_of(indicator)
    return [
        (_("Mã"), indicator.code), (_("Tên chỉ tiêu"), indicator.name), (_("Tên tiếng Anh"), indicator.name_en),
        (_("Thuộc mục"), f"{section.code}. {section.title}" if section else ""),
        (_("Chỉ tiêu cha"), indicator.parent), (_("Loại giá trị"), str(TYPE_NAMES[indicator.value_type])),
        (_("Đơn vị tính"), indicator.unit),
        (_("Số chữ số thập phân"), "" if indicator.decimals is None else str(indicator.decimals)),
        (_("Chiều tốt"), str(DIRECTION_NAMES[indicator.direction]) if indicator.direction else ""),
        (_("Tổng hợp từ đơn vị cấp dưới"), str(AGGREGATION_NAMES[indicator.aggregation])),
        (_("Cộng dồn theo kỳ"), str(ROLLUP_NAMES[indicator.period_rollup])),
        (_("Các mức (tốt nhất trước)"), ", ".join(indicator.levels)),
        (_("Được vượt 100%"), str(_("Có") if indicator.may_exceed_100 else _("Không"))),
    ]


def links(framework: Framework, code: str) -> list[Link]:
    """Relations, formulas and rules of the framework that mention the indicator."""
    found = [_relation_link(r) for r in framework.relations if code == r.left or code in r.right]
    found += [Link(str(_("Công thức")), f"{i.code} = {i.formula.text}", (i.code, *i.formula.references))
              for i in framework.derived() if i.formula and (code == i.code or code in i.formula.references)]
    found += [Link(str(_("Quy tắc kiểm tra")), r.expression.text, r.expression.references, r.message)
              for r in framework.rules if code in r.expression.references]
    return found


def _relation_link(relation: Relation) -> Link:
    joiner = {RelationKind.SUM: " = ", RelationKind.PART_OF: " ≤ ", RelationKind.EQUAL: " = "}[relation.kind]
    right = " + ".join(relation.right) if relation.kind is RelationKind.SUM else ", ".join(relation.right)
    return Link(str(RELATION_NAMES[relation.kind]), relation.left + joiner + right,
                (relation.left, *relation.right), relation.note)


def value_rows(indicator: Indicator, figures: list[Figure], records: list[Any],
               missing: dict[str, str] | None = None) -> list[ValueRow]:
    """The unit's figure in each period; a reported one with who entered it, as its latest record says; a
    period with no figure, "-" with the reason (``missing``, by period code)."""
    latest = {record.period: record for record in records}  # records are oldest first
    rows = [(f.period, _value_row(indicator, f, latest.get(f.period))) for f in figures]
    rows += [(code, ValueRow(None, period_label(code), "-", reason)) for code, reason in (missing or {}).items()]
    return [row for _, row in sorted(rows, key=lambda pair: chronological(pair[0]))]


def _value_row(indicator: Indicator, figure: Figure, record: Any) -> ValueRow:
    """``record`` is the period's latest history record (``Any``: simple_history builds its class at run time)."""
    made = origin(figure)
    reported = record is not None and record.history_type != "-" and not made
    return ValueRow(figure, period_label(figure.period), value_text(indicator, figure.value), made,
                    partial(figure), _beside(indicator, figure), record.recorded_by if reported else "",
                    record.recorded_at if reported else None,
                    figure.source if not made or figure.provenance is Provenance.COMPOSED else "")


def _beside(indicator: Indicator, figure: Figure) -> str:
    """«các đơn vị cấp dưới cộng lại: 185 (3/3 xã)», beside a figure the unit reported that differs from it."""
    found = figure.beside
    if found is None or found.number == figure.number:
        return ""
    return _("các đơn vị cấp dưới cộng lại: %(value)s (%(units)s)") % {
        "value": value_text(indicator, found.value), "units": completeness_text(found.completeness)}


def child_table(indicator: Indicator, tree: Hierarchy, unit: OrgUnit,
                view: View) -> tuple[list[str], list[tuple[OrgUnit, list[Cell]]]]:
    """Period labels, and for each child unit its figure in each period ("–" where it has none)."""
    children = sorted(tree.children(unit.code), key=lambda u: u.code)
    found = {(f.unit, f.period): f for f in view.figures.values()
             if f.indicator == indicator.code and f.unit != unit.code}
    periods = sorted({period for _, period in found}, key=chronological)
    rows = [(child, [_cell(indicator, found.get((child.code, p)), view.gap(indicator.code, child.code, p))
                     for p in periods]) for child in children]
    return [period_label(p) for p in periods], rows


def _cell(indicator: Indicator, figure: Figure | None, gap: Phrase | None = None) -> Cell:
    if figure is None:
        return Cell("-", gap.render(language())) if gap is not None else Cell("–")
    return Cell(value_text(indicator, figure.value), origin(figure), partial(figure))


def _records(framework: Framework, indicator: Indicator, unit: str) -> list[Any]:
    """Every recorded version of the indicator's values for the unit, oldest first."""
    return list(models.Value.history.select_related("history_user")
                .filter(framework__code=framework.code, indicator=indicator.code, org_unit__code=unit)
                .order_by("history_date", "history_id"))


def _owned(tree: Hierarchy, code: str, records: list[Any]) -> list[Any]:
    """The records of the values that are the tree's unit's: on the new tree, not those of an earlier unit of
    the same code (the old Đắk Lắk's 2023 is no value of the new one)."""
    if not tree.versioned or len(tree.versions.get(code, [])) < 2:
        return records
    return [record for record in records if tree.owns(code, Period.parse(record.period))]


def history(indicator: Indicator, records: list[Any]) -> list[Change]:
    """Every recorded version of every value of the indicator for the unit, deleted ones included."""
    changes: list[Change] = []
    previous: dict[str, str] = {}
    for record in records:
        changes.append(_change(indicator, record, previous.get(record.period)))
        previous[record.period] = record.value
    return sorted(changes, key=lambda c: (chronological(c.period), c.when))


def _change(indicator: Indicator, record: Any, old: str | None) -> Change:
    """One history record; ``Any`` because simple_history builds its model class at run time."""
    who = record.history_user.get_username() if record.history_user is not None else record.recorded_by
    deleted = record.history_type == "-"  # a deletion record holds the value that was removed
    before = record.value if deleted else old
    return Change(record.period, record.history_date, who or _("(không ghi)"),
                  str(HISTORY_KINDS.get(record.history_type, record.history_type)),
                  value_text(indicator, before) if before is not None else "",
                  "" if deleted else value_text(indicator, record.value),
                  record.note, record.source, record.history_change_reason or "")

"""The indicator page: its definition, where it takes part, and every value with its full history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.catalog.model import Framework, Indicator, Relation, RelationKind
from chiso.orgunits.model import Hierarchy, OrgUnit
from chiso.store import models, services
from chiso.values.model import Value
from chiso.web.dashboard.charts import indicator_chart
from chiso.web.dashboard.display import (
    AGGREGATION_NAMES,
    DIRECTION_NAMES,
    TYPE_NAMES,
    chronological,
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
    value: Value
    period: str
    shown: str


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


def page(framework: Framework, item: Indicator, unit: OrgUnit, tree: Hierarchy) -> dict[str, object]:
    """Everything the indicator page shows for one unit, nothing left out."""
    everything = services.values(framework.code, unit.code)  # checks read related indicators too
    values = [v for v in everything if v.indicator == item.code]
    children = services.values(framework.code, units=[c.code for c in tree.children(unit.code)])
    periods, child_rows = child_table(item, tree, unit, children)
    return {"indicator": item, "definition": definition(framework, item), "links": links(framework, item.code),
            "rows": value_rows(item, values), "children": tree.children(unit.code), "child_periods": periods,
            "child_rows": child_rows, "charts": [indicator_chart(item, values)],
            "findings": findings(framework, everything, unit.code, item.code),
            "history": history(framework, item, unit.code)}


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


def value_rows(indicator: Indicator, values: list[Value]) -> list[ValueRow]:
    mine = sorted((v for v in values if v.indicator == indicator.code), key=lambda v: chronological(v.period))
    return [ValueRow(v, period_label(v.period), value_text(indicator, v.value)) for v in mine]


def child_table(indicator: Indicator, tree: Hierarchy, unit: OrgUnit,
                values: list[Value]) -> tuple[list[str], list[tuple[OrgUnit, list[str]]]]:
    """Period labels, and for each child unit its value in each period ("–" where it reported none)."""
    children = sorted(tree.children(unit.code), key=lambda u: u.code)
    mine = {(v.unit, v.period): v for v in values if v.indicator == indicator.code}
    periods = sorted({period for _, period in mine}, key=chronological)
    rows = [(child, [value_text(indicator, mine[child.code, p].value) if (child.code, p) in mine else "–"
                     for p in periods]) for child in children]
    return [period_label(p) for p in periods], rows


def history(framework: Framework, indicator: Indicator, unit: str) -> list[Change]:
    """Every recorded version of every value of the indicator for the unit, deleted ones included."""
    records = (models.Value.history.select_related("history_user")
               .filter(framework__code=framework.code, indicator=indicator.code, org_unit__code=unit)
               .order_by("history_date", "history_id"))
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

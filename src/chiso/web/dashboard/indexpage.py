"""The index page: a composite index (QĐ 766, DTI) of one unit and period, its rank among its peers, what each
threshold needs, and the units right below that cost it the most points, each linking to its own page.

Scores are the core's (``chiso.store.analysis.index_scorecard`` and ``index_costs``), the ones `chiso index
show` and the index card report give; the page only words them. A user reads only the units of their scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from chiso.catalog.model import Framework
from chiso.errors import InputError
from chiso.indices.model import Index
from chiso.indices.score import Node, Score, Status
from chiso.orgunits.model import Hierarchy, OrgUnit
from chiso.periods import Period
from chiso.reports.layouts.index_card import costliest
from chiso.store import analysis, services
from chiso.values.numbers import format_decimal, format_percent
from chiso.web.dashboard import access
from chiso.web.dashboard.display import period_label

STATUS_NAMES: dict[Status, Promise] = {Status.SCORED: gettext_lazy("Có điểm"), Status.NA: gettext_lazy("N/A"),
                                       Status.MISSING: gettext_lazy("Chưa có số liệu")}
POINT_DECIMALS = 2


@dataclass(frozen=True)
class ItemRow:
    """One group or item of the scorecard as the page shows it."""

    code: str
    name: str
    group: bool
    rate: str
    threshold: str
    points: str
    max: str
    note: str
    status: str  # scored, na, missing: the row's style


@dataclass(frozen=True)
class UnitRow:
    """A unit below (or a peer) with its points, what it loses and where."""

    code: str
    name: str
    total: str
    out_of: str
    lost: str
    costliest: str
    readable: bool  # linked to its own page


@require_GET
@access.public_or_login
def index_page(request: HttpRequest, framework: str, index: str) -> HttpResponse:
    chosen = access.chosen_framework(request, framework)
    declared = chosen.index(index)
    if declared is None:
        raise Http404(_("Bộ chỉ tiêu %(framework)s không có chỉ số %(index)s.") % {"framework": framework,
                                                                                  "index": index})
    tree = services.hierarchy()
    unit = access.chosen_unit(request, tree)
    periods = _periods(chosen, declared, unit.code)
    period = _asked(request, periods)
    return render(request, "dashboard/index.html", {
        "framework": chosen, "index": declared, "unit": unit, "units": access.viewable_units(request, tree),
        "frameworks": sorted(services.frameworks().values(), key=lambda f: f.code),
        "periods": [(p.code, period_label(p)) for p in periods], "period": period,
        **(_scored(request, chosen, declared, unit, tree, period) if period else {})})


def _scored(request: HttpRequest, framework: Framework, index: Index, unit: OrgUnit, tree: Hierarchy,
            period: Period) -> dict[str, object]:
    card = analysis.index_scorecard(framework.code, unit.code, period, index=index.code, peers=True)
    costs = analysis.index_costs(framework.code, unit.code, period, index=index.code)
    readable = access.readable_units(request, tree)
    score = card.score
    return {"rows": [row for group in score.groups for row in _group_rows(group)],
            "total": _points(score.total), "index_max": _n(index.max), "out_of": _n(score.out_of),
            "partly": score.out_of < index.max, "normalised": _n(score.normalised) if score.normalised else "",
            "rank": card.rank.text if card.rank else "", "period_label": period_label(period),
            "costs": [_unit_row(s, tree, readable(s.unit)) for s in costs if s.lost > 0],
            "unscored_below": sum(1 for s in costs if s.total is None),
            "peers": [_unit_row(s, tree, readable(s.unit)) for s in card.peers]}


def _group_rows(group: Node) -> list[ItemRow]:
    component = group.component
    note = _("chấm trên %(points)s điểm") % {"points": _n(group.out_of)} \
        if group.points is not None and group.out_of < component.max else ""
    head = ItemRow(component.code, component.name, True, "", "", _node_points(group), _n(component.max),
                   note, group.status.value)
    return [head, *(_item_row(item) for item in group.items())]


def _item_row(item: Node) -> ItemRow:
    component = item.component
    rate = "" if item.rate is None else format_percent(item.rate, decimals=POINT_DECIMALS)
    return ItemRow(component.code, component.name, False, rate, format_percent(component.threshold),
                   _node_points(item), _n(component.max), need_text(item), item.status.value)


def need_text(item: Node) -> str:
    """What reaching the item's threshold needs, in the page's language."""
    if item.status is Status.NA:
        return _("mẫu số bằng 0: không tính điểm")
    if item.status is Status.MISSING:
        return str(STATUS_NAMES[Status.MISSING])
    if item.need:
        words = {"count": _n(Decimal(item.need)), "what": item.component.need}
        if item.component.lower_is_better:
            return (_("cần giảm %(count)s %(what)s để đạt ngưỡng") if words["what"] else
                    _("cần giảm %(count)s hồ sơ để đạt ngưỡng")) % words
        return (_("cần thêm %(count)s %(what)s để đạt ngưỡng") if words["what"] else
                _("cần thêm %(count)s hồ sơ để đạt ngưỡng")) % words
    return _("đạt ngưỡng") if item.points == item.component.max else ""


def _unit_row(score: Score, tree: Hierarchy, readable: bool) -> UnitRow:
    worst = "; ".join(f"{n.component.code} {n.component.name} (−{_n(n.lost)})" for n in costliest(score))
    return UnitRow(score.unit, tree.name(score.unit), _points(score.total), _n(score.out_of), _n(score.lost),
                   worst, readable)


def _periods(framework: Framework, index: Index, unit: str) -> list[Period]:
    """The periods with figures of the index's indicators in the unit or below it, the latest first."""
    snapshot, source = analysis.on_tree(framework.code, unit, None)
    codes = source.periods(framework, snapshot.subtree(unit) if unit in snapshot else {unit}, index.indicators())
    return sorted((Period.parse(code) for code in codes), key=lambda p: (p.end, p.start), reverse=True)


def _asked(request: HttpRequest, periods: list[Period]) -> Period | None:
    """The period asked for (``?period=2025Q1``), else the latest with figures; 404 for a code not a period."""
    asked = request.GET.get("period", "")
    if not asked:
        return periods[0] if periods else None
    try:
        return Period.parse(asked)
    except InputError:
        raise Http404(_("«%(period)s» không phải là một kỳ.") % {"period": asked}) from None


def _node_points(node: Node) -> str:
    if node.status is Status.NA:
        return str(STATUS_NAMES[Status.NA])
    return _points(node.points)


def _points(value: Decimal | None) -> str:
    return "–" if value is None else format_decimal(value, decimals=POINT_DECIMALS)


def _n(value: Decimal | None) -> str:
    return "–" if value is None else format_decimal(value)

"""For leaders: the targets of one status, or those whose forecast says the deadline will be missed.

Statuses and forecasts are the core's (``chiso.store.analysis.evaluations``); this module only picks the
evaluations a card on the dashboard stands for, so the list a card opens has exactly as many rows as it counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.catalog.model import Framework
from chiso.evaluation import Evaluation
from chiso.evaluation.risk import at_risk
from chiso.orgunits.model import Hierarchy, OrgUnit
from chiso.store import analysis
from chiso.values.model import EvaluationStatus
from chiso.view import Scope
from chiso.web.dashboard.display import STATUS_NAMES
from chiso.web.dashboard.overview import TargetRow, target_rows

AT_RISK = "at_risk"
AT_RISK_NAME = gettext_lazy("Có nguy cơ không đạt đúng hạn")
@dataclass(frozen=True)
class Listed:
    """One target of the list a card opens, with the unit it is judged for."""

    row: TargetRow
    unit: OrgUnit
    lower: bool  # the unit has units below it, to compare on the indicator


def status_name(status: str) -> Promise:
    """The heading of a list: a status's name, or «có nguy cơ…»; 404 for anything else."""
    if status == AT_RISK:
        return AT_RISK_NAME
    try:
        return STATUS_NAMES[EvaluationStatus(status)]
    except ValueError:
        raise Http404(_("Không có trạng thái đánh giá «%(status)s».") % {"status": status}) from None


def chosen(evaluations: list[Evaluation], status: str) -> list[Evaluation]:
    """The evaluations a card counts: of one status, or at risk."""
    if status == AT_RISK:
        return at_risk(evaluations)
    return [e for e in evaluations if e.status.value == status]


def listed(framework: Framework, unit: OrgUnit, tree: Hierarchy, status: str, below: bool) -> list[Listed]:
    """The targets of ``unit`` (with ``below``, of every unit below it too) that a card of ``status`` counts."""
    status_name(status)
    found = chosen(analysis.evaluations(framework.code, unit.code, below=below), status)
    if not found:
        return []
    codes = sorted({e.indicator for e in found})
    view = analysis.view(framework.code, unit.code, indicators=codes, scope=Scope.SUBTREE if below else Scope.UNIT)
    rows = target_rows(framework, found, view)
    units = [_unit_of(tree, row.evaluation, unit) for row in rows]
    return [Listed(row, judged, bool(tree.children(judged.code))) for row, judged in zip(rows, units, strict=True)]


def _unit_of(tree: Hierarchy, evaluation: Evaluation, fallback: OrgUnit) -> OrgUnit:
    """The unit judged; a group, not in the tree of units, is the page's own unit."""
    if evaluation.unit not in tree:
        return fallback
    return tree[evaluation.unit]

"""What the dashboard shows for one framework and unit: target statuses, key rates, findings, pending work.

Everything is read from the core through the store (``chiso.store.analysis``): the unit's figures from the
computed view, so a province whose communes report shows their totals; its evaluations; and the findings
of the unit and of every unit below it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.functional import Promise

from chiso.catalog.model import Framework
from chiso.checks import ERROR, Finding
from chiso.evaluation import Evaluation
from chiso.evaluation.risk import at_risk
from chiso.evaluation.units import target_indicators
from chiso.orgunits.model import Hierarchy, OrgUnit
from chiso.store import analysis
from chiso.store.models import Submission, SubmissionStatus
from chiso.values.model import EvaluationStatus
from chiso.values.text import number_text
from chiso.view import Figure, View
from chiso.view.trees import DEFAULT_TREE, TreeChoice
from chiso.web.accounts import permissions
from chiso.web.dashboard.charts import key_rate_codes, rate_charts
from chiso.web.dashboard.display import FORECAST_NAMES, SEVERITY_NAMES, STATUS_NAMES, origin, partial, period_label


@dataclass(frozen=True)
class StatusCount:
    key: str  # the CSS class of the badge: exceeded, met, not_met, no_data, manual
    label: Promise
    count: int


@dataclass(frozen=True)
class TargetRow:
    evaluation: Evaluation
    name: str
    status: Promise
    recorded: Promise | None  # the official's own evaluation, shown beside chiso's
    period: str  # label of the period the result is from
    forecast: Promise | None = None  # where a numeric target is heading, when it can be told
    origin: str = ""  # how the result was made when it was not reported: «tổng hợp từ 87/102 xã»
    partial: bool = False  # made from fewer units than expected
    projected: str = ""  # the value the forecast expects by the deadline


@dataclass(frozen=True)
class FindingRow:
    finding: Finding
    severity: Promise
    period: str
    unit: str = ""  # the name of the unit the finding is about: the page's unit or one below it

    @property
    def is_error(self) -> bool:
        return self.finding.severity == ERROR


@dataclass(frozen=True)
class PendingRow:
    submission: Submission
    period: str
    href: str  # the entry app's page; built as text because that app owns the route


def dashboard(framework: Framework, unit: OrgUnit, tree: Hierarchy,
              tree_choice: TreeChoice = DEFAULT_TREE) -> dict[str, object]:
    """The counts, evaluations, charts and findings of ``unit`` on the units of ``tree_choice`` (``tree``)."""
    codes = sorted({*key_rate_codes(framework), *target_indicators(framework)})
    view = analysis.view(framework.code, unit.code, indicators=codes, tree=tree_choice)
    found = analysis.evaluations(framework.code, unit.code, tree=tree_choice)
    rows = target_rows(framework, found, view)
    return {"counts": status_counts(found), "targets": rows, "at_risk": at_risk_rows(rows),
            "charts": rate_charts(framework, view),
            "findings": findings(framework, unit, tree, tree_choice=tree_choice)}


def status_counts(found: list[Evaluation]) -> list[StatusCount]:
    """Every status in a fixed order, zero included, so the row of counts never shifts."""
    counted = Counter(e.status for e in found)
    return [StatusCount(s.value, STATUS_NAMES[s], counted[s]) for s in EvaluationStatus]


def target_rows(framework: Framework, found: list[Evaluation], view: View) -> list[TargetRow]:
    """Each evaluation with the figure it was judged on, that of its own unit (a view of a subtree has many)."""
    return [_target_row(framework, e, view.figure(e.indicator, e.unit or view.unit, e.period) if e.period else None)
            for e in found]


def _target_row(framework: Framework, evaluation: Evaluation, figure: Figure | None) -> TargetRow:
    indicator, forecast = framework.indicator(evaluation.indicator), evaluation.forecast
    projected = forecast.projected if forecast is not None else None
    return TargetRow(evaluation, indicator.name, STATUS_NAMES[evaluation.status],
                     _recorded(evaluation), period_label(evaluation.period) if evaluation.period else "",
                     FORECAST_NAMES[forecast.status] if forecast else None,
                     origin(figure) if figure else "", partial(figure) if figure else False,
                     number_text(indicator, projected, decimals=2) if projected is not None else "")


def at_risk_rows(rows: list[TargetRow]) -> list[TargetRow]:
    """The dashboard's target rows of :func:`at_risk`, in its order."""
    risky = [id(e) for e in at_risk([r.evaluation for r in rows])]
    by_evaluation = {id(r.evaluation): r for r in rows}
    return [by_evaluation[key] for key in risky]


def _recorded(evaluation: Evaluation) -> Promise | None:
    status = evaluation.recorded.status if evaluation.recorded else None
    return STATUS_NAMES[status] if status else None


def findings(framework: Framework, unit: OrgUnit, tree: Hierarchy, indicator: str | None = None,
             tree_choice: TreeChoice = DEFAULT_TREE) -> list[FindingRow]:
    """The findings of the unit and every unit below it, errors first, each naming its unit."""
    found = analysis.findings(framework.code, unit.code, tree=tree_choice)
    return [FindingRow(f, SEVERITY_NAMES.get(f.severity, SEVERITY_NAMES[ERROR]), period_label(f.period),
                       tree[f.unit].name if f.unit in tree else f.unit)
            for f in found if indicator is None or f.indicator == indicator]


def awaiting_approval(user: AbstractBaseUser | AnonymousUser) -> list[PendingRow]:
    """Submissions sent for approval by any unit in the user's scope, oldest first."""
    scope = permissions.scope(user)
    if not scope:
        return []
    query = (Submission.objects.select_related("framework", "org_unit", "updated_by")
             .filter(status=SubmissionStatus.SUBMITTED, org_unit__code__in=scope).order_by("updated_at"))
    return [PendingRow(s, period_label(s.period), _entry_href(s)) for s in query]


def _entry_href(submission: Submission) -> str:
    return f"/nhap-lieu/{submission.framework.code}/{submission.org_unit.code}/{submission.period}/"

"""What the dashboard shows for one framework and unit: target statuses, key rates, findings, pending work."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.functional import Promise

from chiso.catalog.model import Framework
from chiso.checks import ERROR, Finding, run_checks
from chiso.evaluation import Evaluation, evaluate
from chiso.store import services
from chiso.store.models import Submission, SubmissionStatus
from chiso.values.model import EvaluationStatus, Value
from chiso.web.accounts import permissions
from chiso.web.dashboard.display import FORECAST_NAMES, SEVERITY_NAMES, STATUS_NAMES, period_label


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


@dataclass(frozen=True)
class FindingRow:
    finding: Finding
    severity: Promise
    period: str

    @property
    def is_error(self) -> bool:
        return self.finding.severity == ERROR


@dataclass(frozen=True)
class PendingRow:
    submission: Submission
    period: str
    href: str  # the entry app's page; built as text because that app owns the route


def evaluations(framework: Framework, values: list[Value], unit: str) -> list[Evaluation]:
    recorded = services.recorded_evaluations(framework.code, unit)
    return evaluate(framework, values, recorded, unit=unit)


def status_counts(found: list[Evaluation]) -> list[StatusCount]:
    """Every status in a fixed order, zero included, so the row of counts never shifts."""
    counted = Counter(e.status for e in found)
    return [StatusCount(s.value, STATUS_NAMES[s], counted[s]) for s in EvaluationStatus]


def target_rows(framework: Framework, found: list[Evaluation]) -> list[TargetRow]:
    return [TargetRow(e, framework.indicator(e.indicator).name, STATUS_NAMES[e.status], _recorded(e),
                      period_label(e.period) if e.period else "",
                      FORECAST_NAMES[e.forecast.status] if e.forecast else None) for e in found]


def _recorded(evaluation: Evaluation) -> Promise | None:
    status = evaluation.recorded.status if evaluation.recorded else None
    return STATUS_NAMES[status] if status else None


def findings(framework: Framework, values: list[Value], unit: str, indicator: str | None = None) -> list[FindingRow]:
    """The unit's findings, errors first, messages as the checks wrote them."""
    found = run_checks(framework, values, unit=unit)
    return [FindingRow(f, SEVERITY_NAMES.get(f.severity, SEVERITY_NAMES[ERROR]), period_label(f.period))
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

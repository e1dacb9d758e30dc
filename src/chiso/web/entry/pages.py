"""What the entry form and its live preview show: rows, computed rates, findings and what the user may do."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.urls import reverse

from chiso.checks import Finding, run_checks
from chiso.store import models, services
from chiso.store.models import Submission, SubmissionStatus
from chiso.values import model as core
from chiso.view import Figure
from chiso.web.accounts import permissions
from chiso.web.entry import rows as layout
from chiso.web.entry.history import submission_history, value_history
from chiso.web.entry.review import review
from chiso.web.entry.sheet import Sheet, derived_values, rates
from chiso.web.entry.workflow import EDITABLE, Target, records

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Computed:
    """What the core makes of a form's values: the rates of its period, and the findings of the checks."""

    rates: dict[str, Figure]
    findings: list[Finding]


def computed(target: Target, values: Mapping[str, str]) -> Computed:
    """The rates and checks of this unit and period as the form would leave them.

    Other periods are read as stored, with their rates derived the same way, so that a jump into this
    period is measured from the one before it, rates included.
    """
    code, unit, period = target.framework.code, target.unit.code, target.period.code
    held = _held(target)
    others = [v for v in services.values(framework=code, unit=unit) if v.period != period and held(v.indicator)]
    values = {c: text for c, text in values.items() if held(c)}
    current = target.rates(values)
    earlier = {key: f for key, f in rates(target.framework, target.org_unit, others).items() if key[1] != period}
    typed = [core.Value(code, c, unit, period, text) for c, text in values.items()]
    derived = derived_values(code, {**earlier, **{(c, period): f for c, f in current.items()}})
    return Computed(current, run_checks(target.framework, others + typed + derived, unit=unit, period=period))


def _held(target: Target) -> Callable[[str], bool]:
    """Whether the form reads a stored value of this code: those of its own indicators, and those the framework
    does not know at all (shown apart, as loose findings); not those of indicators the unit is not asked."""
    form, whole = target.framework, services.frameworks()[target.framework.code]
    return lambda code: form.has(code) or not whole.has(code)


def editable(user: User, target: Target, submission: Submission | None) -> bool:
    status = submission.status if submission is not None else SubmissionStatus.DRAFT
    return status in EDITABLE and permissions.can_enter(user, target.unit.code)


def form_context(user: User, target: Target, sheet: Sheet | None = None, message: str = "") -> dict[str, object]:
    submission = target.submission()
    may_edit = editable(user, target, submission)
    stored = records(target)
    state = _state(target, stored, sheet, may_edit)
    actions = _actions(user, target, submission)
    rows = layout.build(state)
    # Who decides reads each row against the period before, and the findings beside the buttons.
    found = review(target) if actions["can_decide"] else None
    return {
        "target": target, "submission": submission, "editable": may_edit, "message": message,
        "rows": rows, "lines": [(row, found.before.get(row.code) if found else None) for row in rows],
        "review": found, "columns": 8 if found else 6, **summary(state),
        "status": submission.status if submission else "no_data",
        "status_label": submission.get_status_display() if submission else "",
        "locked": submission is not None and submission.locked,
        **actions,
        "steps": submission_history(submission),
        "form_url": _url("entry:form", target), "preview_url": _url("entry:preview", target),
    }


def preview_context(target: Target, sheet: Sheet) -> dict[str, object]:
    state = _state(target, records(target), sheet, True)
    return {"rows": layout.build(state), **summary(state)}


def _state(target: Target, stored: Mapping[str, models.Value], sheet: Sheet | None, may_edit: bool) -> layout.State:
    """Editable forms show rates computed from the inputs; read-only ones what is stored, and the rates the
    view derives where none is (as the dashboard shows them)."""
    fw = target.framework
    if sheet is not None:
        values = sheet.values
    else:
        values = {c: r.value for c, r in stored.items()
                  if not may_edit or not fw.has(c) or not fw.indicator(c).is_derived}
    found = computed(target, values)
    history = value_history(fw, target.framework_record.pk, target.unit.pk, target.period.code)
    return layout.State(fw, stored, found.rates, found.findings, history, sheet)


def summary(state: layout.State) -> dict[str, object]:
    found = list(state.findings)
    errors, warnings = layout.counts(found)
    return {"errors": errors, "warnings": warnings,
            "invalid": len(state.sheet.errors) if state.sheet is not None else 0,
            "loose": [f for f in found if not state.framework.has(f.indicator)]}


def _actions(user: User, target: Target, submission: Submission | None) -> dict[str, bool]:
    status = submission.status if submission else None
    unit = target.unit.code
    return {"can_decide": status == SubmissionStatus.SUBMITTED and permissions.can_approve(user, unit),
            "can_reopen": status == SubmissionStatus.APPROVED and permissions.can_reopen(user, unit)}


def _url(name: str, target: Target) -> str:
    return reverse(name, args=[target.framework.code, target.unit.code, target.period.code])

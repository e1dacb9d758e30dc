"""The change history an entry form shows: per value (who, when, old → new, note) and per submission."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from chiso.catalog.model import Framework
from chiso.store import models
from chiso.store.models import Submission, SubmissionStatus
from chiso.web.entry.sheet import display

# simple_history builds its historical models at run time, so they have no static type.
Historical = Any

ACTIONS = {
    "save": _("Lưu bản nháp"),
    "submit": _("Gửi duyệt"),
    "approve": _("Phê duyệt"),
    "reject": _("Trả lại"),
    "reopen": _("Mở lại"),
}


@dataclass(frozen=True)
class Change:
    """One change of one value: ``old`` is empty when it was created, ``new`` when it was deleted."""

    when: datetime
    who: str
    old: str
    new: str
    note: str
    deleted: bool


@dataclass(frozen=True)
class Step:
    """One step of a submission: who moved it to which status, when, and why."""

    when: datetime
    who: str
    status: str
    action: str
    comment: str


def person(historical: Historical) -> str:
    """Who made a change: the signed-in user, or what the CLI recorded (``cli:…``)."""
    user = historical.history_user
    return str(user.get_username()) if user is not None else str(historical.recorded_by)


def value_history(framework: Framework, framework_id: int, unit_id: int, period: str) -> dict[str, list[Change]]:
    """Each indicator's changes in one unit × period, newest first."""
    rows = models.Value.history.filter(framework_id=framework_id, org_unit_id=unit_id, period=period, origin="")
    found: dict[str, list[Change]] = {}
    previous: dict[str, str] = {}
    for row in rows.select_related("history_user").order_by("history_date", "history_id"):
        code = row.indicator
        shown = _shown(framework, code, row.value)
        deleted = row.history_type == "-"
        found.setdefault(code, []).append(Change(row.history_date, person(row), previous.get(code, ""),
                                                 "" if deleted else shown, row.note, deleted))
        previous[code] = "" if deleted else shown
    return {code: changes[::-1] for code, changes in found.items()}


def _shown(framework: Framework, code: str, text: str) -> str:
    return display(framework.indicator(code), text) if framework.has(code) else text


def submission_history(submission: Submission | None) -> list[Step]:
    """The submission's steps, newest first."""
    if submission is None:
        return []
    steps = submission.history.select_related("history_user").order_by("-history_date", "-history_id")
    return [Step(row.history_date, row.history_user.get_username() if row.history_user else "",
                 str(SubmissionStatus(row.status).label),
                 str(ACTIONS.get(row.history_change_reason or "", "")), row.comment) for row in steps]

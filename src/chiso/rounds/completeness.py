"""Each unit's standing in a round, and the round's tally: expected, submitted, approved, on time, late, missing.

A report counts as submitted once it was sent and not returned: awaiting approval or approved. It is on
time when it was first sent by the due date. A returned report is counted apart until it is sent again;
a draft is missing. The rates are percentages of the units expected, as DHIS2's reporting rates are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from chiso.rounds.model import EntryWindow


class Standing(StrEnum):
    MISSING = "missing"  # nothing sent (no form, or a draft)
    RETURNED = "returned"  # sent back by the approver, to be fixed and sent again
    SUBMITTED = "submitted"  # sent, awaiting approval
    APPROVED = "approved"


SENT = (Standing.SUBMITTED, Standing.APPROVED)
_BY_STATUS = {"draft": Standing.MISSING, "submitted": Standing.SUBMITTED, "approved": Standing.APPROVED,
              "rejected": Standing.RETURNED}


@dataclass(frozen=True)
class UnitReport:
    """What the store knows of one unit's report for a round: its submission's status and when it was first sent."""

    unit: str
    status: str = ""  # a submission status: draft, submitted, approved, rejected; "" for no submission
    first_sent: date | None = None


@dataclass(frozen=True)
class UnitStanding:
    unit: str
    standing: Standing
    late: bool  # first sent after the due date, or not sent and the due date has passed
    first_sent: date | None


def standing(report: UnitReport, window: EntryWindow, today: date) -> UnitStanding:
    found = _BY_STATUS.get(report.status, Standing.MISSING)
    if found in SENT or found is Standing.RETURNED:
        late = report.first_sent is not None and window.is_late(report.first_sent)
    else:
        late = window.is_late(today)
    return UnitStanding(report.unit, found, late, report.first_sent)


@dataclass(frozen=True)
class Completeness:
    """The tally of one round over the units expected to report it."""

    expected: int
    submitted: int
    approved: int
    on_time: int
    late: int  # sent after the due date
    returned: int
    missing: int  # nothing sent: drafts and units with no form
    overdue: int  # missing or returned once the due date has passed

    @property
    def rate(self) -> Decimal | None:
        """The reporting rate: submitted over expected, in percent (None when nobody is expected)."""
        return _percent(self.submitted, self.expected)

    @property
    def on_time_rate(self) -> Decimal | None:
        return _percent(self.on_time, self.expected)

    @property
    def approved_rate(self) -> Decimal | None:
        return _percent(self.approved, self.expected)


def tally(expected: Iterable[str], reports: Mapping[str, UnitReport], window: EntryWindow,
          today: date) -> tuple[Completeness, list[UnitStanding]]:
    """The round's tally and each expected unit's standing, in the order given."""
    rows = [standing(reports.get(unit, UnitReport(unit)), window, today) for unit in expected]
    counts = Counter(row.standing for row in rows)
    sent = [row for row in rows if row.standing in SENT]
    late = sum(1 for row in sent if row.late)
    overdue = sum(1 for row in rows if row.standing not in SENT and window.is_late(today))
    return Completeness(len(rows), len(sent), counts[Standing.APPROVED], len(sent) - late, late,
                        counts[Standing.RETURNED], counts[Standing.MISSING], overdue), rows


def _percent(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

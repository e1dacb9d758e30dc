"""`chiso remind`: each open round's reminders, to the reporters of the units that have not sent, and the
overdue units to the approvers and admins above them.

A round is in one phase on a day: open (from its opening), due soon (the last N days up to the due date),
overdue (after it, until entry closes). Each unit's reporters are told once per round and phase, so a
daily run tells the round's opening, then that it is due soon, then that it is overdue, and nothing more.
Rounds are those of the last year (a data set of months: its last twelve) whose entry is still open.
The units, their reports and the people are read once per round, never once per unit.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse

from chiso.errors import InputError
from chiso.orgunits.model import Hierarchy
from chiso.periods import Period
from chiso.rounds import DataSet, Standing, tally
from chiso.rounds.completeness import SENT, UnitStanding
from chiso.store import rounds, services
from chiso.web.notify.deliver import Message, deliver, unsent
from chiso.web.notify.messages import Round, remind_text, summary_text
from chiso.web.notify.models import Kind
from chiso.web.notify.recipients import OVERSEERS, REPORTERS, Person, by_unit, people

DUE_SOON_DAYS = 3


def due_soon_days() -> int:
    """How many days before the due date «due soon» starts: NOTIFY_DUE_SOON_DAYS, CHISO_DUE_SOON_DAYS, else 3."""
    raw = getattr(settings, "NOTIFY_DUE_SOON_DAYS", None) or os.environ.get("CHISO_DUE_SOON_DAYS") or DUE_SOON_DAYS
    try:
        days = int(raw)
    except ValueError:
        days = -1
    if not 0 <= days <= 366:
        raise InputError(f"CHISO_DUE_SOON_DAYS={raw!r} không hợp lệ", expected="số ngày từ 0 đến 366, ví dụ 3")
    return days


def phase(round: Round, closes: date | None, today: date, days: int) -> Kind | None:
    if today < round.opens or (closes is not None and today > closes):
        return None
    if today > round.due:
        return Kind.OVERDUE
    return Kind.DUE_SOON if today >= round.due - timedelta(days=days) else Kind.ROUND_OPEN


def open_rounds(data_set: DataSet, today: date) -> list[Period]:
    """The periods of the last year whose entry is open on ``today``, oldest first."""
    count = max(1, 12 // data_set.period_type.months)
    return [p for p in reversed(data_set.periods(today, count)) if data_set.window(p).is_open(today)]


@dataclass(frozen=True)
class Context:
    tree: Hierarchy
    everyone: list[Person]
    today: date
    days: int


def planned(today: date, days: int | None = None) -> list[Message]:
    """Every reminder due on ``today``, whether already sent or not."""
    context = Context(services.hierarchy(), people((*REPORTERS, *OVERSEERS)), today,
                      due_soon_days() if days is None else days)
    messages: list[Message] = []
    for data_set in rounds.data_sets():
        for period in open_rounds(data_set, today):
            messages += round_messages(data_set, period, context)
    return messages


def run(today: date, *, dry_run: bool = False, days: int | None = None) -> list[Message]:
    """The reminders sent now (or, on a dry run, that would be): those not sent before."""
    messages = planned(today, days)
    return unsent(messages) if dry_run else deliver(messages)


def round_messages(data_set: DataSet, period: Period, context: Context) -> list[Message]:
    window = data_set.window(period)
    round = Round(data_set.name, period.code, window.opens, window.due)
    kind = phase(round, window.closes, context.today, context.days)
    if kind is None:
        return []
    expected = [unit.code for unit in data_set.expected(context.tree, period)]
    _counts, standings = tally(expected, rounds.reports(data_set, period, expected), window, context.today)
    pending = [row for row in standings if row.standing not in SENT]
    messages = unit_messages(kind, data_set, round, pending, context)
    if kind is Kind.OVERDUE:
        messages += summaries(data_set, round, pending, context)
    return messages


def unit_messages(kind: Kind, data_set: DataSet, round: Round, pending: Sequence[UnitStanding],
                  context: Context) -> list[Message]:
    told = by_unit(context.tree, [row.unit for row in pending], REPORTERS, context.everyone)
    messages = []
    for row in pending:
        unit, returned = _name(context.tree, row.unit), row.standing is Standing.RETURNED
        link = reverse("entry:form", args=[data_set.framework, row.unit, round.period])
        key = f"remind:{kind.value}:{data_set.code}:{round.period}:{row.unit}"
        for person in told.get(row.unit, []):
            subject, body = remind_text(kind, round, unit, returned, context.today, person)
            messages.append(Message(person.id, person.username, person.email, kind, key, subject, body, link))
    return messages


def summaries(data_set: DataSet, round: Round, pending: Sequence[UnitStanding], context: Context) -> list[Message]:
    """One summary per approver or admin: the overdue units within their scope."""
    above = by_unit(context.tree, [row.unit for row in pending], OVERSEERS, context.everyone)
    late: dict[Person, list[tuple[str, bool]]] = {}
    for row in pending:
        for person in above.get(row.unit, []):
            late.setdefault(person, []).append((_name(context.tree, row.unit), row.standing is Standing.RETURNED))
    key = f"remind:{Kind.OVERDUE_SUMMARY.value}:{data_set.code}:{round.period}"
    messages = []
    for person, units in late.items():
        subject, body = summary_text(round, units, person)
        messages.append(Message(person.id, person.username, person.email, Kind.OVERDUE_SUMMARY, key, subject, body,
                                reverse("entry:list")))
    return messages


def _name(tree: Hierarchy, code: str) -> str:
    return f"{tree.units[code].name} ({code})"

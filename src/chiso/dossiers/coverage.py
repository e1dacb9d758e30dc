"""Which periods the dossier files cover: figures are written only for a period the files hold from end to end.

A dossier export is made by reception date ("every dossier received in 2026"), some time after the last day
it holds. The files therefore cover a period P when

- dossiers were received in P: completions alone say nothing (the dossiers of 2026 completed in January 2027
  do not make 2027 a period of the files, and 2027's own dossiers are not in them);
- the reception dates reach both ends of P, give or take a week (three days for a month) of holidays and
  weekends: an export whose first dossier was received on 28/12/2025 does not cover 2025;
- the files hold a date (a reception or a completion) on or after P's last day: an export taken on 15/06
  holds nothing later, so its June, its second quarter and its year are not finished.

Periods stated by the user replace the inference. A stated period outside the reception dates is refused;
one they reach only in part, or in which no dossier was received (a commune's quiet month: 0 received), is
computed all the same, with a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from chiso.errors import InputError
from chiso.periods import Period, PeriodType
from chiso.periods.days import day_text
from chiso.values.numbers import format_decimal

EDGE_DAYS = {PeriodType.YEAR: 7, PeriodType.HALF: 7, PeriodType.QUARTER: 7, PeriodType.MONTH: 3}


@dataclass(frozen=True)
class Span:
    """The days the dossier files reach."""

    first: date  # the first day a dossier was received
    last: date  # the last day a dossier was received
    latest: date  # the last day of any reception or completion: the export was taken on it or later


@dataclass(frozen=True)
class Events:
    """How many dossiers (all units, duplicates once) were received, and completed, in a period."""

    received: int = 0
    completed: int = 0


@dataclass(frozen=True)
class LeftOut:
    """A period with dossiers in the files and no figure, and why."""

    period: Period
    events: Events
    reason: str

    @property
    def message(self) -> str:
        counts = [f"{number(n)} hồ sơ {what}" for n, what in ((self.events.received, "tiếp nhận"),
                                                               (self.events.completed, "giải quyết xong")) if n]
        return f"{' và '.join(counts)} trong {noun(self.period)} không được tính: {self.reason}"


@dataclass
class Coverage:
    """The periods computed, those left out, and the stated periods the files reach only in part."""

    periods: list[Period]
    left_out: list[LeftOut] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)


def decide(events: dict[Period, Events], span: Span | None, period_type: PeriodType,
           stated: Sequence[Period] | None = None) -> Coverage:
    """The periods to compute: those the files cover, or the stated ones (refused when they lie outside the
    reception dates)."""
    if stated is not None:
        return _stated(events, span, period_type, stated)
    gaps = {period: gap(period, found, span) for period, found in events.items()}
    kept = sorted(period for period, reason in gaps.items() if reason is None)
    if span is not None and not kept:
        raise _nothing_covered(events, span, period_type)
    left = [LeftOut(period, events[period], reason) for period, reason in sorted(gaps.items()) if reason]
    return Coverage(kept, left)


def gap(period: Period, found: Events, span: Span | None) -> str | None:
    """Why the files do not cover ``period`` (None when they do)."""
    name = noun(period)
    if not found.received or span is None:
        return f"tệp không bao phủ {name} (không có hồ sơ nào tiếp nhận trong kỳ)"
    edge = timedelta(days=EDGE_DAYS[period.type])
    partly = f"tệp chỉ bao phủ một phần {name}"
    if span.first > period.start + edge:
        return f"{partly}: hồ sơ tiếp nhận sớm nhất ngày {day_text(span.first)}"
    if span.last < period.end - edge:
        return f"{partly}: hồ sơ tiếp nhận muộn nhất ngày {day_text(span.last)}"
    if span.latest < period.end:
        return f"{partly}: ngày muộn nhất trong tệp là {day_text(span.latest)}, trước khi kỳ kết thúc"
    return None


def _stated(events: dict[Period, Events], span: Span | None, period_type: PeriodType,
            stated: Sequence[Period]) -> Coverage:
    periods = sorted(set(stated))
    for period in periods:
        if period.type is not period_type:
            raise InputError(f"kỳ {period.code} không phải là kỳ {period_type.noun}", column="--periods",
                             expected=f"các kỳ {period_type.noun}, cùng loại với --period-type")
        if span is None or span.last < period.start or period.end < span.first:
            raise InputError(f"tệp hồ sơ không bao phủ {noun(period)}: không có hồ sơ nào tiếp nhận trong kỳ"
                             f"{_reach(span)}", column="--periods",
                             expected="các kỳ trong khoảng ngày tiếp nhận của tệp, hoặc thêm tệp hồ sơ của kỳ đó")
    partial = [f"{period.code}: {reason}; vẫn tính vì kỳ được nêu trong --periods" for period in periods
               if span and (reason := _stated_gap(period, events.get(period, Events()), span))]
    left = [LeftOut(period, found, "kỳ không được nêu trong --periods") for period, found in sorted(events.items())
            if period not in periods]
    return Coverage(periods, left, partial)


def _stated_gap(period: Period, found: Events, span: Span) -> str | None:
    if not found.received:
        return "không có hồ sơ nào tiếp nhận trong kỳ, số hồ sơ tiếp nhận là 0"
    return gap(period, found, span)


def _nothing_covered(events: dict[Period, Events], span: Span, period_type: PeriodType) -> InputError:
    busiest = max(events, key=lambda period: events[period].received)
    return InputError(f"tệp hồ sơ không bao phủ trọn một {period_type.noun} nào{_reach(span)}",
                      column="--periods", expected=f"nêu các kỳ cần tính, ví dụ --periods {busiest.code}, "
                      "hoặc dùng tệp có hồ sơ tiếp nhận trong trọn các kỳ")


def _reach(span: Span | None) -> str:
    if span is None:
        return " (tệp không có hồ sơ nào đọc được)"
    return (f" (hồ sơ tiếp nhận từ {day_text(span.first)} đến {day_text(span.last)}, ngày muộn nhất trong tệp "
            f"{day_text(span.latest)})")


def noun(period: Period) -> str:
    """The period as it reads inside a sentence: năm 2027, quý I/2027, tháng 6/2027."""
    return period.label[0].lower() + period.label[1:]


def number(count: int) -> str:
    return format_decimal(Decimal(count), "vi")

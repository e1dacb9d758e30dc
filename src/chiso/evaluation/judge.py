"""The status of one target for one unit: its kind's verdict on the results its deadline lets count.

A target not reached is «Đang thực hiện» while the evaluation point (``as_of``, else the period of the
latest result judged) is before its deadline, and «Chưa đạt» from the deadline on. A phase is judged on
the results within it; a recurring target on those of the occurrence that holds the evaluation point.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from chiso.catalog.model import DeadlineKind, Indicator, Target
from chiso.catalog.targets.deadline import occurrence, occurrence_at
from chiso.evaluation import text
from chiso.evaluation.kinds import Context, Judgement, kind_named
from chiso.evaluation.series import Series, latest_key
from chiso.i18n import joined
from chiso.periods import Period, PeriodType
from chiso.values.model import EvaluationStatus

__all__ = ["Context", "Judged", "Judgement", "Window", "judge"]


@dataclass(frozen=True)
class Window:
    """The results a target is judged on, and the deadline they are judged against."""

    start: Period | None  # first period of the phase or occurrence; None: every result up to ``as_of`` counts
    end: Period  # the deadline: the last period of the target, of its phase or of the occurrence judged
    occurrence: Period | None = None  # the occurrence of a recurring target

    def results(self, series: Series) -> Series:
        return series if self.start is None else series.between(self.start, self.end)


@dataclass(frozen=True)
class Judged:
    judgement: Judgement
    window: Window
    point: Period | None  # the evaluation point
    today: date | None = None  # the day of the evaluation, when it is not made as of a period

    @property
    def due(self) -> bool:
        """Whether the deadline has come: the verdict is final and nothing is left to forecast.

        It has when the evaluation point reached it, or when the day of an evaluation of the latest results is
        past it: a target for 2025 not reached by the latest result is «Chưa đạt» in 2026, not «Đang thực hiện».
        """
        if self.today is not None and self.today > self.window.end.end:
            return True
        return self.point is not None and self.point.end >= self.window.end.end


def judge(context: Context, indicator: Indicator, target: Target) -> Judged:
    window = window_of(target, indicator, context.series, context.as_of)
    counted = replace(context, series=window.results(context.series))
    judgement = kind_named(target.kind).judge(counted, indicator, target)
    point = context.as_of or (Period.parse(judgement.period) if judgement.period else None)
    if window.occurrence is not None:
        judgement = replace(judgement, explanation=joined(": ", [text.period_label(window.occurrence),
                                                                  judgement.explanation]))
    judged = Judged(judgement, window, point, None if context.as_of else context.today)
    if judgement.status is EvaluationStatus.NOT_MET and not judged.due:
        waiting = joined(" ", [judgement.explanation, text.in_progress(target.due, window.occurrence)])
        judged = replace(judged, judgement=replace(judgement, status=EvaluationStatus.IN_PROGRESS,
                                                   explanation=waiting))
    return judged


def window_of(target: Target, indicator: Indicator, series: Series, as_of: Period | None) -> Window:
    deadline = target.due
    end = Period.parse(deadline.end)
    if deadline.kind is DeadlineKind.PERIOD:
        return Window(None, end)
    start = Period.parse(deadline.start)
    if deadline.kind is DeadlineKind.PHASE:
        return Window(start, end)
    every = PeriodType(deadline.every)
    point = as_of or _latest_within(series.between(start, end), _codes(target, indicator))
    first, last = occurrence_at(every, start.start), occurrence(every, end)
    held = occurrence(every, point) if point is not None else first
    chosen = first if held.start < first.start else last if held.end > last.end else held
    return Window(chosen, chosen, chosen)


def _codes(target: Target, indicator: Indicator) -> list[str]:
    return [part.indicator for part in target.parts] or [indicator.code]


def _latest_within(series: Series, codes: list[str]) -> Period | None:
    points = [p for code in codes if (p := series.latest(code)) is not None]
    return max((p.period for p in points), key=latest_key, default=None)

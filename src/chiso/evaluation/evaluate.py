"""Evaluating a unit's results against a framework's targets, next to what officials recorded."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from chiso.catalog.model import Framework, Indicator, Target
from chiso.errors import InputError
from chiso.evaluation.forecast import Forecast, forecast
from chiso.evaluation.judge import Context, judge
from chiso.evaluation.series import Series, latest_recorded
from chiso.evaluation.settings import evaluation_settings
from chiso.periods import Period
from chiso.values.model import EvaluationStatus, RecordedEvaluation, Value


@dataclass(frozen=True)
class Evaluation:
    """One target of one indicator for one unit: computed status, recorded status and forecast."""

    framework: str
    indicator: str
    target: Target
    result: str | None
    period: str | None
    status: EvaluationStatus
    recorded: RecordedEvaluation | None
    disagrees: bool  # the official recorded a status and it differs from the computed one
    forecast: Forecast | None
    explanation: str
    unit: str = ""

    def to_dict(self) -> dict[str, object]:
        recorded = self.recorded.status if self.recorded else None
        return {
            "framework": self.framework,
            "indicator": self.indicator,
            "target": self.target.text,
            "result": self.result,
            "period": self.period,
            "status": self.status.value,
            "status_label": self.status.label,
            "recorded_status": recorded.value if recorded else None,
            "disagrees": self.disagrees,
            "forecast": self.forecast.to_dict() if self.forecast else None,
        }


def evaluate(framework: Framework, values: Iterable[Value], recorded: Iterable[RecordedEvaluation], *,
             unit: str, as_of: str | None = None, indicator: str | None = None) -> list[Evaluation]:
    """One Evaluation per (indicator, target) in catalogue order, from results up to ``as_of``."""
    cutoff = Period.parse(as_of) if as_of else None
    return evaluate_series(framework, Series(framework, values, unit, cutoff), recorded, unit=unit, as_of=cutoff,
                           indicator=indicator)


def evaluate_series(framework: Framework, series: Series, recorded: Iterable[RecordedEvaluation], *, unit: str,
                    as_of: Period | None, indicator: str | None = None) -> list[Evaluation]:
    """The evaluations of one unit whose results are already read (e.g. from the computed view)."""
    context = Context(framework, series, evaluation_settings(framework), unit, as_of)
    records = list(recorded)  # read once per target, so an iterator must not run dry
    return [_evaluation(context, records, ind, target) for ind, target in _targets(framework, indicator)]


def _targets(framework: Framework, code: str | None) -> Iterator[tuple[Indicator, Target]]:
    if code is not None and not framework.has(code):
        raise InputError(f"bộ chỉ tiêu {framework.code} không có chỉ tiêu {code}",
                         expected="mã một chỉ tiêu có trong bộ chỉ tiêu")
    return ((i, t) for i, t in framework.targets() if code is None or i.code == code)


def _evaluation(context: Context, records: list[RecordedEvaluation], indicator: Indicator,
                target: Target) -> Evaluation:
    judgement = judge(context, indicator, target)
    key = (context.framework.code, indicator.code, target.id, context.unit)
    record = latest_recorded(records, key, context.as_of)
    disagrees = record is not None and record.status is not None and record.status is not judgement.status
    return Evaluation(context.framework.code, indicator.code, target, judgement.result, judgement.period,
                      judgement.status, record, disagrees,
                      forecast(context.framework, target, context.series, context.settings),
                      judgement.explanation, context.unit)

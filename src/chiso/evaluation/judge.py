"""The status of one target for one unit: the latest result set against the target, by kind of target."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from chiso.catalog.model import Framework, Indicator, Target, TargetKind, TargetPart
from chiso.errors import InputError
from chiso.evaluation import text
from chiso.evaluation.compare import Number, compound_status, level_status, part_status, range_status
from chiso.evaluation.series import Point, Series, latest_key
from chiso.evaluation.settings import EvaluationSettings
from chiso.periods import Period
from chiso.values.model import Bound, EvaluationStatus, Reading


@dataclass(frozen=True)
class Judgement:
    status: EvaluationStatus
    result: str | None  # the result as a Vietnamese report writes it
    period: str | None  # code of the period the result is from
    explanation: str


@dataclass(frozen=True)
class Context:
    """What every target of one evaluation run is judged against."""

    framework: Framework
    series: Series
    settings: EvaluationSettings
    unit: str
    as_of: Period | None


@dataclass(frozen=True)
class _Outcome:
    part: TargetPart
    status: EvaluationStatus
    point: Point | None
    result: str | None
    comparison: str


def judge(context: Context, indicator: Indicator, target: Target) -> Judgement:
    if target.kind is TargetKind.QUALITATIVE:
        return _qualitative(context, indicator, target)
    if target.kind is TargetKind.LEVEL:
        return _level(context, indicator, target)
    if target.kind is TargetKind.RANGE:
        return _range(context, indicator, target)
    if target.kind is TargetKind.COMPOUND:
        return _compound(context, target)
    return _single(context, target)


def _qualitative(context: Context, indicator: Indicator, target: Target) -> Judgement:
    # even a written result needs a person to judge it against a target written in words
    point = context.series.latest(indicator.code)
    result = text.reading_text(indicator, point.reading) if point else None
    return Judgement(EvaluationStatus.MANUAL, result, _code(point), text.manual(target.text, result))


def _level(context: Context, indicator: Indicator, target: Target) -> Judgement:
    point = context.series.latest(indicator.code)
    if point is None:
        return _no_data(context, indicator.code)
    if not isinstance(point.reading, str):
        raise InputError(f"chỉ tiêu {indicator.code} có kết quả không phải là một mức",
                         expected=", ".join(indicator.levels))
    status = level_status(indicator.levels, point.reading, target.level)
    return Judgement(status, point.reading, _code(point), text.level(point.reading, target.level, status))


def _range(context: Context, indicator: Indicator, target: Target) -> Judgement:
    point = context.series.latest(indicator.code)
    if point is None:
        return _no_data(context, indicator.code)
    bounds = [(part.comparator, part.value) for part in target.parts]
    status = range_status(_number(indicator, point.reading), bounds)
    explanation = text.within_range(indicator, target.parts, point.reading, status)
    return Judgement(status, text.reading_text(indicator, point.reading), _code(point), explanation)


def _single(context: Context, target: Target) -> Judgement:
    outcome = _outcome(context, target.parts[0])
    if outcome.point is None:
        return _no_data(context, outcome.part.indicator)
    return Judgement(outcome.status, outcome.result, _code(outcome.point), f"Kết quả {outcome.comparison}.")


def _compound(context: Context, target: Target) -> Judgement:
    outcomes = [_outcome(context, part) for part in target.parts]
    status = compound_status([o.status for o in outcomes])
    shown = [f"{o.result} {o.part.label}".rstrip() for o in outcomes if o.result is not None]
    points = [o.point for o in outcomes if o.point is not None]
    latest = max(points, key=lambda p: latest_key(p.period), default=None)
    clauses = "; ".join(f"{o.part.label or o.part.indicator}: {o.comparison}" for o in outcomes)
    return Judgement(status, ", ".join(shown) or None, _code(latest), f"{status.label} — {clauses}.")


def _outcome(context: Context, part: TargetPart) -> _Outcome:
    indicator = context.framework.indicator(part.indicator)
    point = context.series.latest(part.indicator)
    if point is None:
        return _Outcome(part, EvaluationStatus.NO_DATA, None, None, "chưa có số liệu")
    margin = context.settings.exceeded_margin
    status = part_status(_number(indicator, point.reading), part.comparator, part.value, margin)
    shown = text.reading_text(indicator, point.reading)
    return _Outcome(part, status, point, shown, text.comparison(indicator, part, point.reading, status))


def _number(indicator: Indicator, reading: Reading) -> Number:
    if isinstance(reading, Decimal | Bound):
        return reading
    raise InputError(f"kết quả «{reading}» của chỉ tiêu {indicator.code} không phải là số, "
                     "không so được với chỉ tiêu dạng số", expected="một số, ví dụ 90 hoặc >90")


def _no_data(context: Context, code: str) -> Judgement:
    explanation = text.no_data(code, context.unit, context.as_of) + "."
    return Judgement(EvaluationStatus.NO_DATA, None, None, explanation)


def _code(point: Point | None) -> str | None:
    return point.period.code if point else None

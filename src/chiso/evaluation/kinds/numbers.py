"""What the numeric kinds share: one number of a target set against the latest result."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from chiso.catalog.model import Indicator, Target, TargetPart
from chiso.errors import InputError
from chiso.evaluation import text
from chiso.evaluation.compare import Number, part_status
from chiso.evaluation.kinds.base import Context, Judgement, code_of, no_data
from chiso.evaluation.series import Point
from chiso.values.model import Bound, EvaluationStatus, Reading


@dataclass(frozen=True)
class Outcome:
    part: TargetPart
    status: EvaluationStatus
    point: Point | None
    result: str | None
    comparison: str


def outcome(context: Context, part: TargetPart) -> Outcome:
    indicator = context.framework.indicator(part.indicator)
    point = context.series.latest(part.indicator)
    if point is None:
        return Outcome(part, EvaluationStatus.NO_DATA, None, None, "chưa có số liệu")
    margin = context.settings.exceeded_margin
    status = part_status(as_number(indicator, point.reading), part.comparator, part.value, margin)
    shown = text.reading_text(indicator, point.reading)
    return Outcome(part, status, point, shown, text.comparison(indicator, part, point.reading, status))


def judge_single(context: Context, target: Target) -> Judgement:
    found = outcome(context, target.parts[0])
    if found.point is None:
        return no_data(context, found.part.indicator)
    return Judgement(found.status, found.result, code_of(found.point), f"Kết quả {found.comparison}.")


def as_number(indicator: Indicator, reading: Reading) -> Number:
    if isinstance(reading, Decimal | Bound):
        return reading
    raise InputError(f"kết quả «{reading}» của chỉ tiêu {indicator.code} không phải là số, "
                     "không so được với chỉ tiêu dạng số", expected="một số, ví dụ 90 hoặc >90")

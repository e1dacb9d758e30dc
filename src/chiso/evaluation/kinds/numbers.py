"""What the numeric kinds share: one number of a target set against the latest result."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from chiso.catalog.model import Indicator, Target, TargetPart
from chiso.catalog.targets.reading import SHORTHAND, require_direction, single_part
from chiso.errors import InputError
from chiso.evaluation import text
from chiso.evaluation.compare import Number, part_status
from chiso.evaluation.kinds.base import Context, Judgement, code_of, no_data
from chiso.evaluation.series import Point
from chiso.i18n import Phrase, phrase
from chiso.values.model import Bound, EvaluationStatus, Reading


@dataclass(frozen=True)
class Outcome:
    part: TargetPart
    status: EvaluationStatus
    point: Point | None
    result: str | None
    comparison: Phrase


def outcome(context: Context, part: TargetPart) -> Outcome:
    indicator = context.framework.indicator(part.indicator)
    point = context.series.latest(part.indicator)
    if point is None:
        return Outcome(part, EvaluationStatus.NO_DATA, None, None, phrase("chưa có số liệu"))
    margin = context.settings.exceeded_margin
    status = part_status(as_number(indicator, point.reading), part.comparator, part.value, margin)
    shown = text.reading_text(indicator, point.reading)
    return Outcome(part, status, point, shown, text.comparison(indicator, part, point.reading, status))


def judge_single(context: Context, target: Target) -> Judgement:
    found = outcome(context, target.parts[0])
    if found.point is None:
        return no_data(context, found.part.indicator)
    return Judgement(found.status, found.result, code_of(found.point),
                     phrase("Kết quả {comparison}.", comparison=found.comparison))


def as_number(indicator: Indicator, reading: Reading) -> Number:
    if isinstance(reading, Decimal | Bound):
        return reading
    raise InputError(f"kết quả «{reading}» của chỉ tiêu {indicator.code} không phải là số, "
                     "không so được với chỉ tiêu dạng số", expected="một số, ví dụ 90 hoặc >90")


def number_shaped(raw: dict[str, Any], indicator: Indicator) -> bool:
    """Whether a target mapping is one number (">50%", "90%", "20") for a numeric indicator."""
    return indicator.value_type.is_numeric and bool(SHORTHAND.match(str(raw.get("value", ""))))


def single_target(kind: str, raw: dict[str, Any], indicator: Indicator, common: dict[str, Any],
                  comparator: str) -> Target:
    """The target of one number on the side ``comparator`` says, written as its value when it has no text."""
    require_direction(indicator)
    part = single_part(raw, indicator, comparator)
    common["text"] = common["text"] or str(raw["value"]).strip()
    return Target(kind=kind, parts=(part,), **common)

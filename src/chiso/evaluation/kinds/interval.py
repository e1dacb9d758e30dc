"""A result to keep within bounds: ``min: 3, max: 7``; a range has no better side, so it is never exceeded."""

from __future__ import annotations

from typing import Any

from chiso.catalog.model import Framework, Indicator, Target, TargetKind, TargetPart
from chiso.catalog.targets.reading import decimal, require_direction
from chiso.errors import InputError
from chiso.evaluation import text
from chiso.evaluation.compare import range_status
from chiso.evaluation.kinds.base import Context, Judgement, TargetKindType, code_of, no_data
from chiso.evaluation.kinds.numbers import as_number
from chiso.evaluation.kinds.registry import register_kind
from chiso.i18n import N_


@register_kind
class RangeKind(TargetKindType):
    name = TargetKind.RANGE
    label = N_("Khoảng")

    def matches(self, raw: dict[str, Any], indicator: Indicator) -> bool:
        return "min" in raw or "max" in raw

    def parse(self, raw: dict[str, Any], indicator: Indicator, common: dict[str, Any]) -> Target:
        require_direction(indicator)
        bounds = [(">=", raw.get("min")), ("<=", raw.get("max"))]
        parts = tuple(TargetPart(indicator.code, c, decimal(v)) for c, v in bounds if v is not None)
        if not parts:
            raise InputError("chỉ tiêu dạng khoảng cần «min» hoặc «max»", expected="ví dụ min: 3, max: 7")
        common["text"] = common["text"] or self._words(indicator, parts)
        return Target(kind=self.name, parts=parts, **common)

    def judge(self, context: Context, indicator: Indicator, target: Target) -> Judgement:
        point = context.series.latest(indicator.code)
        if point is None:
            return no_data(context, indicator.code)
        bounds = [(part.comparator, part.value) for part in target.parts]
        status = range_status(as_number(indicator, point.reading), bounds)
        explanation = text.within_range(indicator, target.parts, point.reading, status)
        return Judgement(status, text.reading_text(indicator, point.reading), code_of(point), explanation)

    def explain(self, framework: Framework, target: Target) -> str:
        return self._words(framework.indicator(target.parts[0].indicator), target.parts)

    @staticmethod
    def _words(indicator: Indicator, parts: tuple[TargetPart, ...]) -> str:
        """ «từ 3% đến 7%», or one side: «≥ 3%»."""
        if len(parts) == 2:
            low, high = (text.number_text(indicator, p.value) for p in parts)
            return f"từ {low} đến {high}"
        return text.requirement(indicator, parts[0])

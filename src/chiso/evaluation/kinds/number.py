"""A number to reach, its side given by the indicator's direction: «90%» is ≥ 90% where higher is better."""

from __future__ import annotations

from typing import Any

from chiso.catalog.model import Framework, Indicator, Target, TargetKind
from chiso.catalog.targets.reading import (
    SHORTHAND,
    default_comparator,
    require_direction,
    single_part,
    written_comparator,
)
from chiso.evaluation import text
from chiso.evaluation.kinds.base import Context, Judgement, TargetKindType
from chiso.evaluation.kinds.numbers import judge_single
from chiso.evaluation.kinds.registry import register_kind


@register_kind
class NumberKind(TargetKindType):
    name = TargetKind.NUMBER
    label = "Số"
    forecastable = True

    def matches(self, raw: dict[str, Any], indicator: Indicator) -> bool:
        shaped = indicator.value_type.is_numeric and bool(SHORTHAND.match(str(raw.get("value", ""))))
        return shaped and written_comparator(raw) is None

    def parse(self, raw: dict[str, Any], indicator: Indicator, common: dict[str, Any]) -> Target:
        require_direction(indicator)
        part = single_part(raw, indicator, default_comparator(indicator.direction))
        common["text"] = common["text"] or str(raw["value"]).strip()
        return Target(kind=self.name, parts=(part,), **common)

    def judge(self, context: Context, indicator: Indicator, target: Target) -> Judgement:
        return judge_single(context, target)

    def explain(self, framework: Framework, target: Target) -> str:
        part = target.parts[0]
        return text.number_text(framework.indicator(part.indicator), part.value)

"""A number to reach, its side given by the indicator's direction: «90%» is ≥ 90% where higher is better."""

from __future__ import annotations

from typing import Any

from chiso.catalog.model import Framework, Indicator, Target, TargetKind
from chiso.catalog.targets.reading import default_comparator, written_comparator
from chiso.evaluation import text
from chiso.evaluation.kinds.base import Context, Judgement, TargetKindType
from chiso.evaluation.kinds.numbers import judge_single, number_shaped, single_target
from chiso.evaluation.kinds.registry import register_kind
from chiso.i18n import N_


@register_kind
class NumberKind(TargetKindType):
    name = TargetKind.NUMBER
    label = N_("Số")
    forecastable = True

    def matches(self, raw: dict[str, Any], indicator: Indicator) -> bool:
        return number_shaped(raw, indicator) and written_comparator(raw) is None

    def parse(self, raw: dict[str, Any], indicator: Indicator, common: dict[str, Any]) -> Target:
        return single_target(self.name, raw, indicator, common, default_comparator(indicator.direction))

    def judge(self, context: Context, indicator: Indicator, target: Target) -> Judgement:
        return judge_single(context, target)

    def explain(self, framework: Framework, target: Target) -> str:
        part = target.parts[0]
        return text.number_text(framework.indicator(part.indicator), part.value)

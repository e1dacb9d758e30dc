"""A number with its comparator written out: «>50%», ``comparator: "<"``; the side is the one written."""

from __future__ import annotations

from typing import Any

from chiso.catalog.model import Framework, Indicator, Target, TargetKind
from chiso.catalog.targets.reading import written_comparator
from chiso.errors import InputError
from chiso.evaluation import text
from chiso.evaluation.kinds.base import Context, Judgement, TargetKindType
from chiso.evaluation.kinds.numbers import judge_single, number_shaped, single_target
from chiso.evaluation.kinds.registry import register_kind
from chiso.i18n import N_


@register_kind
class BoundKind(TargetKindType):
    name = TargetKind.BOUND
    label = N_("Ngưỡng")
    forecastable = True

    def matches(self, raw: dict[str, Any], indicator: Indicator) -> bool:
        return number_shaped(raw, indicator) and written_comparator(raw) is not None

    def parse(self, raw: dict[str, Any], indicator: Indicator, common: dict[str, Any]) -> Target:
        chosen = written_comparator(raw)
        if chosen is None:
            raise InputError("chỉ tiêu dạng ngưỡng (kind: bound) cần ghi dấu so sánh",
                             expected='ví dụ value: ">50%" hoặc comparator: ">" với value: 50%')
        return single_target(self.name, raw, indicator, common, chosen)

    def judge(self, context: Context, indicator: Indicator, target: Target) -> Judgement:
        return judge_single(context, target)

    def explain(self, framework: Framework, target: Target) -> str:
        part = target.parts[0]
        return text.requirement(framework.indicator(part.indicator), part)

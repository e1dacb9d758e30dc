"""A level to reach on an ordinal scale listed best first: «Loại A»."""

from __future__ import annotations

from typing import Any

from chiso.catalog.model import Framework, Indicator, Target, TargetKind, ValueType
from chiso.errors import InputError
from chiso.evaluation import text
from chiso.evaluation.compare import level_status
from chiso.evaluation.kinds.base import Context, Judgement, TargetKindType, code_of, no_data
from chiso.evaluation.kinds.registry import register_kind
from chiso.i18n import N_


@register_kind
class LevelKind(TargetKindType):
    name = TargetKind.LEVEL
    label = N_("Mức xếp loại")

    def matches(self, raw: dict[str, Any], indicator: Indicator) -> bool:
        return indicator.value_type is ValueType.ORDINAL

    def parse(self, raw: dict[str, Any], indicator: Indicator, common: dict[str, Any]) -> Target:
        level = str(raw.get("value", "")).strip()
        if level not in indicator.levels:
            raise InputError(f"mức «{level}» không có trong các mức của chỉ tiêu {indicator.code}",
                             expected=", ".join(indicator.levels) or "khai báo levels cho chỉ tiêu")
        common["text"] = common["text"] or level
        return Target(kind=self.name, level=level, **common)

    def judge(self, context: Context, indicator: Indicator, target: Target) -> Judgement:
        point = context.series.latest(indicator.code)
        if point is None:
            return no_data(context, indicator.code)
        if not isinstance(point.reading, str):
            raise InputError(f"chỉ tiêu {indicator.code} có kết quả không phải là một mức",
                             expected=", ".join(indicator.levels))
        status = level_status(indicator.levels, point.reading, target.level)
        return Judgement(status, point.reading, code_of(point), text.level(point.reading, target.level, status))

    def explain(self, framework: Framework, target: Target) -> str:
        return target.level

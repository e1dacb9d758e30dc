"""A target written in words («Thành công»): a person judges it, chiso shows the result beside it."""

from __future__ import annotations

from typing import Any

from chiso.catalog.model import Framework, Indicator, Target, TargetKind
from chiso.errors import InputError
from chiso.evaluation import text
from chiso.evaluation.kinds.base import Context, Judgement, TargetKindType, code_of
from chiso.evaluation.kinds.registry import register_kind
from chiso.i18n import N_
from chiso.values.model import EvaluationStatus


@register_kind
class QualitativeKind(TargetKindType):
    name = TargetKind.QUALITATIVE
    label = N_("Định tính")

    def parse(self, raw: dict[str, Any], indicator: Indicator, common: dict[str, Any]) -> Target:
        common["text"] = common["text"] or str(raw.get("value") or "").strip()
        if not common["text"]:
            raise InputError("chỉ tiêu định tính cần «value» hoặc «text»", expected="ví dụ value: Thành công")
        return Target(kind=self.name, **common)

    def judge(self, context: Context, indicator: Indicator, target: Target) -> Judgement:
        # even a written result needs a person to judge it against a target written in words
        point = context.series.latest(indicator.code)
        result = text.reading_text(indicator, point.reading) if point else None
        return Judgement(EvaluationStatus.MANUAL, result, code_of(point), text.manual(target.text, result))

    def explain(self, framework: Framework, target: Target) -> str:
        return target.text

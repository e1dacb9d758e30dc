"""A place in a ranking to reach: «hạng 70». A smaller number is a better place, whatever the direction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chiso.catalog.model import Framework, Indicator, Target, TargetKind, TargetPart
from chiso.catalog.targets.reading import shorthand
from chiso.errors import InputError
from chiso.evaluation import text
from chiso.evaluation.kinds.base import Context, Judgement, TargetKindType, code_of, no_data
from chiso.evaluation.kinds.numbers import outcome
from chiso.evaluation.kinds.registry import register_kind
from chiso.i18n import N_


@register_kind
class RankKind(TargetKindType):
    name = TargetKind.RANK
    label = N_("Xếp hạng")

    def parse(self, raw: dict[str, Any], indicator: Indicator, common: dict[str, Any]) -> Target:
        if not indicator.value_type.is_numeric:
            raise InputError(f"chỉ tiêu xếp hạng cần chỉ tiêu {indicator.code} có giá trị là số",
                             expected="type: count hoặc number")
        _, place = shorthand(str(raw.get("value", "")))
        if place < 1 or place != place.to_integral_value():
            raise InputError(f"hạng «{raw.get('value')}» phải là một số nguyên dương", expected="ví dụ value: 70")
        part = TargetPart(indicator.code, "<=", place)
        common["text"] = common["text"] or text.rank_text(place)
        return Target(kind=self.name, parts=(part,), **common)

    def judge(self, context: Context, indicator: Indicator, target: Target) -> Judgement:
        found = outcome(context, target.parts[0])
        if found.point is None:
            return no_data(context, indicator.code)
        reading = found.point.reading
        base = context.out_of(found.point.period) if context.out_of else None
        shown = text.rank_text(reading, base) if isinstance(reading, Decimal) else str(found.result)
        explanation = text.rank_comparison(found.part, reading, found.status)
        return Judgement(found.status, shown, code_of(found.point), explanation)

    def explain(self, framework: Framework, target: Target) -> str:
        return text.rank_text(target.parts[0].value)

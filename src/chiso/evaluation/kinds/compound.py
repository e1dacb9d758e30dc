"""Several numbers at once, all to be met: «90% hộ gia đình, 100% xã» (parts on other indicators)."""

from __future__ import annotations

from typing import Any

from chiso.catalog.model import Framework, Indicator, Target, TargetKind, TargetPart
from chiso.catalog.targets.reading import comparator, decimal, default_comparator, require_direction
from chiso.evaluation import text
from chiso.evaluation.compare import compound_status
from chiso.evaluation.kinds.base import Context, Judgement, TargetKindType, code_of
from chiso.evaluation.kinds.numbers import outcome
from chiso.evaluation.kinds.registry import register_kind
from chiso.evaluation.series import latest_key
from chiso.i18n import N_, capitalized, joined
from chiso.values.text import SYMBOLS


@register_kind
class CompoundKind(TargetKindType):
    name = TargetKind.COMPOUND
    label = N_("Nhiều thành phần")

    def matches(self, raw: dict[str, Any], indicator: Indicator) -> bool:
        return "parts" in raw

    def parse(self, raw: dict[str, Any], indicator: Indicator, common: dict[str, Any]) -> Target:
        require_direction(indicator)
        parts = tuple(_part(p, indicator) for p in raw.get("parts", []))
        return Target(kind=self.name, parts=parts, **common)

    def judge(self, context: Context, indicator: Indicator, target: Target) -> Judgement:
        outcomes = [outcome(context, part) for part in target.parts]
        status = compound_status([o.status for o in outcomes])
        shown = [f"{o.result} {o.part.label}".rstrip() for o in outcomes if o.result is not None]
        points = [o.point for o in outcomes if o.point is not None]
        latest = max(points, key=lambda p: latest_key(p.period), default=None)
        # no status word here: the deadline may still turn «Chưa đạt» into «Đang thực hiện»
        clauses = joined("; ", [joined(": ", [o.part.label or o.part.indicator, o.comparison]) for o in outcomes])
        return Judgement(status, ", ".join(shown) or None, code_of(latest), capitalized(joined("", [clauses, "."])))

    def explain(self, framework: Framework, target: Target) -> str:
        """ «90% hộ gia đình, 100% xã»: each part's number and label; a comparator only where it is not implied."""
        return ", ".join(_words(framework.indicator(part.indicator), part) for part in target.parts)


def _part(raw: dict[str, Any], indicator: Indicator) -> TargetPart:
    chosen = comparator(str(raw.get("comparator") or default_comparator(indicator.direction)))
    return TargetPart(str(raw["indicator"]), chosen, decimal(raw["value"]), str(raw.get("label", "")))


def _words(indicator: Indicator, part: TargetPart) -> str:
    implied = part.comparator == default_comparator(indicator.direction)
    number = text.number_text(indicator, part.value)
    shown = number if implied else f"{SYMBOLS[part.comparator]} {number}"
    return f"{shown} {part.label}".strip()

"""Target kinds (loại chỉ tiêu): each reads its shape, judges a result and words itself.

The built-in kinds register here as a plug-in would. A mapping without ``kind:`` has the shape of at most
one of them: compound (``parts``), range (``min``/``max``, in interval.py), level (an ordinal indicator),
bound (a number with its comparator written, ">50%"), number (a number alone); rank and qualitative are
only named, qualitative being the default.
"""

from chiso.catalog.model import Framework, Indicator, Target, TargetKind, TargetPart
from chiso.evaluation.kinds import bound, compound, interval, level, number, qualitative, rank  # noqa: F401
from chiso.evaluation.kinds.base import Context, Judgement, TargetKindType
from chiso.evaluation.kinds.registry import (
    is_forecastable,
    kind_for,
    kind_named,
    kinds,
    register_kind,
    unregister_kind,
)

__all__ = ["Context", "Judgement", "TargetKindType", "is_forecastable", "kind_for", "kind_named", "kinds",
           "register_kind", "single_number", "target_text", "unregister_kind"]


def target_text(framework: Framework, target: Target) -> str:
    """The target as a table or sentence shows it: as the framework wrote it, else in its kind's words."""
    return target.text or kind_named(target.kind).explain(framework, target)


def single_number(indicator: Indicator) -> TargetPart | None:
    """The one number the indicator's first number or bound target asks for: a line a chart can draw."""
    lined = (TargetKind.NUMBER, TargetKind.BOUND)
    target = next((t for t in indicator.targets if t.kind in lined and len(t.parts) == 1), None)
    return target.parts[0] if target is not None else None

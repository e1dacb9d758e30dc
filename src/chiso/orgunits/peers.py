"""Among how many units a rank was given: a province's DTI rank is out of 63 until 2025 and out of 34 after.

A province of the official lists is ranked among the country's provinces of its period's end, whether the
store holds them all or only its own; any other unit among the units of its type under the same parent in
the tree of that day, when there are several.
"""

from __future__ import annotations

from chiso.catalog.model import Indicator, TargetKind
from chiso.orgunits.model import Hierarchy, OrgUnitType
from chiso.periods import Period


def is_rank(indicator: Indicator) -> bool:
    """Whether an indicator's values are places in a ranking: its targets are ranks (DTI «hạng 30»)."""
    return bool(indicator.targets) and all(t.kind == TargetKind.RANK for t in indicator.targets)


def rank_base(hierarchy: Hierarchy, code: str, period: Period) -> int | None:
    """How many units ``code``'s rank for ``period`` is out of; None when the tree cannot tell."""
    from chiso.orgunits.vn import official_provinces  # the shipped lists, read once when a rank is shown

    unit = hierarchy.version(code, period) or hierarchy.units.get(code)
    if unit is None:
        return None
    if unit.type is OrgUnitType.PROVINCE:
        official = official_provinces(period.end)
        if code in official:
            return len(official)
    tree = hierarchy.at(period.end)
    peers = [u for u in tree.units.values() if u.type is unit.type and u.parent == unit.parent
             and u.active_on(period.end)]
    return len(peers) if len(peers) > 1 else None

"""Which day's tree a view is computed on: the new units (34 provinces), the old ones (63), or another day.

By default a view follows the periods it covers: a report of 2021–2025S1 is of the units of 30/6/2025,
as it was written then; one that reaches 2025 is of the new units, with their earlier years composed.
Without periods, the last period the unit's code has values for decides.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from chiso.catalog.model import Framework
from chiso.errors import InputError
from chiso.orgunits.model import Hierarchy
from chiso.periods import Period
from chiso.periods.days import parse_day
from chiso.view.source import FigureSource

TREE_EXPECTED = "new (địa giới mới), old (địa giới trước lần sắp xếp gần nhất) hoặc một ngày dd/mm/yyyy"


@dataclass(frozen=True)
class TreeChoice:
    """What a user asked for: ``kind`` "default", "new", "old" or "day" (then ``day``)."""

    kind: str = "default"
    day: date | None = None


DEFAULT_TREE = TreeChoice()


def parse_tree(text: str | None) -> TreeChoice:
    """ "new", "mới", "old", "cũ", a day (2025-06-30 or 30/06/2025), or nothing for the default."""
    words = (text or "").strip().casefold()
    if not words or words == "default":
        return DEFAULT_TREE
    if words in ("new", "mới", "moi"):
        return TreeChoice("new")
    if words in ("old", "cũ", "cu"):
        return TreeChoice("old")
    try:
        return TreeChoice("day", parse_day(words))
    except InputError:
        raise InputError(f"địa giới «{text}» không hợp lệ", column="--tree", expected=TREE_EXPECTED) from None


def tree_day(choice: TreeChoice, hierarchy: Hierarchy, unit: str, periods: Collection[Period] | None,
             framework: Framework, source: FigureSource) -> date | None:
    """The day of the tree to compute on (None: the latest units)."""
    if not hierarchy.versioned or choice.kind == "new":
        return None
    if choice.kind == "day":
        return choice.day
    if choice.kind == "old":
        return last_change(hierarchy, unit)
    if periods:
        day: date | None = max(p.end for p in periods)
    else:
        own = source.periods(framework, [unit], None) if unit in hierarchy.versions else set()
        day = max((Period.parse(p).end for p in own), default=None)
    # A unit that did not exist yet on that day is shown on the latest tree, its earlier periods composed.
    return day if day is None or unit in hierarchy.at(day) or hierarchy.is_group(unit) else None


def last_change(hierarchy: Hierarchy, unit: str) -> date | None:
    """The day before the last reorganisation of ``unit`` (30/6/2025 for Đắk Lắk); None when it had none."""
    days = [link.on for link in hierarchy.links_of(unit)]
    return max(days) - timedelta(days=1) if days else None

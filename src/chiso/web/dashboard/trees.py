"""Which day's units a page reads (``?tree=new|old|YYYY-MM-DD``), and the toggle between the new and old tree.

A page finds its unit on the tree asked for; then, for the unit's figures, the day the core chooses
(``chiso.store.analysis.on_tree``): by default the one its values call for. Every later call of the page
(the units below, the findings, the evaluations) is given that day, so a page is of one tree throughout.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.core.exceptions import BadRequest
from django.http import HttpRequest
from django.utils.translation import gettext as _

from chiso.errors import InputError
from chiso.orgunits.model import Hierarchy
from chiso.periods import Period
from chiso.periods.days import day_text
from chiso.store import analysis
from chiso.view.trees import TreeChoice, last_change, parse_tree

NEW = TreeChoice("new")


@dataclass(frozen=True)
class PageTree:
    """The tree a page was computed on: the choice to hand the core, the units of that day, and the day."""

    choice: TreeChoice
    snapshot: Hierarchy
    day: date | None  # None: the latest units

    @property
    def query(self) -> str:
        """``&tree=2025-06-30`` for the links of a page on an earlier tree, so they stay on it; else ""."""
        return f"&tree={self.day.isoformat()}" if self.day is not None else ""


@dataclass(frozen=True)
class Choice:
    """One side of the toggle: its words, where it leads and whether the page is on it."""

    label: str
    href: str
    current: bool


def asked(request: HttpRequest) -> TreeChoice:
    """The tree the address asks for; 400 naming what is expected when it cannot be read."""
    try:
        return parse_tree(request.GET.get("tree"))
    except InputError as error:
        raise BadRequest(str(error)) from None


def finding_tree(hierarchy: Hierarchy, choice: TreeChoice, code: str) -> Hierarchy:
    """The units to find ``code`` among: those of the day asked for, else the latest, else (a unit that
    ended and whose code no unit took) those of the day its last version ended."""
    if choice.kind == "day":
        return hierarchy.at(choice.day)
    if choice.kind == "old":
        return hierarchy.at(last_change(hierarchy, code))
    ended = ending(hierarchy, code, choice)
    return hierarchy.at(ended.day) if ended.kind == "day" else hierarchy


def page_tree(hierarchy: Hierarchy, framework: str, code: str, choice: TreeChoice,
              periods: Collection[Period] | None = None) -> PageTree:
    """The tree the core computes the unit's figures on (by default, the one its values, or ``periods``, call
    for), as a choice every later call of the page is given."""
    if not hierarchy.versioned:
        return PageTree(NEW, hierarchy, None)
    snapshot, _source = analysis.on_tree(framework, code, periods, ending(hierarchy, code, choice))
    day = snapshot.on if snapshot.on is not None and _earlier(hierarchy, snapshot.on) else None
    return PageTree(TreeChoice("day", day) if day is not None else NEW, hierarchy.at(day), day)


def _earlier(hierarchy: Hierarchy, day: date) -> bool:
    """Whether the tree of ``day`` is not the latest one: a version began after it."""
    return any(v.valid_from is not None and v.valid_from > day for chain in hierarchy.versions.values() for v in chain)


def ending(hierarchy: Hierarchy, code: str, choice: TreeChoice) -> TreeChoice:
    """By default, a code no unit of the latest tree has is read on the day its last version ended."""
    if choice.kind == "default" and code not in hierarchy and code in hierarchy.versions:
        return TreeChoice("day", hierarchy.versions[code][-1].valid_to)
    return choice


def toggle(request: HttpRequest, hierarchy: Hierarchy, code: str, day: date | None) -> list[Choice]:
    """«Địa giới mới» and «Địa giới cũ (đến 30/06/2025)» for a unit that was reorganised; nothing otherwise.

    A unit whose code no new unit took (a province merged into another) leads to its successors instead."""
    before = last_change(hierarchy, code) if hierarchy.versioned else None
    if before is None:
        return []
    on_old = day is not None and day <= before
    return [*_new_side(request, hierarchy, code, not on_old), *_old_side(request, hierarchy, code, before, on_old)]


def _new_side(request: HttpRequest, hierarchy: Hierarchy, code: str, current: bool) -> list[Choice]:
    """The unit on the new tree; of a unit whose code no new unit took, the units it went into."""
    latest = hierarchy.versions[code][-1]
    if latest.valid_to is None:
        return [Choice(_("Địa giới mới"), _href(request, code, "new"), current)]
    return [Choice(_("Địa giới mới: %(name)s") % {"name": hierarchy.name(link.successor)},
                   _href(request, link.successor, "new"), False)
            for link in hierarchy.at(latest.valid_to).successors(code)]


def _old_side(request: HttpRequest, hierarchy: Hierarchy, code: str, before: date, current: bool) -> list[Choice]:
    """The unit on the old tree; of a new unit with a new code, the units it was made of."""
    label = _("Địa giới cũ (đến %(day)s)") % {"day": day_text(before)}
    if code in hierarchy.at(before):
        return [Choice(label, _href(request, code, "old"), current)]
    return [Choice(f"{label}: {hierarchy.at(before).name(link.predecessor)}", _href(request, link.predecessor, "old"),
                   False) for link in hierarchy.predecessors(code)]


def _href(request: HttpRequest, code: str, tree: str) -> str:
    query = request.GET.copy()
    query["unit"], query["tree"] = code, tree
    return "?" + urlencode(sorted(query.items()))

"""A unit's page (``/don-vi/66/``): what it is on the tree asked for, its versions, what it was made of and became.

A code may stand for several units one after another (66: the old Đắk Lắk until 30/6/2025, the new one
from 1/7/2025), each a version with its own name, type and parent; the links say which units a version
was made of and which it went into. Every unit named opens on the tree where it exists: an ended version
on the day it ended. The management page of a unit shows the same tables (``history``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chiso.orgunits.links import UnitLink
from chiso.orgunits.model import Hierarchy, OrgUnit
from chiso.store import services
from chiso.store.models.orgunits import TYPE_NAMES
from chiso.values.numbers import format_decimal
from chiso.view.groups import tree_for
from chiso.web.dashboard import access, trees
from chiso.web.dashboard.display import language
from chiso.web.locale import core_text


@dataclass(frozen=True)
class VersionRow:
    unit: OrgUnit
    type_label: str
    parent: str  # «66 Tỉnh Đắk Lắk», as the parent was named while the version lasted
    href: str
    current: bool  # the version the page is of


@dataclass(frozen=True)
class LinkRow:
    link: UnitLink
    other: OrgUnit  # the unit at the other end, as it was on its side of the link
    kind: str
    share: str  # «60% (dân số)» of a part; "" for a whole unit
    href: str


def unit_href(hierarchy: Hierarchy, version: OrgUnit) -> str:
    """The unit page of ``version``: on the day it ended when it has, so that the code means this unit."""
    href = reverse("dashboard:unit", args=[version.code])
    return f"{href}?tree={version.valid_to.isoformat()}" if hierarchy.versioned and version.valid_to else href


def history(hierarchy: Hierarchy, code: str, shown: OrgUnit | None = None) -> dict[str, object]:
    """The versions of ``code``, and the links of the version ``shown`` (of every version without one): what
    it was made of and what it went into, for the partial dashboard/_unit_history.html."""
    chain = hierarchy.versions.get(code, [])
    versions = [VersionRow(v, str(TYPE_NAMES[v.type]), _parent(hierarchy, v), unit_href(hierarchy, v),
                           shown is not None and v == shown) for v in chain]
    links = hierarchy.links_of(code)
    return {"versions": versions if len(chain) > 1 or links else [],
            "before": [_row(hierarchy, link, _ended(hierarchy, link)) for link in links
                       if link.successor == code and (shown is None or link.on == shown.valid_from)],
            "after": [_row(hierarchy, link, _began(hierarchy, link)) for link in links
                      if link.predecessor == code and (shown is None or _after(shown) == link.on)]}


def _after(version: OrgUnit) -> date | None:
    """The day a version's successors began: the day after it ended."""
    return version.valid_to + timedelta(days=1) if version.valid_to is not None else None


def _parent(hierarchy: Hierarchy, version: OrgUnit) -> str:
    if not version.parent:
        return ""
    day = version.valid_to or version.valid_from
    return f"{version.parent} {hierarchy.at(day).name(version.parent)}"


def _ended(hierarchy: Hierarchy, link: UnitLink) -> OrgUnit:
    """The predecessor's version that ended the day before the link."""
    chain = hierarchy.versions[link.predecessor]
    day = link.on - timedelta(days=1)
    return next((v for v in reversed(chain) if v.valid_to == day), chain[-1])


def _began(hierarchy: Hierarchy, link: UnitLink) -> OrgUnit:
    """The successor's version that began on the day of the link."""
    chain = hierarchy.versions[link.successor]
    return next((v for v in chain if v.valid_from == link.on), chain[-1])


def _row(hierarchy: Hierarchy, link: UnitLink, other: OrgUnit) -> LinkRow:
    kind = str(core_text(link.kind.label)) if link.kind is not None else ""
    return LinkRow(link, other, kind, share_text(link), unit_href(hierarchy, other))


def share_text(link: UnitLink) -> str:
    """«60% (dân số)» for a part with its share, «chưa khai báo tỉ lệ» for one without, "" for a whole unit."""
    if link.share is None:
        return "" if link.whole is not False else _("chưa khai báo tỉ lệ")
    percent = format(Decimal(link.share * 100).normalize(), "f")
    text = f"{format_decimal(Decimal(percent), language())}%"
    return f"{text} ({link.basis})" if link.basis else text


@require_GET
@access.public_or_login
def unit_page(request: HttpRequest, code: str) -> HttpResponse:
    hierarchy = services.hierarchy()
    tree = trees.finding_tree(hierarchy, trees.asked(request), code)
    unit = access.chosen_unit(request, tree, code)
    day = tree.on if hierarchy.versioned else None
    below = tree_for(tree, code)
    return render(request, "dashboard/unit.html", {
        "unit": unit, "type_label": _type_label(tree, unit), "parent": _above(tree, unit),
        "children": sorted(below.children(code), key=lambda u: u.code), "tree_day": day,
        "tree_query": f"&tree={day.isoformat()}" if day else "", "version": tree.true.get(code, unit),
        **history(hierarchy, code, tree.true.get(code))})


def _type_label(tree: Hierarchy, unit: OrgUnit) -> str:
    return _("Nhóm đơn vị") if tree.is_group(unit.code) and unit.code not in tree else str(TYPE_NAMES[unit.type])


def _above(tree: Hierarchy, unit: OrgUnit) -> OrgUnit | None:
    return tree.units.get(unit.parent)

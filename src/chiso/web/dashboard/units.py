"""The unit search of the picker: units the user may read, found by code or name, accents or not.

«dak lak» finds «Tỉnh Đắk Lắk»: names and queries are compared without their diacritics (Unicode NFD
with the combining marks dropped, and đ read as d), ignoring case. With htmx the answer is a fragment
under the search box; without JavaScript the same address is a page of its own with the same links.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode, urlsplit
from weakref import WeakKeyDictionary

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chiso.orgunits.model import Hierarchy, OrgUnit
from chiso.periods.days import day_text
from chiso.store import services
from chiso.store.models.orgunits import TYPE_NAMES
from chiso.view.groups import tree_for
from chiso.web.dashboard import access

MAX_MATCHES = 20
MAX_QUERY = 100
NO_MATCH = 4


@dataclass(frozen=True)
class Entry:
    """One unit as the search reads it: its code, its name folded, and how deep it sits.

    ``ended`` is the day an earlier version of a code ended (the old Đắk Lắk, 30/6/2025), found on the tree
    of that day; None for a unit of the latest tree."""

    code: str
    name: str  # folded: "tinh dak lak"
    depth: int
    ended: date | None = None


@dataclass(frozen=True)
class Match:
    unit: OrgUnit
    parent: str  # the parent's name, to tell apart communes of the same name in two provinces
    kind: str
    href: str
    ended: str = ""  # «30/06/2025» for a unit that has ended


_indexes: WeakKeyDictionary[Hierarchy, list[Entry]] = WeakKeyDictionary()


def fold(text: str) -> str:
    """Lower case without diacritics: «Đắk Lắk» → «dak lak»."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def index(tree: Hierarchy) -> list[Entry]:
    """Every unit and group folded, and every earlier version of a code, once per hierarchy
    (services.hierarchy() keeps one until a unit changes)."""
    if tree not in _indexes:
        _indexes[tree] = [*(Entry(u.code, fold(u.name), sum(1 for _ in tree.ancestors(u.code)))
                            for u in tree.units.values()),
                          *(Entry(g.code, fold(g.name), 0) for g in tree.groups.values()),
                          *_earlier(tree)]
    return _indexes[tree]


def _earlier(tree: Hierarchy) -> list[Entry]:
    """The versions that ended and are no unit of the latest tree, each on the tree of the day it ended."""
    if not tree.versioned:
        return []
    found = []
    for code, chain in tree.versions.items():
        for version in chain:
            if version.valid_to is None or tree.true.get(code) is version:
                continue
            then = tree.at(version.valid_to)
            if code in then:
                found.append(Entry(code, fold(version.name), sum(1 for _ in then.ancestors(code)), version.valid_to))
    return found


def search(request: HttpRequest, tree: Hierarchy, query: str) -> tuple[list[Entry], bool]:
    """The readable units whose code starts with ``query`` or whose name holds each of its words; the best
    first, and whether more matched than are returned."""
    words = fold(query).split()
    if not words:
        return [], False
    readers: dict[date | None, Callable[[str], bool]] = {}

    def readable(entry: Entry) -> bool:
        if entry.ended not in readers:
            readers[entry.ended] = access.readable_units(request, tree.at(entry.ended) if entry.ended else tree)
        return readers[entry.ended](entry.code)

    phrase = " ".join(words)
    found = [e for e in index(tree) if _rank(e, phrase, words) < NO_MATCH and readable(e)]
    found.sort(key=lambda e: (_rank(e, phrase, words), e.ended is not None, e.depth, e.name, e.code))
    return found[:MAX_MATCHES], len(found) > MAX_MATCHES


def _rank(entry: Entry, phrase: str, words: list[str]) -> int:
    """0 the code itself, 1 a code starting so, 2 a name whose words start with the query's, 3 a name holding
    them anywhere («drak» in «M'Đrắk»); NO_MATCH otherwise."""
    code = entry.code.casefold()
    if code.startswith(phrase):
        return 0 if code == phrase else 1
    named = entry.name.split()
    if all(any(part.startswith(word) for part in named) for word in words):
        return 2
    return 3 if all(word in entry.name for word in words) else NO_MATCH


def destination(request: HttpRequest) -> str:
    """The page the matches lead to: a path of this site (the page the picker is on), else the overview."""
    wanted = request.GET.get("next", "")
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return urlsplit(wanted).path
    return reverse("dashboard:home")


def matches(request: HttpRequest, tree: Hierarchy, entries: list[Entry]) -> list[Match]:
    """Each entry as a link to the page the picker is on; an ended unit's on the tree of the day it ended."""
    target, framework = destination(request), request.GET.get("framework", "")
    found = []
    for entry in entries:
        then = tree.at(entry.ended) if entry.ended else tree
        group = entry.code not in then
        unit = tree_for(then, entry.code)[entry.code] if group else then.true.get(entry.code, then[entry.code])
        query = {"framework": framework, "unit": unit.code} if framework else {"unit": unit.code}
        day = entry.ended or (unit.valid_to if tree.versioned else None)
        if day is not None:
            query["tree"] = day.isoformat()
        parent = then[unit.parent].name if unit.parent in then else ""
        kind = _("Nhóm đơn vị") if group else str(TYPE_NAMES[unit.type])
        ended = day_text(unit.valid_to) if not group and unit.valid_to is not None else ""
        found.append(Match(unit, parent, kind, f"{target}?{urlencode(query)}", ended))
    return found


@require_GET
@access.public_or_login
def unit_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:MAX_QUERY]
    tree = services.hierarchy()
    entries, more = search(request, tree, query)
    context = {"query": query, "matches": matches(request, tree, entries), "more": more, "shown": MAX_MATCHES,
               "next": destination(request), "framework_code": request.GET.get("framework", "")}
    partial = request.headers.get("HX-Request") == "true"
    response = render(request, "dashboard/_unit_matches.html" if partial else "dashboard/units.html", context)
    patch_vary_headers(response, ["HX-Request"])  # one address, two answers: caches must keep them apart
    return response

"""The unit search of the picker: units the user may read, found by code or name, accents or not.

«dak lak» finds «Tỉnh Đắk Lắk»: names and queries are compared without their diacritics (Unicode NFD
with the combining marks dropped, and đ read as d), ignoring case. With htmx the answer is a fragment
under the search box; without JavaScript the same address is a page of its own with the same links.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
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
from chiso.store import services
from chiso.store.models.orgunits import TYPE_NAMES
from chiso.view.groups import tree_for
from chiso.web.dashboard import access

MAX_MATCHES = 20
MAX_QUERY = 100
NO_MATCH = 4


@dataclass(frozen=True)
class Entry:
    """One unit as the search reads it: its code, its name folded, and how deep it sits."""

    code: str
    name: str  # folded: "tinh dak lak"
    depth: int


@dataclass(frozen=True)
class Match:
    unit: OrgUnit
    parent: str  # the parent's name, to tell apart communes of the same name in two provinces
    kind: str
    href: str


_indexes: WeakKeyDictionary[Hierarchy, list[Entry]] = WeakKeyDictionary()


def fold(text: str) -> str:
    """Lower case without diacritics: «Đắk Lắk» → «dak lak»."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def index(tree: Hierarchy) -> list[Entry]:
    """Every unit and group folded, once per hierarchy (services.hierarchy() keeps one until a unit changes)."""
    if tree not in _indexes:
        _indexes[tree] = [*(Entry(u.code, fold(u.name), sum(1 for _ in tree.ancestors(u.code)))
                            for u in tree.units.values()),
                          *(Entry(g.code, fold(g.name), 0) for g in tree.groups.values())]
    return _indexes[tree]


def search(request: HttpRequest, tree: Hierarchy, query: str) -> tuple[list[Entry], bool]:
    """The readable units whose code starts with ``query`` or whose name holds each of its words; the best
    first, and whether more matched than are returned."""
    words = fold(query).split()
    if not words:
        return [], False
    readable, phrase = access.readable_units(request, tree), " ".join(words)
    found = [e for e in index(tree) if _rank(e, phrase, words) < NO_MATCH and readable(e.code)]
    found.sort(key=lambda e: (_rank(e, phrase, words), e.depth, e.name, e.code))
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
    target, framework = destination(request), request.GET.get("framework", "")
    found = []
    for entry in entries:
        group = entry.code not in tree
        unit = tree_for(tree, entry.code)[entry.code] if group else tree[entry.code]
        query = {"framework": framework, "unit": unit.code} if framework else {"unit": unit.code}
        parent = tree[unit.parent].name if unit.parent in tree else ""
        kind = _("Nhóm đơn vị") if group else str(TYPE_NAMES[unit.type])
        found.append(Match(unit, parent, kind, f"{target}?{urlencode(query)}"))
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

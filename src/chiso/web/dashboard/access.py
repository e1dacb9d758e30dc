"""Who may read which framework and unit on the dashboard, and what they chose to look at."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from chiso.catalog.model import Framework
from chiso.orgunits.model import Hierarchy, OrgUnit
from chiso.store import services
from chiso.view.groups import tree_for
from chiso.web.accounts import permissions

View = Callable[..., HttpResponse]


def public_or_login(view: View) -> View:
    """Anonymous readers are sent to the login page unless the province publishes its dashboard."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated and not settings.PUBLIC_DASHBOARD:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return guarded


# Children listed in the picker at most; a unit with more (no province has) leaves the rest to the search.
MAX_CHILDREN = 200


@dataclass(frozen=True)
class UnitChoice:
    code: str
    name: str
    depth: int  # indentation in the unit picker: 0 for the highest unit listed

    @property
    def indent(self) -> str:
        return "\u00a0" * 4 * self.depth  # option texts keep non-breaking spaces, not ordinary ones


@dataclass(frozen=True)
class UnitPicker:
    """What the unit picker shows around the unit being read: never every unit, only those one step away.

    ``above`` are the units over it that the user may read, the highest first (links up the tree);
    ``choices`` its parent when readable, the unit itself and its children (the quick choice); other
    units are found by the search (``chiso.web.dashboard.units``). Iterating a picker gives its choices.
    """

    current: OrgUnit | None
    above: list[UnitChoice]
    choices: list[UnitChoice]
    more: int  # children left out of ``choices``

    def __iter__(self) -> Iterator[UnitChoice]:
        return iter(self.choices)


def unit_picker(request: HttpRequest, tree: Hierarchy, unit: str | None) -> UnitPicker:
    """The picker around ``unit``, one the user may read (checked by the page before)."""
    if unit is None or unit not in tree:
        return UnitPicker(None, [], [], 0)
    readable = readable_units(request, tree)
    above = [u for u in reversed(list(tree.ancestors(unit))) if readable(u.code)]
    children = sorted(tree.children(unit), key=lambda u: u.code)
    parent = [UnitChoice(above[-1].code, above[-1].name, 0)] if above and above[-1].code == tree[unit].parent else []
    depth = len(parent)
    choices = [*parent, UnitChoice(unit, tree[unit].name, depth),
               *(UnitChoice(c.code, c.name, depth + 1) for c in children[:MAX_CHILDREN])]
    return UnitPicker(tree[unit], [UnitChoice(u.code, u.name, 0) for u in above], choices,
                      max(0, len(children) - MAX_CHILDREN))


def viewable_units(request: HttpRequest, tree: Hierarchy) -> UnitPicker:
    """The picker of the unit the request asks for (or the user's own, when that one is not readable)."""
    asked = request.GET.get("unit", "")
    readable = asked in tree and readable_units(request, tree)(asked)
    return unit_picker(request, tree, asked if readable else permissions.home_unit(request.user))


def readable_units(request: HttpRequest, tree: Hierarchy) -> Callable[[str], bool]:
    """Whether the user may read a unit of ``tree``, asked of the user's scope once: a walk up the tree per unit.

    A unit that ended (on the latest tree, or on an earlier day's: ``Hierarchy.at``) is read by those who read
    what it became: the admin of the new Đắk Lắk reads the old Đắk Lắk and Phú Yên, their districts and communes."""
    if not request.user.is_authenticated:
        public = bool(settings.PUBLIC_DASHBOARD)
        return lambda code: public and (code in tree or tree.is_group(code))
    return user_reads(request.user, tree)


def user_reads(user: permissions.User, tree: Hierarchy) -> Callable[[str], bool]:
    """Whether a signed-in user reads a unit of ``tree`` (the latest units, or those of an earlier day)."""
    root = permissions.scope_root(user)
    if permissions.oversees_all(tree, root):  # a ministry reads every unit of its store
        return lambda code: code in tree or tree.is_group(code)
    if not tree.versioned:
        return lambda code: permissions.reads(tree, root, code)
    return Earlier(tree, tree.at(None), root).reads


class Earlier:
    """Who reads the units of a tree with versions: a unit, or a unit above it, in the user's scope today or
    continuing into it through its successors."""

    def __init__(self, tree: Hierarchy, latest: Hierarchy, root: str | None) -> None:
        self.tree, self.latest, self.root = tree, latest, root
        self._known: dict[tuple[date | None, str], bool] = {}

    def reads(self, code: str) -> bool:
        if code not in self.tree:
            return self.tree.is_group(code) and permissions.reads(self.latest, self.root, code)
        return any(self._continues(self.tree, unit.code) for unit in (self.tree[code], *self.tree.ancestors(code)))

    def _continues(self, tree: Hierarchy, code: str) -> bool:
        """Whether ``code`` of ``tree`` is in the scope today, or went (through its successors) into it."""
        key = (tree.on, code)
        if key not in self._known:
            unit = tree.true.get(code)
            same = unit is not None and self.latest.true.get(code) == unit
            self._known[key] = (same and permissions.covers(self.latest, self.root, code)) or any(
                self._continues(tree.at(link.on), link.successor) for link in tree.successors(code))
        return self._known[key]


def chosen_framework(request: HttpRequest, code: str | None = None) -> Framework:
    """The framework asked for (or the first one); 404 when the store has no such framework."""
    known = services.frameworks()
    wanted = code or request.GET.get("framework") or next(iter(sorted(known)), "")
    if wanted not in known:
        raise Http404(_("Không có bộ chỉ tiêu «%(code)s» trong kho.") % {"code": wanted})
    return known[wanted]


def chosen_code(request: HttpRequest) -> str:
    """The code of the unit asked for (default: the user's own); 403 for an account without a unit."""
    wanted = request.GET.get("unit") or permissions.home_unit(request.user) or ""
    if not wanted:
        raise PermissionDenied(_("Tài khoản của bạn chưa được gán đơn vị nào; hãy liên hệ quản trị viên."))
    return wanted


def chosen_unit(request: HttpRequest, tree: Hierarchy, wanted: str | None = None) -> OrgUnit:
    """The unit asked for (default: the user's own) among the units of ``tree``; 404 when unknown, 403 when
    outside the user's scope."""
    wanted = wanted or chosen_code(request)
    if wanted not in tree and not tree.is_group(wanted):
        raise Http404(_("Không có đơn vị «%(code)s» trong kho.") % {"code": wanted})
    if not readable_units(request, tree)(wanted):
        raise PermissionDenied(_("Bạn không có quyền xem số liệu của đơn vị này."))
    return tree_for(tree, wanted)[wanted]  # a group as the unit over its members

"""Who may read which framework and unit on the dashboard, and what they chose to look at."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from chiso.catalog.model import Framework
from chiso.orgunits.model import Hierarchy, OrgUnit
from chiso.store import services
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


@dataclass(frozen=True)
class UnitChoice:
    code: str
    name: str
    depth: int  # indentation in the unit picker: 0 for the highest unit the user may see

    @property
    def indent(self) -> str:
        return "\u00a0" * 4 * self.depth  # option texts keep non-breaking spaces, not ordinary ones


def viewable_units(request: HttpRequest, tree: Hierarchy) -> list[UnitChoice]:
    """The units the user may read, each under its parent, in code order."""
    allowed = {code for code in tree.units if permissions.can_view(request.user, code)}
    tops = sorted((u for u in tree.units.values() if u.code in allowed and u.parent not in allowed),
                  key=lambda u: u.code)
    found: list[UnitChoice] = []
    for top in tops:
        _walk(tree, top, allowed, 0, found)
    return found


def _walk(tree: Hierarchy, unit: OrgUnit, allowed: set[str], depth: int, found: list[UnitChoice]) -> None:
    found.append(UnitChoice(unit.code, unit.name, depth))
    for child in sorted(tree.children(unit.code), key=lambda u: u.code):
        if child.code in allowed:
            _walk(tree, child, allowed, depth + 1, found)


def chosen_framework(request: HttpRequest, code: str | None = None) -> Framework:
    """The framework asked for (or the first one); 404 when the store has no such framework."""
    known = services.frameworks()
    wanted = code or request.GET.get("framework") or next(iter(sorted(known)), "")
    if wanted not in known:
        raise Http404(_("Không có bộ chỉ tiêu «%(code)s» trong kho.") % {"code": wanted})
    return known[wanted]


def chosen_unit(request: HttpRequest, tree: Hierarchy) -> OrgUnit:
    """The unit asked for (default: the user's own); 404 when unknown, 403 when outside the user's scope."""
    wanted = request.GET.get("unit") or permissions.home_unit(request.user) or ""
    if not wanted:
        raise PermissionDenied(_("Tài khoản của bạn chưa được gán đơn vị nào; hãy liên hệ quản trị viên."))
    if wanted not in tree:
        raise Http404(_("Không có đơn vị «%(code)s» trong kho.") % {"code": wanted})
    if not permissions.can_view(request.user, wanted):
        raise PermissionDenied(_("Bạn không có quyền xem số liệu của đơn vị này."))
    return tree[wanted]

"""Who may use the management pages: a province admin, over its unit and the units below it.

Every view is wrapped by :func:`admin_only`, which answers before the view reads a form or a file: an
anonymous visitor is sent to log in, any other role (or an admin acting outside its scope) gets a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import update_wrapper
from typing import Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.orgunits.model import Hierarchy
from chiso.store import services
from chiso.web.accounts import permissions
from chiso.web.accounts.models import Membership, Role

P = ParamSpec("P")


@dataclass(frozen=True)
class Scope:
    """The admin's unit, the codes it covers and the hierarchy they were read from."""

    membership: Membership
    tree: Hierarchy
    codes: frozenset[str]

    @property
    def root(self) -> str:
        return self.membership.org_unit.code

    @property
    def store_wide(self) -> bool:
        """Whether the admin covers every unit of the store still in operation: frameworks are shared by all.

        A unit that has ended (a province merged in 2025) reports no more, so it does not keep the province
        it merged into from its own frameworks.
        """
        today = timezone.localdate()
        return all(code in self.codes for code, unit in self.tree.units.items()
                   if unit.valid_to is None or unit.valid_to >= today)

    def covers(self, code: str) -> bool:
        return code in self.codes

    def check(self, code: str) -> None:
        if code not in self.codes:
            raise PermissionDenied(_("Đơn vị «%(code)s» không thuộc phạm vi quản trị của bạn.") % {"code": code})


View = Callable[Concatenate[HttpRequest, Scope, P], HttpResponse]


def admin_only(view: View[P]) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """The view, for a province admin only; it receives the admin's scope after the request."""

    def wrapped(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        return view(request, scope_of(request), *args, **kwargs)

    update_wrapper(wrapped, view)
    return login_required(wrapped)


def scope_of(request: HttpRequest) -> Scope:
    found = permissions.membership(request.user)
    if found is None or found.role != Role.ADMIN or not request.user.is_active:
        raise PermissionDenied(_("Chỉ quản trị cấp tỉnh được dùng trang quản trị."))
    tree = services.hierarchy()
    return Scope(found, tree, permissions.subtree(tree, found.org_unit.code))


def store_wide(scope: Scope) -> None:
    """Frameworks belong to the whole store: only an admin of its top unit changes one."""
    if not scope.store_wide:
        raise PermissionDenied(_("Bộ chỉ tiêu dùng chung cho cả kho: chỉ quản trị của đơn vị cao nhất được thay "
                                 "đổi."))

"""Who reads the provinces' page: the ministry every province, a province its own row only.

The ministry's accounts are those of its own unit, a nation or ministry at the top of the store's tree
(the provinces beside it, not below it: the official lists have no nation). Any other account reads the
rows of the provinces in its scope, as on every other page: a province's user sees its own province, ranked
among all of them («5/34»), and no other province's figures. An account that covers no province is refused.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from chiso.orgunits.model import Hierarchy, OrgUnit
from chiso.store import services
from chiso.web.accounts import permissions
from chiso.web.dashboard import access


def reads_every_province(request: HttpRequest) -> bool:
    """Whether the account is the ministry's own: its unit a nation or a ministry at the top of the tree."""
    return permissions.oversees_all(services.hierarchy(), permissions.scope_root(request.user))


def readable(request: HttpRequest, tree: Hierarchy, units: Sequence[OrgUnit]) -> list[OrgUnit]:
    """The provinces of ``units`` the reader may see; 403 when none."""
    if request.user.is_authenticated and reads_every_province(request):
        return list(units)
    reads = access.readable_units(request, tree)
    found = [u for u in units if reads(u.code)]
    if not found:
        raise PermissionDenied(_("Bạn không có quyền xem số liệu của các tỉnh, thành phố."))
    return found

"""Who may see, enter, approve and reopen what: a role over an org unit's subtree.

Scopes are answered from the cached hierarchy (``chiso.store.units.hierarchy``): whether a unit is in one
by walking up from the unit, and which rows of a table are in one by the ids of the subtree's units, or
with no filter at all when the subtree is the whole tree. A national store has thousands of units; no
query carries their codes.
"""

from __future__ import annotations

from typing import TypeVar
from weakref import WeakKeyDictionary

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model, QuerySet

from chiso.orgunits.model import Hierarchy, OrgUnitType
from chiso.store import models, services
from chiso.web.accounts.models import Membership, Role

User = AbstractBaseUser | AnonymousUser
M = TypeVar("M", bound=Model)

# Both are computed once per hierarchy: services.hierarchy() returns the same object until a unit changes.
_subtrees: WeakKeyDictionary[Hierarchy, dict[str, frozenset[str]]] = WeakKeyDictionary()
_unit_ids: WeakKeyDictionary[Hierarchy, dict[str, int]] = WeakKeyDictionary()


def membership(user: User) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.select_related("org_unit").filter(user_id=user.pk).first()


def role(user: User) -> Role | None:
    found = membership(user)
    return Role(found.role) if found else None


def scope_root(user: User) -> str | None:
    """The code of the unit the user acts for: the top of its scope."""
    found = membership(user)
    return found.org_unit.code if found else None


def scope(user: User) -> set[str]:
    """The org unit codes the user acts for: its unit and every unit below it."""
    root = scope_root(user)
    return set() if root is None else set(subtree(services.hierarchy(), root))


def subtree(tree: Hierarchy, code: str) -> frozenset[str]:
    """``code`` and every unit below it, computed once per hierarchy."""
    known = _subtrees.setdefault(tree, {})
    if code not in known:
        known[code] = frozenset(tree.subtree(code)) if code in tree else frozenset()
    return known[code]


def covers(tree: Hierarchy, root: str | None, unit: str) -> bool:
    """Whether ``unit`` is ``root`` or below it: a walk up from the unit, as long as the tree is deep."""
    if root is None or unit not in tree:
        return False
    return unit == root or any(above.code == root for above in tree.ancestors(unit))


OVERSEEING = (OrgUnitType.NATION, OrgUnitType.MINISTRY)


def oversees_all(tree: Hierarchy, root: str | None) -> bool:
    """Whether a scope is a ministry's (or a nation's) at the top of the tree: in a ministry's store the
    provinces stand beside it, not below it (the official lists have no nation), and it reads them all."""
    if root is None or root not in tree:
        return False
    unit = tree[root]
    return unit.type in OVERSEEING and unit.parent not in tree


def reads(tree: Hierarchy, root: str | None, code: str) -> bool:
    """Whether a user of scope ``root`` reads ``code``: a unit it covers, or a group whose members it all covers
    (a group's figures are made of its members')."""
    if code not in tree and tree.is_group(code):
        members = tree.members(code)
        return bool(members) and all(covers(tree, root, member.code) for member in members)
    return covers(tree, root, code)


def in_scope(user: User, unit: str) -> bool:
    return reads(services.hierarchy(), scope_root(user), unit)


def can_view(user: User, unit: str) -> bool:
    if not user.is_authenticated:
        return bool(settings.PUBLIC_DASHBOARD)
    return in_scope(user, unit)


def can_enter(user: User, unit: str) -> bool:
    return _acts_as(user, unit, (Role.ADMIN, Role.REPORTER))


def can_approve(user: User, unit: str) -> bool:
    return _acts_as(user, unit, (Role.ADMIN, Role.APPROVER))


def can_reopen(user: User, unit: str) -> bool:
    return _acts_as(user, unit, (Role.ADMIN,))


def _acts_as(user: User, unit: str, roles: tuple[Role, ...]) -> bool:
    found = membership(user)
    return found is not None and Role(found.role) in roles and covers(services.hierarchy(), found.org_unit.code,
                                                                      unit)


def home_unit(user: User) -> str | None:
    found = membership(user)
    if found is not None:
        return found.org_unit.code
    roots = services.hierarchy().roots()
    return roots[0].code if roots and settings.PUBLIC_DASHBOARD else None


def scoped(query: QuerySet[M], user: User, unit_id: str = "org_unit_id") -> QuerySet[M]:
    """``query`` kept to the rows whose ``unit_id`` is a unit of the user's scope (nothing without one)."""
    root = scope_root(user)
    if root is None:
        return query.none()
    ids = scope_ids(root)
    return query if ids is None else query.filter(**{f"{unit_id}__in": ids})


def scope_ids(root: str) -> list[int] | None:
    """The database ids of ``root`` and the units below it; None when that is every unit (no filter needed)."""
    tree = services.hierarchy()
    codes = subtree(tree, root)
    if len(codes) == len(tree.units):
        return None
    ids = unit_ids(tree)
    return sorted(ids[code] for code in codes if code in ids)


def unit_ids(tree: Hierarchy) -> dict[str, int]:
    """The database id of every unit of ``tree``, read once per hierarchy."""
    if tree not in _unit_ids:
        _unit_ids[tree] = dict(models.OrgUnit.objects.values_list("code", "id"))
    return _unit_ids[tree]

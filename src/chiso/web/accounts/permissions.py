"""Who may see, enter, approve and reopen what: a role over an org unit's subtree."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from chiso.store import services
from chiso.web.accounts.models import Membership, Role

User = AbstractBaseUser | AnonymousUser


def membership(user: User) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.select_related("org_unit").filter(user_id=user.pk).first()


def role(user: User) -> Role | None:
    found = membership(user)
    return Role(found.role) if found else None


def scope(user: User) -> set[str]:
    """The org unit codes the user acts for: its unit and every unit below it."""
    found = membership(user)
    if found is None:
        return set()
    return services.hierarchy().subtree(found.org_unit.code)


def can_view(user: User, unit: str) -> bool:
    if not user.is_authenticated:
        return bool(settings.PUBLIC_DASHBOARD)
    return unit in scope(user)


def can_enter(user: User, unit: str) -> bool:
    return role(user) in (Role.ADMIN, Role.REPORTER) and unit in scope(user)


def can_approve(user: User, unit: str) -> bool:
    return role(user) in (Role.ADMIN, Role.APPROVER) and unit in scope(user)


def can_reopen(user: User, unit: str) -> bool:
    return role(user) is Role.ADMIN and unit in scope(user)


def home_unit(user: User) -> str | None:
    found = membership(user)
    if found is not None:
        return found.org_unit.code
    roots = services.hierarchy().roots()
    return roots[0].code if roots and settings.PUBLIC_DASHBOARD else None

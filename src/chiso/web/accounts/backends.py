"""The model permissions a chiso role gives in the Django admin: an admin reads the store, nothing more.

Values, periods and rates are written through the entry form, the Excel upload, the API and the commands,
which check locks, versions and formulas; the admin's own forms check none of these, so a chiso admin may
only view there (its unit's records: the admin classes narrow every list to the user's scope). Accounts
are made with `chiso user add`. A superuser keeps every permission through Django's own backend.
"""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from chiso.web.accounts.models import Membership, Role

VIEWED = frozenset({"store.view_framework", "store.view_orgunit", "store.view_value", "store.view_submission",
                    "store.view_recordedevaluation", "store.view_orgunitgroup", "store.view_orgunitgroupmember",
                    "accounts.view_membership"})
_CACHE = "_chiso_role_permissions"


class RolePermissions(BaseBackend):
    """Authenticates nobody; answers which permissions a user's chiso role gives."""

    def get_all_permissions(self, user_obj: AbstractBaseUser | AnonymousUser, obj: object = None) -> set[str]:
        # Model-wide, whatever the object: which rows a user may open is the admin classes' scoped querysets.
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        if not hasattr(user_obj, _CACHE):  # asked once per permission the admin checks: read the role once
            role = Membership.objects.filter(user_id=user_obj.pk).values_list("role", flat=True).first()
            setattr(user_obj, _CACHE, set(VIEWED) if role == Role.ADMIN else set())
        found: set[str] = getattr(user_obj, _CACHE)
        return found

    def has_perm(self, user_obj: AbstractBaseUser | AnonymousUser, perm: str, obj: object = None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj: AbstractBaseUser | AnonymousUser, app_label: str) -> bool:
        return any(perm.startswith(f"{app_label}.") for perm in self.get_all_permissions(user_obj))

"""Creating users with a role over an org unit (used by `chiso user add`, the demo and the management pages)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from chiso.errors import InputError
from chiso.store.models import OrgUnit
from chiso.web.accounts.models import Membership, Role


@transaction.atomic
def add_user(username: str, password: str, role: str, unit: str, *, email: str = "",
             check_password: bool = True) -> Membership:
    if role not in Role.values:
        raise InputError(f"vai trò «{role}» không hợp lệ", column="--role", expected=", ".join(Role.values))
    org_unit = OrgUnit.objects.filter(code=unit).first()
    if org_unit is None:
        raise InputError(f"không có đơn vị «{unit}» trong kho", column="--unit", expected="mã một đơn vị đã nạp")
    user_model = get_user_model()
    user, _created = user_model.objects.get_or_create(username=username, defaults={"email": email})
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise InputError("mật khẩu chưa đủ mạnh: " + " ".join(exc.messages), column="--password") from exc
    user.set_password(password)
    return assign(user, role, org_unit)


def assign(user: AbstractBaseUser, role: str, org_unit: OrgUnit, reason: str = "") -> Membership:
    """Gives ``user`` its role over ``org_unit`` (saving the user); ``reason`` goes into the history."""
    user.is_staff = role == Role.ADMIN  # type: ignore[attr-defined]  # an admin reads the store in the Django admin
    user.save()
    found = Membership.objects.filter(user_id=user.pk).first() or Membership(user_id=user.pk)
    found.role, found.org_unit = role, org_unit
    if reason:
        found._change_reason = reason  # type: ignore[attr-defined]  # read by simple_history when it saves
    found.save()
    return found

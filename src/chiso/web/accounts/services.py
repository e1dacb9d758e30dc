"""Creating users with a role over an org unit (used by `chiso user add` and the demo)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
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
    user.is_staff = role == Role.ADMIN
    user.save()
    found, _ = Membership.objects.update_or_create(user=user, defaults={"role": role, "org_unit": org_unit})
    return found

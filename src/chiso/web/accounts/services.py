"""Creating users with a role over an org unit (used by `chiso user add`, the demo and the management pages)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.password_validation import get_default_password_validators, validate_password
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
        checked(password, user)
    user.set_password(password)
    return assign(user, role, org_unit)


# Each rule of Django's validators (settings.AUTH_PASSWORD_VALIDATORS) in words: Django's own Vietnamese lacks
# some, and a refusal names the rule broken and what is expected.
BROKEN = {
    "password_too_short": "ngắn hơn {min_length} ký tự",
    "password_too_common": "nằm trong danh sách mật khẩu phổ biến, dễ bị đoán",
    "password_entirely_numeric": "chỉ gồm chữ số",
    "password_too_similar": "quá giống {verbose_name} của tài khoản",
}
RULES = {
    "MinimumLengthValidator": "ít nhất {min_length} ký tự",
    "NumericPasswordValidator": "không chỉ gồm chữ số",
    "CommonPasswordValidator": "không phải mật khẩu phổ biến",
    "UserAttributeSimilarityValidator": "không giống tên đăng nhập, họ tên hay thư điện tử",
}


def checked(password: str, user: AbstractBaseUser) -> str:
    """``password`` if the configured validators accept it for ``user``; else InputError naming each rule broken
    (all-or-nothing: the caller's transaction leaves no account behind)."""
    try:
        validate_password(password, user)  # type: ignore[arg-type]  # the stubs know only the default User
    except ValidationError as exc:
        broken = [_broken(error) for error in exc.error_list]
        raise InputError("mật khẩu chưa đạt yêu cầu: " + "; ".join(broken), expected=_rules()) from exc
    return password


def _broken(error: ValidationError) -> str:
    params = {key: str(value).lower() for key, value in (error.params or {}).items()}
    words = BROKEN.get(error.code or "")
    return words.format(**params) if words is not None else " ".join(error.messages)


def _rules() -> str:
    found = []
    for validator in get_default_password_validators():
        words = RULES.get(type(validator).__name__)
        if words is not None:
            found.append(words.format(min_length=getattr(validator, "min_length", "")))
    return ", ".join(found)


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

"""The management pages' forms. Every choice of a unit is limited to the admin's scope."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.orgunits.model import OrgUnitType
from chiso.store.models.orgunits import TYPE_NAMES
from chiso.web.accounts.models import Role
from chiso.web.manage.access import Scope

DATE_FORMAT = "%d/%m/%Y"
MAX_UPLOAD = 2 * 1024 * 1024  # a framework or a units file; the largest shipped framework is about 200 kB


def unit_choices(scope: Scope, leave_out: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """The units of the scope, in tree order (each under its parent), as «code name»."""
    return [(code, f"{'  ' * depth}{code} {scope.tree.name(code)}") for code, depth in tree_order(scope)
            if code not in leave_out]


def tree_order(scope: Scope) -> list[tuple[str, int]]:
    """The scope's codes, each parent before its children (by code), with their depth below the root."""
    found: list[tuple[str, int]] = []
    stack = [(scope.root, 0)]
    while stack:
        code, depth = stack.pop()
        found.append((code, depth))
        stack += [(child.code, depth + 1) for child in sorted(scope.tree.children(code), key=lambda u: u.code,
                                                                   reverse=True)]
    return found


class DateField(forms.DateField):
    """A date written dd/mm/yyyy, as every page shows it."""

    widget = forms.DateInput(format=DATE_FORMAT, attrs={"placeholder": "dd/mm/yyyy"})
    input_formats = [DATE_FORMAT]


class ScopedForm(forms.Form):
    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope
        if "unit" in self.fields:
            field = self.fields["unit"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = unit_choices(scope)


class UserChangeForm(ScopedForm):
    name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=150, required=False)
    email = forms.EmailField(label=gettext_lazy("Thư điện tử"), required=False)
    role = forms.ChoiceField(label=gettext_lazy("Vai trò"), choices=Role.choices)
    unit = forms.ChoiceField(label=gettext_lazy("Đơn vị"))


class UserCreateForm(UserChangeForm):
    username = forms.CharField(label=gettext_lazy("Tên đăng nhập"), max_length=150)
    field_order = ["username", "name", "email", "role", "unit"]

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        model = get_user_model()
        model.username_validator(username)
        if model.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Tên đăng nhập «%(name)s» đã có người dùng.") % {"name": username})
        return username


class UnitForm(ScopedForm):
    """A unit's fields; ``code`` only for a new one, ``parent`` never for the admin's own unit."""

    code = forms.RegexField(label=gettext_lazy("Mã"), regex=r"^[A-Za-z0-9_.-]{1,20}$", max_length=20,
                            help_text=gettext_lazy("Mã đơn vị hành chính, ví dụ 99001."))
    name = forms.CharField(label=gettext_lazy("Tên"), max_length=200)
    type = forms.ChoiceField(label=gettext_lazy("Loại"), choices=[(t.value, n) for t, n in TYPE_NAMES.items()])
    parent = forms.ChoiceField(label=gettext_lazy("Đơn vị cấp trên"))
    valid_from = DateField(label=gettext_lazy("Hiệu lực từ"), required=False)
    valid_to = DateField(label=gettext_lazy("Hiệu lực đến"), required=False)

    def __init__(self, *args: Any, scope: Scope, editing: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, scope=scope, **kwargs)
        self.editing = editing
        if editing is not None:
            del self.fields["code"]
        if editing == scope.root:
            del self.fields["parent"]
        else:
            below = scope.tree.subtree(editing) if editing is not None and editing in scope.tree else set()
            parent = self.fields["parent"]
            assert isinstance(parent, forms.ChoiceField)
            parent.choices = unit_choices(scope, leave_out=frozenset(below))  # a unit cannot sit under itself

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        if code in self.scope.tree.units or self.scope.tree.is_group(code):
            raise forms.ValidationError(_("Mã «%(code)s» đã có trong kho.") % {"code": code})
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Ngày hết hiệu lực trước ngày bắt đầu hiệu lực."))
        return data


class FileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp"))

    def clean_file(self) -> Any:
        found = self.cleaned_data["file"]
        if found.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Tệp lớn hơn 2 MB."))
        return found


class ConfirmForm(forms.Form):
    """A framework text checked and shown as a diff, sent back to be stored; ``base`` is the stored text's
    digest when the diff was made, so a framework changed meanwhile is not overwritten unseen."""

    source = forms.CharField(widget=forms.HiddenInput, strip=False)
    base = forms.CharField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(widget=forms.HiddenInput, required=False)


class TargetForm(forms.Form):
    value = forms.CharField(label=gettext_lazy("Mức chỉ tiêu"), max_length=100, required=False,
                            help_text=gettext_lazy("Ví dụ 90%, >50%, 20."))
    text = forms.CharField(label=gettext_lazy("Văn bản chỉ tiêu"), max_length=500, required=False,
                           help_text=gettext_lazy("Như văn bản giao chỉ tiêu ghi; để trống thì dùng mức chỉ tiêu."))
    period = forms.CharField(label=gettext_lazy("Thời hạn"), max_length=40,
                             help_text=gettext_lazy("Một kỳ (2025, 2026S1, 2026Q2) hoặc một giai đoạn (2025:2027)."))
    units = forms.CharField(label=gettext_lazy("Áp dụng cho các đơn vị (mã, cách nhau bằng dấu phẩy)"),
                            required=False)
    types = forms.MultipleChoiceField(label=gettext_lazy("Áp dụng cho các loại đơn vị"), required=False,
                                      widget=forms.CheckboxSelectMultiple,
                                      choices=[(t.value, TYPE_NAMES[t]) for t in OrgUnitType])
    groups = forms.CharField(label=gettext_lazy("Áp dụng cho thành viên các nhóm (mã, cách nhau bằng dấu phẩy)"),
                             required=False)

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope

    def clean_units(self) -> tuple[str, ...]:
        codes = _codes(self.cleaned_data["units"])
        unknown = [c for c in codes if c not in self.scope.tree.units and not self.scope.tree.is_group(c)]
        if unknown:
            raise forms.ValidationError(_("Không có đơn vị: %(codes)s.") % {"codes": ", ".join(unknown)})
        return codes

    def clean_groups(self) -> tuple[str, ...]:
        codes = _codes(self.cleaned_data["groups"])
        unknown = [c for c in codes if c not in self.scope.tree.groups]
        if unknown:
            raise forms.ValidationError(_("Không có nhóm đơn vị: %(codes)s.") % {"codes": ", ".join(unknown)})
        return codes


def _codes(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for part in text.replace(";", ",").split(",") if part.strip()))


# Django's own validators, used when the deployment configures none (AUTH_PASSWORD_VALIDATORS empty): a password
# an admin sets for someone else is at least not a common, numeric, short or username-like one.
DEFAULT_VALIDATORS = [{"NAME": f"django.contrib.auth.password_validation.{name}"} for name in
                      ("UserAttributeSimilarityValidator", "MinimumLengthValidator", "CommonPasswordValidator",
                       "NumericPasswordValidator")]


def password_validators() -> list[Any]:
    return password_validation.get_password_validators(settings.AUTH_PASSWORD_VALIDATORS or DEFAULT_VALIDATORS)


class PasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    """Django's set-password form, checked by the configured validators or else by Django's defaults."""

    def validate_password_for_user(self, user: Any, password_field_name: str = "new_password2") -> None:
        password = self.cleaned_data.get(password_field_name)
        if password:
            try:
                password_validation.validate_password(password, user, password_validators())
            except forms.ValidationError as error:
                self.add_error(password_field_name, error)

"""The forms of the data set pages: a data set (whom it asks, its schedule), an entry exception, an early opening.

Each refusal is located: on the field it is about (a unit code outside the admin's scope, a due day before the
opening day), or on the form when it is about the whole (a data set that would ask units of another province).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.errors import InputError
from chiso.orgunits.model import Hierarchy, OrgUnitType, active_during
from chiso.periods import Period, PeriodType
from chiso.rounds import Schedule
from chiso.rounds.gate import reach
from chiso.rounds.model import MOST_DAYS
from chiso.store import models, services
from chiso.store import rounds as stored
from chiso.web.accounts import permissions
from chiso.web.entry.sheet import keyed

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
DAY_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
SEPARATORS = re.compile(r"[\s,;]+")


def codes(text: str) -> list[str]:
    """«643, 644;645» → ["643", "644", "645"]: codes separated by commas, semicolons or spaces."""
    return [part for part in SEPARATORS.split(text.strip()) if part]


class DataSetForm(forms.ModelForm):  # type: ignore[type-arg]
    """A data set as the admin edits it; ``version`` is the latest history row seen when the form was loaded."""

    indicators = forms.MultipleChoiceField(label=gettext_lazy("Chỉ tiêu"), required=False,
                                           widget=forms.CheckboxSelectMultiple,
                                           help_text=gettext_lazy("Không chọn: mọi chỉ tiêu nhập của bộ chỉ tiêu."))
    units = forms.CharField(label=gettext_lazy("Đơn vị"), required=False,
                            help_text=gettext_lazy("Mã đơn vị, cách nhau bởi dấu phẩy hoặc khoảng trắng."))
    unit_types = forms.MultipleChoiceField(label=gettext_lazy("Loại đơn vị"), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    groups = forms.CharField(label=gettext_lazy("Nhóm đơn vị"), required=False,
                             help_text=gettext_lazy("Mã nhóm, cách nhau bởi dấu phẩy hoặc khoảng trắng."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = models.DataSet
        fields = ["code", "name", "framework", "period_type", "indicators", "units", "unit_types", "groups",
                  "opens_days", "due_days", "closes_days", "active"]

    def __init__(self, *args: Any, root: str, framework: models.Framework | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.root, self.tree = root, services.hierarchy()
        posted = str(self.data.get("framework", ""))
        record = (models.Framework.objects.filter(pk=posted).first() if posted.isdigit() else None) or framework
        record = record or self.instance_framework()
        self.fields["indicators"].choices = _indicator_choices(record)  # type: ignore[attr-defined]
        self.fields["unit_types"].choices = [(t.value, t.label) for t in OrgUnitType]  # type: ignore[attr-defined]
        if record is not None:
            self.initial.setdefault("framework", record.pk)
        if self.instance.pk:
            self.initial["units"] = ", ".join(self.instance.units)
            self.initial["groups"] = ", ".join(self.instance.groups)
        self.initial.setdefault("version", latest_version(self.instance))

    def instance_framework(self) -> models.Framework | None:
        return self.instance.framework if self.instance.framework_id else None

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        if not CODE.match(code):
            raise forms.ValidationError(_("Mã «%(code)s» chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang hoặc gạch "
                                          "dưới.") % {"code": code})
        return code

    def clean_units(self) -> list[str]:
        found = codes(self.cleaned_data["units"])
        unknown = [c for c in found if c not in self.tree]
        if unknown:
            raise forms.ValidationError(_("Không có đơn vị mã %(codes)s.") % {"codes": ", ".join(unknown)})
        outside = [c for c in found if not permissions.covers(self.tree, self.root, c)]
        if outside:
            raise forms.ValidationError(_("Đơn vị %(codes)s ngoài phạm vi quản trị của bạn.")
                                        % {"codes": ", ".join(outside)})
        return found

    def clean_groups(self) -> list[str]:
        found = codes(self.cleaned_data["groups"])
        unknown = [c for c in found if not self.tree.is_group(c)]
        if unknown:
            raise forms.ValidationError(_("Không có nhóm đơn vị mã %(codes)s.") % {"codes": ", ".join(unknown)})
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_schedule(self, data)
        if not self.errors:
            _check_reach(self, data)
        return data


def _indicator_choices(record: models.Framework | None) -> list[tuple[str, str]]:
    if record is None:
        return []
    framework = services.frameworks().get(record.code)
    return [] if framework is None else [(i.code, f"{i.code} — {i.name}") for i in keyed(framework)]


def _check_schedule(form: DataSetForm, data: dict[str, Any]) -> None:
    """Each day within a year of the period's end, the due day not before the opening, closing not before due;
    the core's Schedule has the last word (its refusal on the form, should it ever disagree)."""
    days = {name: data.get(name) for name in ("opens_days", "due_days", "closes_days")}
    for name, value in days.items():
        if value is not None and abs(value) > MOST_DAYS:
            form.add_error(name, _("%(days)s ngày là quá lớn: từ -%(most)s đến %(most)s.")
                           % {"days": value, "most": MOST_DAYS})
    opens, due, closes = days["opens_days"], days["due_days"], days["closes_days"]
    if opens is None or due is None or form.errors:
        return
    if due < opens:
        form.add_error("due_days", _("Hạn nộp (%(due)s) sớm hơn ngày mở nhập (%(opens)s).")
                       % {"due": due, "opens": opens})
    elif closes is not None and closes < due:
        form.add_error("closes_days", _("Ngày khóa nhập (%(closes)s) sớm hơn hạn nộp (%(due)s).")
                       % {"closes": closes, "due": due})
    else:
        try:
            Schedule(opens, due, closes)
        except InputError as error:
            form.add_error(None, str(error))


def _check_reach(form: DataSetForm, data: dict[str, Any]) -> None:
    """A data set asks only units of the admin's scope: unit types and groups may reach beyond it."""
    record = models.DataSet(code=data["code"], name=data["name"], framework=data["framework"],
                            period_type=data["period_type"], indicators=data.get("indicators") or [],
                            units=data.get("units") or [], unit_types=data.get("unit_types") or [],
                            groups=data.get("groups") or [], opens_days=data["opens_days"],
                            due_days=data["due_days"], closes_days=data.get("closes_days"))
    outside = sorted(c for c in reach(stored.data_set(record), form.tree, timezone.localdate())
                     if not permissions.covers(form.tree, form.root, c))
    if outside:
        shown = ", ".join(outside[:10]) + ("…" if len(outside) > 10 else "")
        form.add_error(None, _("Bộ biểu này sẽ yêu cầu cả %(count)s đơn vị ngoài phạm vi quản trị của bạn (%(codes)s); "
                               "hãy chọn đơn vị, loại đơn vị hoặc nhóm trong phạm vi.")
                       % {"count": len(outside), "codes": shown})


def latest_version(record: models.DataSet) -> int:
    """The id of the record's newest history row: a version that moves with every change (0 before the first)."""
    if not record.pk:
        return 0
    found = record.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return int(found or 0)


def manages(tree: Hierarchy, root: str, record: models.DataSet, today: date) -> bool:
    """Whether an admin of ``root`` manages this data set: every unit it concerns is in the admin's scope."""
    return all(permissions.covers(tree, root, code) for code in reach(stored.data_set(record), tree, today))


class ExceptionForm(forms.Form):
    """Entry allowed to one unit for one period after its round closed (or before it opened), until a day."""

    unit = forms.CharField(label=gettext_lazy("Đơn vị (mã)"))
    period = forms.CharField(label=gettext_lazy("Kỳ (mã, ví dụ 2026S1)"))
    until = forms.DateField(label=gettext_lazy("Cho phép đến ngày (dd/mm/yyyy)"), input_formats=DAY_FORMATS)
    reason = forms.CharField(label=gettext_lazy("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, data_set: models.DataSet, root: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.data_set, self.root, self.tree = data_set, root, services.hierarchy()

    def clean_unit(self) -> str:
        code: str = self.cleaned_data["unit"].strip()
        if code not in self.tree:
            raise forms.ValidationError(_("Không có đơn vị mã %(code)s.") % {"code": code})
        if not permissions.covers(self.tree, self.root, code):
            raise forms.ValidationError(_("Đơn vị %(code)s ngoài phạm vi quản trị của bạn.") % {"code": code})
        if not stored.data_set(self.data_set).asks(self.tree[code], self.tree):
            raise forms.ValidationError(_("Bộ biểu %(data_set)s không yêu cầu đơn vị %(code)s.")
                                        % {"data_set": self.data_set.code, "code": code})
        return code

    def clean_period(self) -> Period:
        return parse_period(self.cleaned_data["period"], self.data_set)

    def clean_until(self) -> date:
        until: date = self.cleaned_data["until"]
        if until < timezone.localdate():
            raise forms.ValidationError(_("Ngày %(day)s đã qua.") % {"day": f"{until:%d/%m/%Y}"})
        return until

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit, period = data.get("unit"), data.get("period")
        if isinstance(unit, str) and isinstance(period, Period) and not active_during(self.tree[unit], period):
            self.add_error("period", _("Đơn vị %(code)s không tồn tại trong kỳ này.") % {"code": unit})
        return data


def parse_period(text: str, data_set: models.DataSet) -> Period:
    """A period of the data set's type, or a refusal saying what was expected."""
    try:
        period = Period.parse(text.strip())
    except InputError as error:
        raise forms.ValidationError(str(error)) from error
    if period.type is not PeriodType(data_set.period_type):
        raise forms.ValidationError(_("Bộ biểu %(data_set)s báo cáo theo %(kind)s; kỳ %(code)s không phải loại đó.")
                                    % {"data_set": data_set.code, "kind": data_set.get_period_type_display(),
                                       "code": period.code})
    return period

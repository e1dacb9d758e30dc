"""The page's two forms: choose a template to download, and upload a filled one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chiso.errors import InputError
from chiso.periods import Period
from chiso.store import models
from chiso.web.dashboard.display import period_label
from chiso.web.entry import listing
from chiso.web.transfer.upload import MAX_BYTES


class ChooseForm(forms.Form):
    """Framework × unit × period. The unit is checked against the user's scope by the view, not here, so that
    a unit outside it gets a message saying so rather than "not one of the choices"."""

    framework = forms.ChoiceField(label=_("Bộ chỉ tiêu"))
    unit = forms.CharField(label=_("Đơn vị"), widget=forms.Select)
    period = forms.CharField(label=_("Kỳ báo cáo"), widget=forms.Select)

    def __init__(self, *args: Any, units: list[models.OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["framework"].choices = [  # type: ignore[attr-defined]
            (f.code, f"{f.code} — {f.title}") for f in models.Framework.objects.order_by("code")]
        self.fields["unit"].widget.choices = [(u.code, f"{u.code} — {u.name}") for u in units]
        recent = listing.recent_periods(timezone.localdate())
        self.fields["period"].widget.choices = [
            (_("Nửa năm"), [(p.code, period_label(p)) for p in recent["halves"]]),
            (_("Năm"), [(p.code, period_label(p)) for p in recent["years"]])]
        self.fields["period"].initial = listing.default_period(timezone.localdate()).code

    def clean_period(self) -> str:
        try:
            return Period.parse(self.cleaned_data["period"]).code
        except InputError as error:
            raise forms.ValidationError(str(error)) from error


class UploadForm(ChooseForm):
    file = forms.FileField(label=_("Tệp Excel đã điền (.xlsx)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "upload_%s")  # both forms share a page: element ids must differ
        super().__init__(*args, **kwargs)

    def clean_file(self) -> UploadedFile[bytes]:
        file: UploadedFile[bytes] = self.cleaned_data["file"]
        if file.size is not None and file.size > MAX_BYTES:  # refused before it is read into memory
            raise forms.ValidationError(_("Tệp quá lớn để là một mẫu nhập liệu (tối đa 5 MB)."))
        return file

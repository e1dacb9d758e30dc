"""Past appendices in from the web: upload a file, see what it would write, confirm; as `chiso import appendix`.

The uploaded file is kept in a temporary folder named by its sha256 (under its own name, which every value's
source carries), and the session remembers which file, framework and unit the admin previewed. The
confirmation names the sha256 it was shown; the file is read again from the folder and refused when its
sha256 is no longer that one (another upload in the meantime, or the file changed on disk). It is previewed
again against the store as it is now, and written only when nothing blocks, all at once
(``services.save_bundle``), with the rows the admin accepted.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from chiso.appendix.importer import Preview, RowReading, preview, row_key
from chiso.appendix.proposals import Change
from chiso.errors import InputError
from chiso.io.files import Bundle
from chiso.store import services
from chiso.web.dashboard.display import STATUS_NAMES
from chiso.web.manage.access import Scope, admin_only
from chiso.web.manage.forms import unit_choices

MAX_APPENDIX = 20 * 1024 * 1024  # an appendix with a few pictures; the readers' own bound is larger
SESSION_KEY = "chiso.manage.appendix"
FOLDER = Path(tempfile.gettempdir()) / "chiso-phu-luc"


class AppendixForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp phụ lục (Word, Excel, HTML, PDF, ảnh quét hoặc chữ trích từ PDF)"))
    framework = forms.ChoiceField(label=gettext_lazy("Bộ chỉ tiêu"))
    unit = forms.ChoiceField(label=gettext_lazy("Đơn vị"))

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["framework"].choices = [(code, f"{code} {f.title}")  # type: ignore[attr-defined]
                                            for code, f in sorted(services.frameworks().items())]
        self.fields["unit"].choices = unit_choices(scope)  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        found = self.cleaned_data["file"]
        if found.size > MAX_APPENDIX:
            raise forms.ValidationError(_("Tệp lớn hơn 20 MB."))
        if Path(found.name or "").suffix.lower() not in suffixes():
            raise forms.ValidationError(_("Chỉ đọc được tệp %(suffixes)s.") % {"suffixes": ", ".join(suffixes())})
        return found


def suffixes() -> tuple[str, ...]:
    """The suffixes the appendix readers read, and text extracted from a PDF."""
    from chiso.appendix.readers import table_readers
    from chiso.appendix.text import TEXT_SUFFIXES

    return (*(s for reader in table_readers() for s in reader.suffixes), *TEXT_SUFFIXES)


@dataclass(frozen=True)
class Kept:
    """The file previewed: its sha256 and name (its folder), and the framework and unit it is read for."""

    sha256: str
    name: str
    framework: str
    unit: str

    @property
    def path(self) -> Path:
        return FOLDER / self.sha256 / self.name


@admin_only
@require_http_methods(["GET", "POST"])
def appendix_upload(request: HttpRequest, scope: Scope) -> HttpResponse:
    form = AppendixForm(request.POST or None, request.FILES or None, scope=scope)
    if request.method == "GET" or not form.is_valid():
        return _form_page(request, form, [], 200 if request.method == "GET" else 400)
    upload = form.cleaned_data["file"]
    data = upload.read()
    kept = Kept(hashlib.sha256(data).hexdigest(), Path(upload.name).name, form.cleaned_data["framework"],
                form.cleaned_data["unit"])
    kept.path.parent.mkdir(parents=True, exist_ok=True)
    kept.path.write_bytes(data)
    request.session[SESSION_KEY] = asdict(kept)
    try:
        found = _read(kept)
    except InputError as exc:
        return _form_page(request, form, [exc], 400)
    return _preview_page(request, kept, found, [], 200)


@admin_only
@require_POST
def appendix_apply(request: HttpRequest, scope: Scope) -> HttpResponse:
    kept = _kept(request)
    if kept is None or request.POST.get("sha256") != kept.sha256 or _digest(kept.path) != kept.sha256:
        messages.error(request, _("Tệp đã xem trước không còn như lúc xem (đã có tệp khác được tải lên hoặc tệp "
                                  "đã thay đổi): chưa ghi gì, hãy tải lên lại."))
        return _form_page(request, AppendixForm(scope=scope), [], 409)
    scope.check(kept.unit)  # the admin's scope may have changed since the preview
    found = _read(kept)
    accepted = request.POST.getlist("accept")
    if found.blocking(accepted):
        return _preview_page(request, kept, found, accepted, 400)
    values, evaluations = _write(request, found)
    request.session.pop(SESSION_KEY, None)
    shutil.rmtree(kept.path.parent, ignore_errors=True)
    messages.success(request, _("Đã ghi %(values)d giá trị và %(evaluations)d đánh giá của đơn vị %(unit)s, bộ chỉ "
                                "tiêu %(framework)s, từ tệp %(name)s.") % {
        "values": values, "evaluations": evaluations, "unit": kept.unit, "framework": kept.framework,
        "name": kept.name})
    return redirect("manage:appendix")


@transaction.atomic
def _write(request: HttpRequest, found: Preview) -> tuple[int, int]:
    values, evaluations = found.values(), found.evaluations()
    if values or evaluations:
        services.save_bundle(Bundle(values=values, evaluations=evaluations),
                             recorded_by=request.user.get_username())
    return len(values), len(evaluations)


def _read(kept: Kept) -> Preview:
    """The kept file previewed against the store as it is now; a refusal names the file as uploaded."""
    from chiso.appendix.text import tables_of

    framework = services.frameworks()[kept.framework]
    try:
        tables = tables_of(kept.path, framework)
    except InputError as exc:
        raise InputError(exc.message, file=kept.name, line=exc.line, column=exc.column,
                         expected=exc.expected) from exc
    stored = {(v.indicator, v.period): v.value for v in services.values(kept.framework, kept.unit) if not v.origin}
    return preview(framework, kept.unit, tables, stored)


def _kept(request: HttpRequest) -> Kept | None:
    found = request.session.get(SESSION_KEY)
    try:
        return Kept(**found) if isinstance(found, dict) else None
    except TypeError:
        return None  # a session written by another version of this page


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # the temporary folder was cleaned


def _preview_page(request: HttpRequest, kept: Kept, found: Preview, accepted: list[str],
                  status: int) -> HttpResponse:
    unsure = {row_key(row) for row in found.unsure()}
    return render(request, "manage/appendix_preview.html", {
        "kept": kept, "unit": services.hierarchy().name(kept.unit),
        "rows": [_row(row, unsure, accepted) for row in found.rows],
        "counts": _counts(found), "blocking": found.blocking(accepted), "restored": found.restored,
        "can_write": not found.blocking(unsure)}, status=status)


def _row(row: RowReading, unsure: set[str], accepted: list[str]) -> dict[str, object]:
    key = row_key(row)
    return {"key": key, "number": row.number, "name": row.name, "indicator": row.match.indicator,
            "confidence": round(row.match.confidence), "reason": row.match.reason, "unsure": key in unsure,
            "accepted": key in accepted, "problems": row.problems, "target": row.target,
            "figures": [{"proposal": p, "status": STATUS_NAMES[p.status] if p.status else ""} for p in row.proposals]}


def _counts(found: Preview) -> dict[str, int]:
    counts = {change.value: sum(p.change is change and not p.judged for p in found.proposals) for change in Change}
    return {**counts, "judged": sum(p.judged for p in found.proposals)}


def _form_page(request: HttpRequest, form: AppendixForm, errors: list[InputError], status: int) -> HttpResponse:
    return render(request, "manage/appendix.html", {"form": form, "errors": errors}, status=status)

"""Org units of the admin's subtree: the tree, a unit's edit, a new unit, and a CSV import.

Units are written by the store (``services.save_org_units``), as `chiso load` writes them; every write
leaves a history row, which moves the hierarchy's stamp, so every page reads the new tree at once.
A CSV is read by the loader of `chiso load` (``chiso.io.files.read_files``), with its errors by row and
column, and written all at once or not at all; a unit outside the admin's subtree is refused the same way.
The reasons written into the history are Vietnamese whatever the page's language: the history is the
store's record, read by everyone alike.
"""

from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from chiso.errors import InputError, InputErrors
from chiso.io.files import read_files
from chiso.orgunits.model import OrgUnit, OrgUnitType
from chiso.store import models, services
from chiso.store.models.orgunits import TYPE_NAMES
from chiso.web.dashboard.unitpage import history, unit_href
from chiso.web.manage.access import Scope, admin_only
from chiso.web.manage.forms import FileForm, UnitForm

IMPORT_NAME = "don-vi.csv"  # what a file is called in the errors when its own name cannot be used


@dataclass
class Node:
    unit: OrgUnit
    type_label: str
    children: list[Node] = field(default_factory=list)


@admin_only
def unit_tree(request: HttpRequest, scope: Scope) -> HttpResponse:
    return render(request, "manage/units.html", {"root": _node(scope, scope.root), "count": len(scope.codes),
                                                 "import_form": FileForm()})


@admin_only
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, scope: Scope, code: str) -> HttpResponse:
    scope.check(code)
    unit = scope.tree.true.get(code, scope.tree[code])  # the version itself, not reaching back to its predecessors
    initial = {"name": unit.name, "type": unit.type.value, "parent": unit.parent, "valid_from": unit.valid_from,
               "valid_to": unit.valid_to}
    form = UnitForm(request.POST or None, scope=scope, editing=code, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _save_one(request, scope, OrgUnit(code, data["name"], OrgUnitType(data["type"]),
                                          data.get("parent", unit.parent), data["valid_from"], data["valid_to"]),
                  "sửa đơn vị")
        messages.success(request, _("Đã lưu đơn vị %(code)s.") % {"code": code})
        return redirect("manage:units")
    shown = {"form": form, "unit": unit, "unit_href": unit_href(scope.tree, unit), **history(scope.tree, code, unit)}
    return render(request, "manage/unit_form.html", shown, status=400 if form.errors else 200)


@admin_only
@require_http_methods(["GET", "POST"])
def unit_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    form = UnitForm(request.POST or None, scope=scope, initial={"parent": request.GET.get("parent", scope.root),
                                                                "type": OrgUnitType.COMMUNE.value})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _save_one(request, scope, OrgUnit(data["code"], data["name"], OrgUnitType(data["type"]), data["parent"],
                                          data["valid_from"], data["valid_to"]), "thêm đơn vị")
        messages.success(request, _("Đã thêm đơn vị %(code)s.") % {"code": data["code"]})
        return redirect("manage:units")
    return render(request, "manage/unit_form.html", {"form": form}, status=400 if form.errors else 200)


@admin_only
@require_http_methods(["POST"])
def unit_import(request: HttpRequest, scope: Scope) -> HttpResponse:
    form = FileForm(request.POST, request.FILES)
    errors: list[InputError] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        name = Path(upload.name or IMPORT_NAME).name
        try:
            units = read_units(upload.read(), name, scope)
        except InputErrors as exc:
            errors = exc.errors
        except InputError as exc:
            errors = [exc]
        else:
            _save(request, units, f"nhập đơn vị từ tệp {name}")
            messages.success(request, _("Đã nhập %(count)s đơn vị từ %(name)s.") % {"count": len(units), "name": name})
            return redirect("manage:units")
    return render(request, "manage/units.html", {"root": _node(scope, scope.root), "count": len(scope.codes),
                                                 "import_form": form, "errors": errors}, status=400)


def read_units(raw: bytes, name: str, scope: Scope) -> list[OrgUnit]:
    """The units of a CSV as `chiso load` reads it, each inside the admin's subtree; InputError(s) otherwise."""
    if not name.lower().endswith(".csv"):
        raise InputError(_("cần một tệp .csv"), file=name, expected="code,name,type,parent,valid_from,valid_to")
    with tempfile.TemporaryDirectory(prefix="chiso-units-") as folder:
        path = Path(folder) / name
        path.write_bytes(raw)
        try:
            bundle = read_files([path], services.frameworks(), set(scope.tree.units), group_codes=scope.tree.groups)
        except InputErrors as exc:
            raise InputErrors([_named(e, str(path), name) for e in exc.errors]) from exc
        except InputError as exc:
            raise _named(exc, str(path), name) from exc
    if not bundle.org_units or bundle.values or bundle.evaluations or bundle.groups:
        raise InputError(_("tệp không phải bảng đơn vị"), file=name, line=1,
                         expected="tiêu đề code,name,type,parent,valid_from,valid_to")
    _check_scope(bundle.org_units, _lines(raw), name, scope)
    return bundle.org_units


def _named(error: InputError, path: str, name: str) -> InputError:
    """The error naming the file as the admin uploaded it, not the temporary copy the loader read."""
    return InputError(error.message, file=name if error.file == path else error.file, line=error.line,
                      column=error.column, expected=error.expected)


def _lines(raw: bytes) -> dict[str, int]:
    """The line of each code in the file, for the errors of the scope check (the loader has read it already)."""
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    return {(row.get("code") or "").strip(): reader.line_num for row in reader}


def _check_scope(units: list[OrgUnit], lines: dict[str, int], name: str, scope: Scope) -> None:
    """Every unit of the file stays inside the subtree: a stored one must be in it, a new or moved one must hang
    below the admin's unit through units of the subtree or of the file, and the admin's own unit keeps its place."""
    given = {u.code: u for u in units}
    errors = []
    for unit in units:
        problem = _out_of_scope(unit, given, scope)
        if problem is not None:
            errors.append(InputError(problem[0], file=name, line=lines.get(unit.code), column=problem[1],
                                     expected=_("đơn vị thuộc %(root)s %(name)s hoặc cấp dưới")
                                     % {"root": scope.root, "name": scope.tree.name(scope.root)}))
    if errors:
        raise InputErrors(errors) if len(errors) > 1 else errors[0]


def _out_of_scope(unit: OrgUnit, given: dict[str, OrgUnit], scope: Scope) -> tuple[str, str] | None:
    if unit.code in scope.tree.units and not scope.covers(unit.code):
        return _("đơn vị %(code)s không thuộc phạm vi quản trị của bạn") % {"code": unit.code}, "code"
    if unit.code == scope.root:
        if unit.parent != scope.tree[scope.root].parent:
            return _("không đổi được đơn vị cấp trên của đơn vị bạn quản trị"), "parent"
        return None
    seen, parent = {unit.code}, unit.parent
    while parent in given and parent not in scope.codes and parent not in seen:
        seen.add(parent)
        parent = given[parent].parent
    if parent not in scope.codes or parent in seen:
        return _("đơn vị cấp trên «%(parent)s» của %(code)s không thuộc phạm vi quản trị của bạn") % {
            "parent": unit.parent, "code": unit.code}, "parent"
    return None


def _save_one(request: HttpRequest, scope: Scope, unit: OrgUnit, reason: str) -> None:
    if unit.code != scope.root:
        scope.check(unit.parent)
    _save(request, [unit], reason)


@transaction.atomic
def _save(request: HttpRequest, units: list[OrgUnit], reason: str) -> None:
    """Writes the units through the store, then names the reason on the history rows this write made."""
    history = models.OrgUnit.history.model
    last = history.objects.order_by("-history_id").values_list("history_id", flat=True).first() or 0
    services.save_org_units(units)
    history.objects.filter(history_id__gt=last, history_user_id=request.user.pk).update(
        history_change_reason=reason[:100])


def _node(scope: Scope, code: str) -> Node:
    unit = scope.tree[code]
    children = sorted(scope.tree.children(code), key=lambda u: u.code)
    return Node(unit, str(TYPE_NAMES[unit.type]), [_node(scope, child.code) for child in children])


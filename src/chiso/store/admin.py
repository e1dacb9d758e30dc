"""The store in the Django admin: each list narrowed to the user's units, read-only for a chiso admin.

Which permissions a chiso role gives is chiso.web.accounts.backends; which rows a user may see is the
accounts app's scope (its unit and every unit below it), the same as on the pages and in the API.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from chiso.catalog.loader import load_framework
from chiso.store import models
from chiso.web.accounts import permissions


class ScopedAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    """Rows and their history only of the user's units (every row for a superuser)."""

    unit_field: str | None = "org_unit_id"  # None: the same for everyone (frameworks)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self._scoped(super().get_queryset(request), request)

    def get_history_queryset(self, request: HttpRequest, history_manager: Any, pk_name: str,
                             object_id: Any) -> QuerySet[Any]:
        # Asked directly too, for a row the list does not show: an id outside the scope has no history to see.
        return self._scoped(super().get_history_queryset(request, history_manager, pk_name, object_id), request)

    def _scoped(self, rows: QuerySet[Model], request: HttpRequest) -> QuerySet[Model]:
        if self.unit_field is None or request.user.is_superuser:
            return rows
        return permissions.scoped(rows, request.user, unit_id=self.unit_field)


class FrameworkForm(forms.ModelForm):  # type: ignore[type-arg]
    """The official source, chosen among those the framework declares, when it names none itself."""

    class Meta:
        model = models.Framework
        fields = ["official_origin"]

    def clean_official_origin(self) -> str:
        chosen: str = self.cleaned_data["official_origin"].strip()
        framework = load_framework(self.instance.source, file=self.instance.code)
        declared = next((s.code for s in framework.sources if s.official), None)
        if chosen and declared is not None:
            raise forms.ValidationError(_("Bộ chỉ tiêu đã khai báo nguồn chính thức «%(code)s».") % {"code": declared})
        if not framework.knows_origin(chosen):
            raise forms.ValidationError(_("Bộ chỉ tiêu không khai báo nguồn «%(code)s»; các nguồn: %(codes)s.")
                                        % {"code": chosen, "codes": ", ".join(s.code for s in framework.sources)
                                           or "—"})
        return chosen


@admin.register(models.Framework)
class FrameworkAdmin(ScopedAdmin):
    unit_field = None
    list_display = ["code", "title", "official_origin", "loaded_at"]
    form = FrameworkForm
    fields = ["code", "title", "official_origin"]
    readonly_fields = ["code", "title"]


@admin.register(models.OrgUnit)
class OrgUnitAdmin(ScopedAdmin):
    unit_field = "id"
    list_display = ["code", "name", "type", "parent", "valid_from", "valid_to"]
    list_filter = ["type"]
    list_select_related = ["parent"]
    search_fields = ["code", "name"]


@admin.register(models.OrgUnitVersion)
class OrgUnitVersionAdmin(ScopedAdmin):
    unit_field = "org_unit_id"
    list_display = ["org_unit", "name", "type", "parent", "valid_from", "valid_to"]
    list_filter = ["type"]
    list_select_related = ["org_unit", "parent"]
    search_fields = ["org_unit__code", "name"]


@admin.register(models.OrgUnitLink)
class OrgUnitLinkAdmin(ScopedAdmin):
    unit_field = "successor_id"
    list_display = ["predecessor", "successor", "on", "kind", "share", "basis", "default", "note"]
    list_filter = ["kind", "on"]
    list_select_related = ["predecessor", "successor"]
    search_fields = ["predecessor__code", "successor__code", "note"]


@admin.register(models.Value)
class ValueAdmin(ScopedAdmin):
    list_display = ["framework", "indicator", "org_unit", "period", "origin", "value", "note"]
    list_filter = ["framework", "origin", "period"]
    list_select_related = ["framework", "org_unit"]
    search_fields = ["indicator", "note"]


@admin.register(models.Submission)
class SubmissionAdmin(ScopedAdmin):
    list_display = ["framework", "org_unit", "period", "status", "updated_by", "updated_at"]
    list_filter = ["status", "framework"]
    list_select_related = ["framework", "org_unit", "updated_by"]


@admin.register(models.RecordedEvaluation)
class RecordedEvaluationAdmin(ScopedAdmin):
    list_display = ["framework", "indicator", "target", "org_unit", "period", "status"]
    list_select_related = ["framework", "org_unit"]


class OrgUnitGroupMemberInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.OrgUnitGroupMember
    extra = 0
    fields = ["org_unit", "position"]
    raw_id_fields = ["org_unit"]


@admin.register(models.OrgUnitGroup)
class OrgUnitGroupAdmin(ScopedAdmin):
    unit_field = None  # a group spans provinces and ministries: every admin reads it whole
    list_display = ["code", "name", "name_en", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "name_en"]
    inlines = [OrgUnitGroupMemberInline]

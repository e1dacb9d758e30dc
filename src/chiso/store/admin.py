"""The store in the Django admin: each list narrowed to the user's units, read-only for a chiso admin.

Which permissions a chiso role gives is chiso.web.accounts.backends; which rows a user may see is the
accounts app's scope (its unit and every unit below it), the same as on the pages and in the API.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

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


@admin.register(models.Framework)
class FrameworkAdmin(ScopedAdmin):
    unit_field = None
    list_display = ["code", "title", "loaded_at"]


@admin.register(models.OrgUnit)
class OrgUnitAdmin(ScopedAdmin):
    unit_field = "id"
    list_display = ["code", "name", "type", "parent", "valid_from", "valid_to"]
    list_filter = ["type"]
    list_select_related = ["parent"]
    search_fields = ["code", "name"]


@admin.register(models.Value)
class ValueAdmin(ScopedAdmin):
    list_display = ["framework", "indicator", "org_unit", "period", "value", "note"]
    list_filter = ["framework", "period"]
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

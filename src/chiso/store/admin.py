from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from chiso.store import models


@admin.register(models.Framework)
class FrameworkAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["code", "title", "loaded_at"]


@admin.register(models.OrgUnit)
class OrgUnitAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["code", "name", "type", "parent", "valid_from", "valid_to"]
    list_filter = ["type"]
    search_fields = ["code", "name"]


@admin.register(models.Value)
class ValueAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["framework", "indicator", "org_unit", "period", "value", "note"]
    list_filter = ["framework", "period"]
    search_fields = ["indicator", "note"]


@admin.register(models.RecordedEvaluation)
class RecordedEvaluationAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["framework", "indicator", "target", "org_unit", "period", "status"]

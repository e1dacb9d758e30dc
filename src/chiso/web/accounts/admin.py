from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from chiso.web.accounts.models import Membership


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["user", "role", "org_unit"]
    list_filter = ["role"]

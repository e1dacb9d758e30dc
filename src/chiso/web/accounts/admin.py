from __future__ import annotations

from django.contrib import admin

from chiso.store.admin import ScopedAdmin
from chiso.web.accounts.models import Membership


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = ["user", "role", "org_unit"]
    list_filter = ["role"]
    list_select_related = ["user", "org_unit"]

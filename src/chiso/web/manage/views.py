"""The management home: what a province admin sets up, each with a link."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from chiso.store import models
from chiso.web.accounts import permissions
from chiso.web.accounts.models import Membership
from chiso.web.manage.access import Scope, admin_only


@admin_only
def index(request: HttpRequest, scope: Scope) -> HttpResponse:
    return render(request, "manage/index.html", {
        "unit": scope.tree[scope.root], "units": len(scope.codes),
        "accounts": permissions.scoped(Membership.objects.all(), request.user).count(),
        "frameworks": models.Framework.objects.count(), "data_sets": _data_sets_url(),
        "store_wide": scope.store_wide})


def _data_sets_url() -> str | None:
    """The data sets' page, which the rounds app serves (None while it has no such page)."""
    try:
        return reverse("rounds:data_sets")
    except NoReverseMatch:
        return None

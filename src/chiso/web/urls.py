"""URL routes of the chiso web app: each app owns its own routes."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from chiso.web.health import healthz

urlpatterns = [
    path("", include("chiso.web.dashboard.urls")),
    path("tai-khoan/", include("chiso.web.accounts.urls")),
    path("nhap-lieu/", include("chiso.web.entry.urls")),
    path("excel/", include("chiso.web.transfer.urls")),
    path("bao-cao/", include("chiso.web.rounds.urls")),
    path("quan-tri/", include("chiso.web.manage.urls")),
    path("thong-bao/", include("chiso.web.notify.urls")),
    path("cac-tinh/", include("chiso.web.ministry.urls")),
    path("api/", include("chiso.web.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
handler500 = "chiso.web.api.errors.server_error"

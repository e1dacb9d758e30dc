from __future__ import annotations

from django.urls import path

from chiso.web.dashboard import indexpage, reconcile, unitpage, units, views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("danh-gia/", views.targets_page, name="targets"),
    path("chi-tieu/<str:framework>/<str:code>/", views.indicator_page, name="indicator"),
    path("chi-tieu/<str:framework>/<str:code>/cap-duoi/", views.across_page, name="across"),
    path("chi-so/<str:framework>/<str:index>/", indexpage.index_page, name="index"),
    path("bao-cao/", views.reports, name="reports"),
    path("bao-cao/tai-ve/", views.report_download, name="report_download"),
    path("don-vi/", units.unit_search, name="units"),
    path("don-vi/<str:code>/", unitpage.unit_page, name="unit"),
    path("doi-soat/", reconcile.reconcile_page, name="reconcile"),
    path("doi-soat/tai-ve/", reconcile.reconcile_download, name="reconcile_download"),
]

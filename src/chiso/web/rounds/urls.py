from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chiso.web.rounds import completeness, views

app_name = "rounds"
urlpatterns: list[URLPattern | URLResolver] = [
    path("bo-bieu/", views.data_sets, name="data_sets"),
    path("bo-bieu/moi/", views.data_set_new, name="data_set_new"),
    path("bo-bieu/<str:code>/sua/", views.data_set_edit, name="data_set_edit"),
    path("bo-bieu/<str:code>/ky/", views.rounds, name="rounds"),
    path("bo-bieu/<str:code>/nhap-muon/", views.exception_new, name="exception_new"),
    path("bo-bieu/<str:code>/mo-ky/", views.open_now, name="open_now"),
]
urlpatterns += [
    path("hoan-thanh/", completeness.completeness_page, name="completeness"),
    path("hoan-thanh/tai-ve/", completeness.completeness_xlsx, name="completeness_xlsx"),
]

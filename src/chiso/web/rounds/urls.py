from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chiso.web.rounds import completeness

app_name = "rounds"
urlpatterns: list[URLPattern | URLResolver] = []
urlpatterns += [
    path("hoan-thanh/", completeness.completeness_page, name="completeness"),
    path("hoan-thanh/tai-ve/", completeness.completeness_xlsx, name="completeness_xlsx"),
]

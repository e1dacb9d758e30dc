from __future__ import annotations

from django.urls import path

from chiso.web.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("bao-cao/", views.reports, name="reports"),
]

from __future__ import annotations

from django.urls import path

from chiso.web.transfer import views

app_name = "transfer"
urlpatterns = [
    path("", views.home, name="home"),
    path("mau/", views.download, name="download"),
    path("mau/<str:framework>/<str:unit>/<str:period>.xlsx", views.template, name="template"),
    path("tai-len/", views.upload, name="upload"),
    path("ghi/", views.confirm, name="confirm"),
]

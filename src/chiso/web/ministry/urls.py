from __future__ import annotations

from django.urls import path

from chiso.web.ministry import views

app_name = "ministry"
urlpatterns = [
    path("", views.home, name="home"),
    path("chi-tieu/<str:framework>/<str:code>/", views.indicator_page, name="indicator"),
    path("chi-tieu/<str:framework>/<str:code>/tai-ve/", views.indicator_download, name="indicator_download"),
    path("chi-so/<str:framework>/<str:index>/", views.index_page, name="index"),
    path("chi-so/<str:framework>/<str:index>/tai-ve/", views.index_download, name="index_download"),
]

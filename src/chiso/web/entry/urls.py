from __future__ import annotations

from django.urls import path

from chiso.web.entry import views

app_name = "entry"
urlpatterns = [
    path("", views.entry_list, name="list"),
    path("mo/", views.open_form, name="open"),
    path("<str:framework>/<str:unit>/<str:period>/", views.entry_form, name="form"),
    path("<str:framework>/<str:unit>/<str:period>/xem-truoc/", views.preview, name="preview"),
]

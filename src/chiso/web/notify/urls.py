from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chiso.web.notify import views

app_name = "notify"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/da-doc/", views.mark_read, name="read"),
    path("da-doc-het/", views.mark_all_read, name="read_all"),
]

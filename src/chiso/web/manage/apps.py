from __future__ import annotations

from django.apps import AppConfig


class ManageConfig(AppConfig):
    name = "chiso.web.manage"
    label = "manage"

from __future__ import annotations

from django.apps import AppConfig


class MinistryConfig(AppConfig):
    name = "chiso.web.ministry"
    label = "ministry"

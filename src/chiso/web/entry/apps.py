from __future__ import annotations

from django.apps import AppConfig


class EntryConfig(AppConfig):
    name = "chiso.web.entry"
    label = "entry"

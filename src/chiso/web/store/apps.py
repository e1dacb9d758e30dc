from __future__ import annotations

from django.apps import AppConfig


class StoreConfig(AppConfig):
    """The persistent store: frameworks, org units, values and recorded evaluations, with their history."""

    name = "chiso.web.store"
    label = "store"
    verbose_name = "Kho số liệu"

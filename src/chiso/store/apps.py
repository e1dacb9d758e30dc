from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoreConfig(AppConfig):
    """The persistent store: frameworks, org units, values and recorded evaluations, with their history."""

    name = "chiso.store"
    label = "store"
    verbose_name = _("Kho số liệu")

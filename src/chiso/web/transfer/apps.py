from __future__ import annotations

from django.apps import AppConfig


class TransferConfig(AppConfig):
    """The Excel round trip: download an entry template, fill it offline, upload it with a preview."""

    name = "chiso.web.transfer"
    label = "transfer"

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users' roles and the org units they act for."""

    name = "chiso.web.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")

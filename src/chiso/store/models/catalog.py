from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class Framework(models.Model):
    """A framework (bộ chỉ tiêu) as loaded: its YAML text is the definition, kept verbatim."""

    code = models.CharField(_("mã"), max_length=50, unique=True)
    title = models.TextField(_("tên"))
    source = models.TextField(_("định nghĩa YAML"))
    # Used only when the framework declares no official source: one of the sources it declares.
    official_origin = models.CharField(_("nguồn chính thức"), max_length=40, blank=True, default="")
    loaded_at = models.DateTimeField(_("nạp lúc"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bộ chỉ tiêu")
        verbose_name_plural = pgettext_lazy("plural", "bộ chỉ tiêu")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"

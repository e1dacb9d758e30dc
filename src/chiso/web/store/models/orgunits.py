from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chiso.orgunits.model import TYPE_LABELS


class OrgUnit(models.Model):
    """An org unit (đơn vị) in the reporting hierarchy, valid between two dates."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    type = models.CharField(_("loại"), max_length=20, choices=[(t.value, label) for t, label in TYPE_LABELS.items()])
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name=_("đơn vị cấp trên"))
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

"""What an admin does to a round beyond its data set's schedule: opening it before the schedule would."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from chiso.store.models import DataSet


class RoundOpening(models.Model):
    """A round opened by hand ("mở kỳ ngay"): entry opens on ``opened_on`` for every unit the data set asks."""

    data_set = models.ForeignKey(DataSet, models.CASCADE, related_name="openings", verbose_name=_("bộ biểu"))
    period = models.CharField(_("kỳ"), max_length=10)
    opened_on = models.DateField(_("mở nhập từ ngày"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+",
                                  verbose_name=_("người mở"))
    opened_at = models.DateTimeField(_("mở lúc"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mở kỳ sớm")
        verbose_name_plural = pgettext_lazy("plural", "mở kỳ sớm")
        constraints = [models.UniqueConstraint(fields=["data_set", "period"], name="one_round_opening")]

    def __str__(self) -> str:
        return f"{self.data_set.code} · {self.period} ← {self.opened_on:%d/%m/%Y}"

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from chiso.periods import PeriodType
from chiso.store.models.catalog import Framework
from chiso.store.models.orgunits import OrgUnit

PERIOD_TYPES = [(PeriodType.MONTH.value, _("Tháng")), (PeriodType.QUARTER.value, _("Quý")),
                (PeriodType.HALF.value, _("6 tháng")), (PeriodType.YEAR.value, _("Năm"))]


class DataSet(models.Model):
    """What some units must report, per period, on a schedule (``chiso.rounds.DataSet`` as stored).

    Whom it asks is three lists of codes (units, unit types, groups), none of them meaning every unit with
    no unit below it; the schedule's days count from a period's last day.
    """

    code = models.CharField(_("mã"), max_length=50, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    framework = models.ForeignKey(Framework, models.PROTECT, related_name="data_sets", verbose_name=_("bộ chỉ tiêu"))
    period_type = models.CharField(_("loại kỳ"), max_length=10, choices=PERIOD_TYPES)
    indicators = models.JSONField(_("chỉ tiêu"), default=list, blank=True)
    units = models.JSONField(_("đơn vị"), default=list, blank=True)
    unit_types = models.JSONField(_("loại đơn vị"), default=list, blank=True)
    groups = models.JSONField(_("nhóm đơn vị"), default=list, blank=True)
    opens_days = models.IntegerField(_("mở nhập (ngày sau kỳ)"), default=1)
    due_days = models.IntegerField(_("hạn nộp (ngày sau kỳ)"), default=5)
    closes_days = models.IntegerField(_("khóa nhập (ngày sau kỳ)"), null=True, blank=True)
    active = models.BooleanField(_("đang dùng"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bộ biểu báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "bộ biểu báo cáo")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class EntryException(models.Model):
    """Entry allowed to one unit for one period of a data set after it closed, until a day, granted by an admin."""

    data_set = models.ForeignKey(DataSet, models.CASCADE, related_name="exceptions", verbose_name=_("bộ biểu"))
    org_unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="entry_exceptions", verbose_name=_("đơn vị"))
    period = models.CharField(_("kỳ"), max_length=10)
    until = models.DateField(_("cho phép đến ngày"))
    reason = models.TextField(_("lý do"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+",
                                   verbose_name=_("người cho phép"))
    granted_at = models.DateTimeField(_("cho phép lúc"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cho phép nhập muộn")
        verbose_name_plural = pgettext_lazy("plural", "cho phép nhập muộn")
        constraints = [models.UniqueConstraint(fields=["data_set", "org_unit", "period"], name="one_entry_exception")]

    def __str__(self) -> str:
        return f"{self.data_set.code} · {self.org_unit.code} · {self.period} → {self.until:%d/%m/%Y}"

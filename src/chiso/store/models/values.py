from __future__ import annotations

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from chiso.i18n import translate
from chiso.store.models.catalog import Framework
from chiso.store.models.orgunits import OrgUnit
from chiso.values.model import EvaluationStatus

# The core's labels (chiso.values.model.STATUS_LABELS), translated by the core's catalogue when shown.
STATUS_NAMES = {status: lazy(translate, str)(status.label) for status in EvaluationStatus}


class Value(models.Model):
    """One value keyed by framework × indicator × org unit × period × origin. Missing is a missing row, never 0.

    ``origin`` is where the figure came from: "" for the unit's own report, else a source the framework
    declares; ``source`` is the citation shown with it.
    """

    framework = models.ForeignKey(Framework, models.PROTECT, related_name="values")
    indicator = models.CharField(_("chỉ tiêu"), max_length=40)
    org_unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="values")
    period = models.CharField(_("kỳ"), max_length=10)
    # The period's first and last days, so the database can tell which units were active in it.
    period_start = models.DateField(_("ngày đầu kỳ"))
    period_end = models.DateField(_("ngày cuối kỳ"))
    value = models.TextField(_("giá trị"))
    # The number the value reads as, kept beside the exact text so the database can filter and sum.
    number = models.DecimalField(max_digits=30, decimal_places=10, null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    source = models.TextField(_("trích dẫn nguồn"), blank=True)
    # A database default too, so a writer that names no origin (raw SQL, COPY) writes the unit's own report.
    origin = models.CharField(_("nguồn số liệu"), max_length=40, blank=True, default="", db_default="")
    recorded_by = models.CharField(_("người nhập"), max_length=150, blank=True)
    recorded_at = models.DateTimeField(_("thời điểm"), auto_now=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giá trị")
        verbose_name_plural = pgettext_lazy("plural", "giá trị")
        constraints = [
            models.UniqueConstraint(fields=["framework", "indicator", "org_unit", "period", "origin"],
                                    name="one_value_per_key_and_origin"),
        ]
        indexes = [models.Index(fields=["framework", "org_unit", "period_end"]),
                   models.Index(fields=["framework", "indicator", "period"], name="value_by_indicator"),
                   # The few values that do not read as a number, for the check of unreadable values.
                   models.Index(fields=["framework", "indicator"], condition=models.Q(number__isnull=True),
                                name="value_without_number"),
                   # The few values of other sources than the unit's own: whether a figure has one is a seek.
                   models.Index(fields=["framework", "indicator", "org_unit", "period"], condition=~models.Q(origin=""),
                                name="value_from_other_source")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}: {self.value}"


class RecordedEvaluation(models.Model):
    """What an official wrote in the "Đánh giá/Ghi chú" column, kept apart from chiso's own evaluation."""

    framework = models.ForeignKey(Framework, models.PROTECT, related_name="recorded_evaluations")
    indicator = models.CharField(_("chỉ tiêu"), max_length=40)
    target = models.CharField(_("mục tiêu"), max_length=40)
    org_unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="recorded_evaluations")
    period = models.CharField(_("kỳ đánh giá"), max_length=10)
    status = models.CharField(_("đánh giá"), max_length=20, blank=True,
                              choices=[(s.value, label) for s, label in STATUS_NAMES.items()])
    note = models.TextField(_("ghi chú"), blank=True)
    source = models.TextField(_("nguồn"), blank=True)
    recorded_by = models.CharField(_("người nhập"), max_length=150, blank=True)
    recorded_at = models.DateTimeField(_("thời điểm"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đánh giá đã ghi nhận")
        verbose_name_plural = pgettext_lazy("plural", "đánh giá đã ghi nhận")
        constraints = [
            models.UniqueConstraint(fields=["framework", "indicator", "target", "org_unit", "period"],
                                    name="one_recorded_evaluation_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}: {self.status}"

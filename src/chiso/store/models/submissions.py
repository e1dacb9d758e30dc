from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from chiso.store.models.catalog import Framework
from chiso.store.models.orgunits import OrgUnit


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
    APPROVED = "approved", _("Đã phê duyệt")
    REJECTED = "rejected", _("Bị trả lại")


class Submission(models.Model):
    """The reporting of one framework by one org unit for one period, from draft to approval.

    An approved submission locks its values; only a province admin can reopen it, and every step
    (who, when, comment) is kept in the history. The store keeps it because every way in (CLI, API,
    web) must respect the lock; the tables keep the names they had when the entry app owned them.
    """

    framework = models.ForeignKey(Framework, models.PROTECT, related_name="submissions")
    org_unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="submissions")
    period = models.CharField(_("kỳ"), max_length=10)
    status = models.CharField(_("trạng thái"), max_length=20, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.DRAFT)
    comment = models.TextField(_("ý kiến"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+")
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    # When it was first sent for approval: a report is on time or late by this, whatever happened after.
    first_sent_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    history = HistoricalRecords(table_name="entry_historicalsubmission")

    class Meta:
        db_table = "entry_submission"
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "kỳ báo cáo")
        constraints = [models.UniqueConstraint(fields=["framework", "org_unit", "period"], name="one_submission")]

    def __str__(self) -> str:
        return f"{self.framework.code} · {self.org_unit.code} · {self.period}: {self.get_status_display()}"

    @property
    def locked(self) -> bool:
        return self.status == SubmissionStatus.APPROVED


def is_locked(framework: str, unit: str, period: str) -> bool:
    """Whether values of this framework × unit × period are approved and may not change."""
    return Submission.objects.filter(framework__code=framework, org_unit__code=unit, period=period,
                                     status=SubmissionStatus.APPROVED).exists()

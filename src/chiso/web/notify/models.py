"""A notification: one event told to one person, in the app always and by mail when they have an address."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    SUBMITTED = "submitted", _("Báo cáo chờ duyệt")
    RETURNED = "returned", _("Báo cáo bị trả lại")
    APPROVED = "approved", _("Báo cáo đã được phê duyệt")
    REOPENED = "reopened", _("Báo cáo được mở lại")
    ROUND_OPEN = "round_open", _("Mở kỳ báo cáo")
    DUE_SOON = "due_soon", _("Sắp đến hạn nộp")
    OVERDUE = "overdue", _("Quá hạn nộp")
    OVERDUE_SUMMARY = "overdue_summary", _("Tổng hợp đơn vị quá hạn")


class Notification(models.Model):
    """``key`` names the event (e.g. ``remind:overdue:bb:2026Q1:24001``): one row per person and event, so an
    event told twice (a second `chiso remind`, two at once) finds its row and sends nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications",
                             verbose_name=_("người nhận"))
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"))
    link = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    key = models.CharField(_("mã sự kiện"), max_length=200)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đọc lúc"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("gửi thư lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = pgettext_lazy("plural", "thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_event")]
        indexes = [models.Index(fields=["user", "read_at"], name="notify_unread")]

    def __str__(self) -> str:
        return f"{self.user} · {self.subject}"

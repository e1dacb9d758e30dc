from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from chiso.store.models import OrgUnit


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị cấp tỉnh")
    REPORTER = "reporter", _("Cán bộ nhập số liệu")
    APPROVER = "approver", _("Người phê duyệt")
    VIEWER = "viewer", _("Người xem")


class Membership(models.Model):
    """A user's role and the org unit it covers: the unit and every unit below it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="membership")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    org_unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="members", verbose_name=_("đơn vị"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = pgettext_lazy("plural", "phân quyền")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.org_unit}"

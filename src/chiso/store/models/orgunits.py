from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from chiso.orgunits.model import OrgUnitType

# The core's labels (chiso.orgunits.model.TYPE_LABELS), the same words wrapped for translation.
TYPE_NAMES = {
    OrgUnitType.NATION: _("Trung ương"),
    OrgUnitType.PROVINCE: _("Tỉnh/thành phố"),
    OrgUnitType.DEPARTMENT: _("Sở/ban/ngành"),
    OrgUnitType.DISTRICT: _("Huyện/thị xã/thành phố thuộc tỉnh"),
    OrgUnitType.COMMUNE: _("Xã/phường/đặc khu"),
}


class OrgUnit(models.Model):
    """An org unit (đơn vị) in the reporting hierarchy, valid between two dates."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    type = models.CharField(_("loại"), max_length=20, choices=[(t.value, label) for t, label in TYPE_NAMES.items()])
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name=_("đơn vị cấp trên"))
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "đơn vị")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

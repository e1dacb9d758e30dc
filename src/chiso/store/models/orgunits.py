from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from chiso.orgunits.model import OrgUnitType

# The core's labels (chiso.orgunits.model.TYPE_LABELS), the same words wrapped for translation.
TYPE_NAMES = {
    OrgUnitType.NATION: _("Trung ương"),
    OrgUnitType.MINISTRY: _("Bộ, ngành trung ương"),
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


class OrgUnitGroup(models.Model):
    """A group of units across the tree (khối bộ, khối tỉnh), with figures and targets of its own."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    kind = models.CharField(_("loại nhóm"), max_length=50, blank=True,
                            help_text=_("Các nhóm cùng loại, ví dụ «khoi» cho khối bộ và khối tỉnh."))
    units = models.ManyToManyField(OrgUnit, through="OrgUnitGroupMember", related_name="unit_groups",
                                   verbose_name=_("thành viên"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhóm đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "nhóm đơn vị")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class OrgUnitGroupMember(models.Model):
    """One unit's membership of one group; a unit may be in several groups."""

    group = models.ForeignKey(OrgUnitGroup, models.CASCADE, related_name="memberships", verbose_name=_("nhóm"))
    org_unit = models.ForeignKey(OrgUnit, models.CASCADE, related_name="memberships", verbose_name=_("đơn vị"))
    position = models.PositiveIntegerField(_("thứ tự"), default=0)  # the order the groups file lists members in
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thành viên nhóm")
        verbose_name_plural = pgettext_lazy("plural", "thành viên nhóm")
        ordering = ["group", "position"]
        constraints = [models.UniqueConstraint(fields=["group", "org_unit"], name="store_group_member_once")]

    def __str__(self) -> str:
        return f"{self.group_id} ∋ {self.org_unit_id}"


class OrgUnitVersion(models.Model):
    """One version of a unit's code: its name, type, parent and dates for as long as they held.

    The unit's own row holds its latest version; the versions before it (old Đắk Lắk, whose code the new
    province took on 1/7/2025) are kept here, so that «66 in 2023» still means the province of 2023.
    """

    org_unit = models.ForeignKey(OrgUnit, models.CASCADE, related_name="versions", verbose_name=_("đơn vị"))
    name = models.CharField(_("tên"), max_length=200)
    type = models.CharField(_("loại"), max_length=20, choices=[(t.value, label) for t, label in TYPE_NAMES.items()])
    parent = models.ForeignKey(OrgUnit, models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("đơn vị cấp trên"))
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phiên bản đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "phiên bản đơn vị")
        ordering = ["org_unit", "valid_from"]
        # A first version's start is often unknown (NULL), which a unique constraint cannot compare: the store's
        # writer keeps one version per start, unknown included.
        constraints = [models.UniqueConstraint(fields=["org_unit", "valid_from"], name="store_unit_version_once")]

    def __str__(self) -> str:
        return f"{self.org_unit_id} {self.name} ({self.valid_from or '…'}–{self.valid_to or '…'})"


class OrgUnitLink(models.Model):
    """Part or all of one unit became part or all of another on a day (a merger, a split, a rename, a move)."""

    predecessor = models.ForeignKey(OrgUnit, models.CASCADE, related_name="successor_links",
                                    verbose_name=_("đơn vị trước"))
    successor = models.ForeignKey(OrgUnit, models.CASCADE, related_name="predecessor_links",
                                  verbose_name=_("đơn vị sau"))
    on = models.DateField(_("từ ngày"))
    kind = models.CharField(_("hình thức"), max_length=20, blank=True)
    share = models.DecimalField(_("tỉ lệ chia"), max_digits=9, decimal_places=6, null=True, blank=True)
    basis = models.CharField(_("căn cứ chia"), max_length=50, blank=True)
    whole = models.BooleanField(_("toàn bộ"), null=True)
    default = models.BooleanField(_("đơn vị nhận mặc định"), default=False)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("liên kết sắp xếp đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "liên kết sắp xếp đơn vị")
        ordering = ["on", "predecessor", "successor"]
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor", "on"], name="store_unit_link_once")]

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id} ({self.on})"

"""The gate of data entry: whether a user may enter a framework × unit × period now, and why not in words.

The core (``chiso.rounds.gate``) decides from the framework's active data sets, the hierarchy and what admins
granted; this module reads those from the store and words the refusal. Only reporters are gated: a province
admin owns the schedule and corrects figures after a round closed, and approvers only read and decide. Every
form, preview, save and API write of a reporter passes here.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.orgunits.model import Hierarchy, OrgUnit
from chiso.periods import Period
from chiso.rounds.gate import STATE_LABELS as CORE_STATE_LABELS
from chiso.rounds.gate import Grants, Refusal, Verdict, verdict
from chiso.store import rounds as stored
from chiso.store import services
from chiso.web.accounts import permissions
from chiso.web.accounts.models import Role
from chiso.web.dashboard.display import period_label
from chiso.web.locale import core_text
from chiso.web.rounds.models import RoundOpening

User = AbstractBaseUser | AnonymousUser

# The core's words, translated through the core's catalogue.
STATE_LABELS = {state: core_text(label) for state, label in CORE_STATE_LABELS.items()}


def grants(framework: str | None = None, today: date | None = None) -> Grants:
    """The exceptions still running on ``today`` and the early openings, of ``framework``'s data sets."""
    openings = RoundOpening.objects.all()
    openings = openings if framework is None else openings.filter(data_set__framework__code=framework)
    return Grants(stored.exceptions(framework, today),
                  {(ds, period): day for ds, period, day in openings.values_list("data_set__code", "period",
                                                                                 "opened_on")})


def judge(framework: str, unit: str, period: Period, today: date | None = None) -> Verdict:
    """The core's verdict on ``unit`` entering ``period`` of ``framework`` today, from the store."""
    day = today or timezone.localdate()
    tree = services.hierarchy()
    if unit not in tree:
        return Verdict(False, Refusal.NOT_ASKED)
    return verdict(stored.data_sets(framework), _version(tree, unit, period), tree, period, day,
                   grants(framework, day))


def _version(tree: Hierarchy, unit: str, period: Period) -> OrgUnit:
    """The unit a value of ``period`` is entered for: of a code taken by a new unit, the version of the period
    (66 in 2025S1 is the old Đắk Lắk, which ended on 30/6/2025)."""
    return tree.version(unit, period) or tree[unit]


def gated(user: User) -> bool:
    return permissions.role(user) is Role.REPORTER


def refusal(user: User, framework: str, unit: str, period: Period) -> str | None:
    """Why ``user`` may not enter this form now, in words; None when the gate lets them through."""
    if not gated(user):
        return None
    found = judge(framework, unit, period)
    return None if found.allowed else words(found, framework, unit, period)


def words(found: Verdict, framework: str, unit: str, period: Period) -> str:
    tree = services.hierarchy()
    name = f"{unit} {tree.name(unit)}" if unit in tree else unit
    values = {"unit": name, "framework": framework, "period": period_label(period),
              "data_set": found.data_set.code if found.data_set else ""}
    if found.refusal is Refusal.ENDED:
        version = _version(tree, unit, period)
        values["day"] = f"{version.valid_to:%d/%m/%Y}"
        values["unit"] = f"{unit} {version.name}"
        return _("Đơn vị %(unit)s đã kết thúc hoạt động ngày %(day)s, không còn nhập số liệu. Quản trị cấp tỉnh "
                 "có thể cho phép nhập muộn cho một kỳ nếu cần.") % values + _successors(tree, unit, period)
    if found.refusal is Refusal.NOT_EXISTING:
        return _("Đơn vị %(unit)s không tồn tại trong kỳ %(period)s.") % values
    if found.refusal in (Refusal.NOT_OPEN, Refusal.CLOSED) and found.window is not None:
        return _window_words(found, values)
    return _("Đơn vị %(unit)s không được giao báo cáo bộ chỉ tiêu %(framework)s cho kỳ %(period)s: không bộ biểu "
             "nào đang dùng yêu cầu đơn vị này.") % values


def _successors(tree: Hierarchy, unit: str, period: Period) -> str:
    version = _version(tree, unit, period)
    if version.valid_to is None:
        return ""
    after = tree.at(version.valid_to).successors(unit)
    if not after:
        return ""
    names = ", ".join(f"{link.successor} {tree.name(link.successor)}" for link in after)
    return " " + _("Đơn vị kế thừa: %(names)s.") % {"names": names}


def _window_words(found: Verdict, values: dict[str, str]) -> str:
    assert found.window is not None
    if found.refusal is Refusal.NOT_OPEN:
        values["day"] = f"{found.window.opens:%d/%m/%Y}"
        return _("Kỳ %(period)s của bộ biểu %(data_set)s chưa mở nhập: mở từ ngày %(day)s.") % values
    values["day"] = f"{found.window.closes:%d/%m/%Y}"
    return _("Kỳ %(period)s của bộ biểu %(data_set)s đã khóa nhập sau ngày %(day)s. Quản trị cấp tỉnh có thể "
             "cho phép đơn vị nhập muộn.") % values

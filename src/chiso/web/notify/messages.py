"""The words of each notification, in the recipient's language (Vietnamese unless chiso knows another).

chiso keeps no language per user (the switcher sets a cookie in one browser), so mail and in-app rows are
written in the site's language, LANGUAGE_CODE: Vietnamese.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.periods.days import day_text
from chiso.values.numbers import format_decimal
from chiso.web.dashboard.display import period_label
from chiso.web.notify.models import Kind
from chiso.web.notify.recipients import Person

# workflow action → (kind, subject, first paragraph)
MOVES: dict[str, tuple[Kind, Promise, Promise]] = {
    "submit": (Kind.SUBMITTED, gettext_lazy("Báo cáo chờ duyệt: %(unit)s, %(period)s"),
               gettext_lazy("%(who)s đã gửi báo cáo «%(framework)s» của %(unit)s, %(period)s, chờ phê duyệt.")),
    "reject": (Kind.RETURNED, gettext_lazy("Báo cáo bị trả lại: %(unit)s, %(period)s"),
               gettext_lazy("%(who)s đã trả lại báo cáo «%(framework)s» của %(unit)s, %(period)s. "
                            "Hãy sửa theo ý kiến dưới đây rồi gửi lại.")),
    "approve": (Kind.APPROVED, gettext_lazy("Báo cáo đã được phê duyệt: %(unit)s, %(period)s"),
                gettext_lazy("%(who)s đã phê duyệt báo cáo «%(framework)s» của %(unit)s, %(period)s.")),
    "reopen": (Kind.REOPENED, gettext_lazy("Báo cáo được mở lại: %(unit)s, %(period)s"),
               gettext_lazy("%(who)s đã mở lại báo cáo «%(framework)s» của %(unit)s, %(period)s để sửa; "
                            "báo cáo cần được gửi và phê duyệt lại.")),
}


def language(person: Person) -> str:
    return str(settings.LANGUAGE_CODE)


@dataclass(frozen=True)
class Move:
    """A step of the entry workflow, as told: which report, who did it, why."""

    action: str
    framework: str
    framework_title: str
    unit: str
    unit_name: str
    period: str
    actor: str
    comment: str


def move_text(move: Move, person: Person) -> tuple[str, str]:
    _kind, subject, opening = MOVES[move.action]
    with translation.override(language(person)):
        about = {"unit": move.unit_name, "period": period_label(move.period), "who": move.actor,
                 "framework": move.framework_title}
        paragraphs = [str(opening) % about]
        if move.comment.strip():
            paragraphs.append(_("Ý kiến: %(comment)s") % {"comment": move.comment.strip()})
        return str(subject) % about, "\n\n".join(paragraphs)


@dataclass(frozen=True)
class Round:
    """One round of a data set, as a reminder names it."""

    data_set: str  # its name
    period: str  # its code
    opens: date
    due: date


def state(returned: bool) -> str:
    return _("có báo cáo bị trả lại chưa gửi lại") if returned else _("chưa gửi báo cáo")


def remind_text(kind: Kind, round: Round, unit: str, returned: bool, today: date,
                person: Person) -> tuple[str, str]:
    """The reminder of one unit's report: the round opened, is due soon, is overdue."""
    with translation.override(language(person)):
        about = {"data_set": round.data_set, "period": period_label(round.period), "unit": unit,
                 "opens": day_text(round.opens), "due": day_text(round.due), "state": state(returned),
                 "days": format_decimal(Decimal((round.due - today).days), "vi")}
        if kind is Kind.ROUND_OPEN:
            return (_("Mở kỳ báo cáo: %(data_set)s, %(period)s — %(unit)s") % about,
                    _("Kỳ báo cáo %(period)s của bộ biểu «%(data_set)s» đã mở nhập từ ngày %(opens)s. "
                      "%(unit)s cần gửi báo cáo chậm nhất ngày %(due)s.") % about)
        if kind is Kind.DUE_SOON:
            left = (_("hôm nay là hạn cuối") if round.due == today else _("còn %(days)s ngày") % about)
            return (_("Sắp đến hạn nộp: %(data_set)s, %(period)s — %(unit)s") % about,
                    _("Hạn nộp báo cáo %(period)s của bộ biểu «%(data_set)s» là ngày %(due)s (%(left)s). "
                      "%(unit)s %(state)s.") % {**about, "left": left})
        return (_("Quá hạn nộp: %(data_set)s, %(period)s — %(unit)s") % about,
                _("Đã quá hạn nộp báo cáo %(period)s của bộ biểu «%(data_set)s» (hạn ngày %(due)s) mà %(unit)s "
                  "%(state)s. Hãy gửi báo cáo ngay.") % about)


def summary_text(round: Round, late: Sequence[tuple[str, bool]], person: Person) -> tuple[str, str]:
    """The overdue units of a round within one approver's scope: (unit «code name», returned) each."""
    with translation.override(language(person)):
        about = {"data_set": round.data_set, "period": period_label(round.period), "due": day_text(round.due),
                 "count": format_decimal(Decimal(len(late)), "vi")}
        lines = [f"- {unit}: {state(returned)}" for unit, returned in late]
        opening = _("Đã quá hạn nộp báo cáo %(period)s của bộ biểu «%(data_set)s» (hạn ngày %(due)s). "
                    "Các đơn vị sau chưa gửi báo cáo hoặc chưa gửi lại báo cáo bị trả lại:") % about
        return (_("Đơn vị quá hạn nộp: %(data_set)s, %(period)s (%(count)s đơn vị)") % about,
                "\n".join([opening, "", *lines]))

"""Which indicators a unit's form holds in a period, from the store's data sets (the core decides), and why a
value for another one is refused, in words.

The form, its live preview, its save, the Excel template and its upload all work on ``form_framework``: the
framework narrowed to what the unit is asked (``chiso.rounds``). Without an active data set asking the unit
it is the whole framework but for the data sets' reporting rates, which nobody types.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from chiso.catalog.model import Framework
from chiso.periods import Period
from chiso.rounds.fields import offered, reads_rounds
from chiso.rounds.gate import asked_indicators
from chiso.store import rounds as stored
from chiso.store import services
from chiso.web.dashboard.display import period_label


def asked(framework: str, unit: str, period: Period) -> set[str] | None:
    """The indicators ``unit`` is asked for ``period`` of ``framework``; None when no data set narrows them."""
    data_sets = stored.data_sets(framework)
    if not data_sets:
        return None
    tree = services.hierarchy()
    return asked_indicators(data_sets, tree[unit], tree, period) if unit in tree else None


def form_framework(framework: Framework, unit: str, period: Period) -> Framework:
    """``framework`` as the form of ``unit`` for ``period`` holds it."""
    return offered(framework, asked(framework.code, unit, period))


def refused(framework: Framework, codes: Iterable[str], unit: str, period: Period) -> str:
    """Why values for ``codes`` (of the whole ``framework``) are not taken for this unit and period."""
    return " ".join(refusal(framework, code, unit, period) for code in codes)


def refusal(framework: Framework, code: str, unit: str, period: Period) -> str:
    values = {"code": code, "framework": framework.code, "unit": unit, "period": period_label(period)}
    if not framework.has(code):
        return _("Bộ chỉ tiêu %(framework)s không có chỉ tiêu %(code)s.") % values
    indicator = framework.indicator(code)
    if indicator.reporting_rate is not None:
        values["data_set"] = indicator.reporting_rate.data_set
        return _("Chỉ tiêu %(code)s là tỷ lệ báo cáo của bộ biểu %(data_set)s: chiso tính từ các kỳ báo cáo, "
                 "không nhận số nhập.") % values
    if reads_rounds(framework, indicator):
        return _("Chỉ tiêu %(code)s được tính từ tỷ lệ báo cáo của bộ biểu, không nhận số nhập.") % values
    if indicator.formula is not None:
        return _("Chỉ tiêu %(code)s được tính theo công thức, không nhận số nhập.") % values
    return _("Chỉ tiêu %(code)s không thuộc các chỉ tiêu đơn vị %(unit)s được giao báo cáo kỳ %(period)s.") % values

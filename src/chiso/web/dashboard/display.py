"""How the web pages write values, provenance, types and statuses for people.

Values are written by the core (``chiso.values.text``), in the page's language for yes and no. The core's
labels (statuses, forecasts, target kinds, the nouns of a count of units) are translated by the core's own
catalogue (``chiso.i18n``), in the page's language when shown; the tables below only name them for the UI.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chiso.catalog.model import Aggregation, Direction, Indicator, PeriodRollup, TargetKind, ValueType
from chiso.checks.units import units_text
from chiso.errors import InputError
from chiso.evaluation.forecast import ForecastStatus
from chiso.evaluation.kinds import kind_named
from chiso.periods import Period, PeriodType
from chiso.values import text as values_text
from chiso.values.model import EvaluationStatus
from chiso.view import Completeness, Figure, Provenance
from chiso.web.locale import core_text

STATUS_NAMES: dict[EvaluationStatus, Promise] = {status: core_text(status.label) for status in EvaluationStatus}

TYPE_NAMES: dict[ValueType, Promise] = {
    ValueType.COUNT: _("Số đếm"),
    ValueType.NUMBER: _("Số"),
    ValueType.PERCENT: _("Tỷ lệ (%)"),
    ValueType.TEXT: _("Văn bản"),
    ValueType.YES_NO: _("Có/không"),
    ValueType.ORDINAL: _("Xếp loại theo mức"),
    ValueType.HEADING: _("Dòng tiêu đề nhóm (không có giá trị)"),
}

DIRECTION_NAMES: dict[Direction, Promise] = {
    Direction.HIGHER: _("Càng cao càng tốt"),
    Direction.LOWER: _("Càng thấp càng tốt"),
}

AGGREGATION_NAMES: dict[Aggregation, Promise] = {
    Aggregation.SUM: _("Cộng giá trị các đơn vị cấp dưới"),
    Aggregation.RATIO: _("Tính lại theo công thức từ tử số và mẫu số đã cộng"),
    Aggregation.MIN: _("Giá trị thấp nhất của các đơn vị cấp dưới"),
    Aggregation.MAX: _("Giá trị cao nhất của các đơn vị cấp dưới"),
    Aggregation.NONE: _("Không tổng hợp từ đơn vị cấp dưới"),
}

ROLLUP_NAMES: dict[PeriodRollup, Promise] = {
    PeriodRollup.SUM: _("Cộng các kỳ ngắn hơn trong kỳ"),
    PeriodRollup.LAST: _("Lấy giá trị của kỳ ngắn hơn cuối cùng"),
    PeriodRollup.NONE: _("Mỗi kỳ báo cáo riêng, không cộng dồn"),
}

# The built-in kinds' labels (chiso.evaluation.kinds); a plug-in kind shows its own label as written.
TARGET_KIND_NAMES: dict[str, Promise] = {kind: core_text(kind_named(kind).label) for kind in TargetKind}

SEVERITY_NAMES: dict[str, Promise] = {"error": _("Lỗi"), "warning": _("Cảnh báo")}

FORECAST_NAMES: dict[ForecastStatus, Promise] = {status: core_text(status.label) for status in ForecastStatus}

# How a figure that was not reported was made; a reported figure needs no label.
ORIGIN_NAMES: dict[Provenance, Promise] = {
    Provenance.DERIVED: _("tính theo công thức"),
    Provenance.ROLLED_UP: _("cộng dồn từ các kỳ ngắn hơn"),
    Provenance.COMPOSED: _("gộp từ các đơn vị trước sắp xếp"),
}


def language() -> str:
    """The page's language as the core knows it: "en" or "vi"."""
    return "en" if (get_language() or "").split("-")[0] == "en" else "vi"


def value_text(indicator: Indicator, text: str, *, percent: bool = True) -> str:
    """A value as a table shows it: 1.247.855, 46,14%, ≥90%, Có (Yes on an English page), Loại B."""
    return values_text.value_text(indicator, text, language=language(), percent=percent)


def completeness_text(found: Completeness) -> str:
    """«87/102 xã», as the core writes it; on an English page the noun is translated, the numbers are not."""
    return units_text(found).render()


def origin(figure: Figure) -> str:
    """Where a figure that was not reported comes from: «tính theo công thức», «tổng hợp từ 87/102 xã»."""
    units = completeness_text(figure.completeness) if figure.completeness is not None else ""
    if figure.provenance is Provenance.AGGREGATED:
        return str(_("tổng hợp từ %(units)s")) % {"units": units}
    label = ORIGIN_NAMES.get(figure.provenance)
    if label is None:
        return ""
    if not units:
        return str(label)
    return str(_("%(origin)s, từ số liệu của %(units)s")) % {"origin": label, "units": units}


def partial(figure: Figure) -> bool:
    """Whether fewer units contributed to the figure than were expected to."""
    return figure.completeness is not None and not figure.completeness.complete


def period_label(code: str | Period) -> str:
    """A period in the page's language; an unreadable code is shown as written."""
    try:
        period = code if isinstance(code, Period) else Period.parse(code)
    except InputError:
        return str(code)
    return period_text(period)


def period_text(period: Period) -> str:
    """The core writes each period's label in Vietnamese ("6 tháng đầu năm 2025") and English ("H1 2025")."""
    return period.label_en if language() == "en" else period.label


def short_period(period: Period) -> str:
    """An axis label: "2024", "6T đầu/2025", "Q2/2025", "T6/2025"."""
    if period.type is PeriodType.HALF:
        half = _("6T đầu/%(year)s") if period.index == 1 else _("6T cuối/%(year)s")
        return str(half) % {"year": period.year}
    if period.type is PeriodType.QUARTER:
        return f"Q{period.index}/{period.year}"
    if period.type is PeriodType.MONTH:
        return str(_("T%(month)s/%(year)s")) % {"month": period.index, "year": period.year}
    if period.type is PeriodType.YTD:
        return period_text(period)  # "9 tháng đầu năm 2024": no shorter form reads unambiguously in both languages
    return str(period.year)


def chronological(code: str) -> tuple[int, object, object, str]:
    """Sort key for period codes: by end, then start; unreadable codes last."""
    try:
        period = Period.parse(code)
    except InputError:
        return (1, None, None, code)
    return (0, period.end, period.start, code)

"""How the dashboard writes values, types and statuses for people: Vietnamese, exact, nothing rounded away."""

from __future__ import annotations

from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chiso.catalog.model import Aggregation, Direction, Indicator, TargetKind, ValueType
from chiso.errors import InputError
from chiso.evaluation.forecast import ForecastStatus
from chiso.periods import Period, PeriodType
from chiso.values.model import Bound, EvaluationStatus, Reading, read_value
from chiso.values.numbers import format_decimal
from chiso.values.text import SYMBOLS

# Core labels are plain Vietnamese; these are the same words wrapped for translation of the web pages.
STATUS_NAMES: dict[EvaluationStatus, Promise] = {
    EvaluationStatus.EXCEEDED: _("Vượt chỉ tiêu"),
    EvaluationStatus.MET: _("Đạt chỉ tiêu"),
    EvaluationStatus.NOT_MET: _("Chưa đạt"),
    EvaluationStatus.NO_DATA: _("Chưa có số liệu"),
    EvaluationStatus.MANUAL: _("Cần đánh giá"),
}

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
    Aggregation.NONE: _("Không tổng hợp từ đơn vị cấp dưới"),
}

TARGET_KIND_NAMES: dict[TargetKind, Promise] = {
    TargetKind.NUMBER: _("Số"),
    TargetKind.RANGE: _("Khoảng"),
    TargetKind.COMPOUND: _("Nhiều thành phần"),
    TargetKind.LEVEL: _("Mức xếp loại"),
    TargetKind.QUALITATIVE: _("Định tính"),
}

SEVERITY_NAMES: dict[str, Promise] = {"error": _("Lỗi"), "warning": _("Cảnh báo")}

FORECAST_NAMES: dict[ForecastStatus, Promise] = {
    ForecastStatus.TARGET_ACHIEVED: _("Đã đạt chỉ tiêu"),
    ForecastStatus.ON_TRACK: _("Đúng tiến độ"),
    ForecastStatus.MODERATE: _("Có tiến bộ nhưng cần đẩy nhanh"),
    ForecastStatus.OFF_TRACK: _("Chậm tiến độ"),
    ForecastStatus.DETERIORATION: _("Đi xuống"),
    ForecastStatus.NOT_AVAILABLE: _("Không đủ số liệu để dự báo"),
}


def reading(indicator: Indicator, text: str) -> Reading | None:
    """What a stored text means; None when it is not of the indicator's type (the checks report it)."""
    try:
        return read_value(indicator, text)
    except InputError:
        return None


def value_text(indicator: Indicator, text: str) -> str:
    """A stored value as a Vietnamese table shows it: 1.247.855, 46,14%, ≥90%, Có, Loại B."""
    found = reading(indicator, text)
    percent = "%" if indicator.value_type is ValueType.PERCENT else ""
    if isinstance(found, bool):
        return str(_("Có") if found else _("Không"))
    if isinstance(found, Bound):
        return SYMBOLS[found.comparator] + format_decimal(found.limit, "vi") + percent
    if isinstance(found, Decimal):
        return format_decimal(found, "vi") + percent
    return text  # text, levels and values of the wrong type are shown exactly as stored


def number_of(indicator: Indicator, text: str) -> Decimal | None:
    """The exact number a value holds, for charts; bounds and texts have no place on a line."""
    found = reading(indicator, text)
    return found if isinstance(found, Decimal) else None


def period_label(code: str | Period) -> str:
    """A period in the page's language; an unreadable code is shown as written."""
    try:
        period = code if isinstance(code, Period) else Period.parse(code)
    except InputError:
        return str(code)
    return period_text(period)


def period_text(period: Period) -> str:
    """The core writes each period's label in Vietnamese ("6 tháng đầu năm 2025") and English ("H1 2025")."""
    return period.label_en if (get_language() or "").split("-")[0] == "en" else period.label


def short_period(period: Period) -> str:
    """An axis label: "2024", "6T đầu/2025", "Q2/2025", "T6/2025"."""
    if period.type is PeriodType.HALF:
        half = _("6T đầu/%(year)s") if period.index == 1 else _("6T cuối/%(year)s")
        return str(half) % {"year": period.year}
    if period.type is PeriodType.QUARTER:
        return f"Q{period.index}/{period.year}"
    if period.type is PeriodType.MONTH:
        return str(_("T%(month)s/%(year)s")) % {"month": period.index, "year": period.year}
    return str(period.year)


def chronological(code: str) -> tuple[int, object, object, str]:
    """Sort key for period codes: by end, then start; unreadable codes last."""
    try:
        period = Period.parse(code)
    except InputError:
        return (1, None, None, code)
    return (0, period.end, period.start, code)

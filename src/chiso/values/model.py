"""Values: what an org unit reported for an indicator in a period, and the official's recorded evaluations.

A value is stored as canonical text (``1247855``, ``46.14``, ``>90``, ``Phiên bản 2.0``, ``yes``) and read
by its indicator's type. Missing is never zero: a value that was not reported simply does not exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from chiso.catalog.model import Indicator, ValueType
from chiso.errors import InputError
from chiso.i18n import N_
from chiso.values.numbers import canonical, parse_decimal

YES = frozenset({"1", "true", "yes", "có", "co", "x"})
NO = frozenset({"0", "false", "no", "không", "khong"})
_BOUND_PREFIXES = (">=", "<=", "≥", "≤", ">", "<")
_BOUND_STARTS = frozenset(p[0] for p in _BOUND_PREFIXES)
_CANONICAL = re.compile(r"-?[0-9]+(\.[0-9]+)?", re.ASCII)


@dataclass(frozen=True)
class Bound:
    """A result known only by a bound: ">90%" is ``Bound(">", 90)``."""

    comparator: str
    limit: Decimal

    def __str__(self) -> str:
        return f"{self.comparator}{canonical(self.limit)}"


Reading = Decimal | Bound | str | bool


@dataclass(frozen=True)
class Value:
    """One reported value, keyed by framework × indicator × org unit × period × origin.

    ``source`` is the citation shown with the figure ("Phụ lục VIII, Báo cáo … của UBND tỉnh Đắk Lắk");
    ``origin`` the code of where the figure came from: "" for the unit's own report, else one of the
    framework's declared sources ("dvcqg", "emc"…). Several origins may hold a figure for one key.
    """

    framework: str
    indicator: str
    unit: str
    period: str
    value: str  # canonical text; read it with read_value()
    note: str = ""
    source: str = ""
    recorded_by: str = ""
    recorded_at: datetime | None = None
    origin: str = ""

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.framework, self.indicator, self.unit, self.period, self.origin)

    @property
    def figure_key(self) -> tuple[str, str, str, str]:
        """The figure the value is one source's account of, whatever its origin."""
        return (self.framework, self.indicator, self.unit, self.period)


class EvaluationStatus(StrEnum):
    EXCEEDED = "exceeded"
    MET = "met"
    NOT_MET = "not_met"
    IN_PROGRESS = "in_progress"  # before the deadline and not reached yet
    NO_DATA = "no_data"
    MANUAL = "manual"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


# Vietnamese, as reports, files and the API write them; a page translates them (chiso.i18n.translate).
STATUS_LABELS = {
    EvaluationStatus.EXCEEDED: N_("Vượt chỉ tiêu"),
    EvaluationStatus.MET: N_("Đạt chỉ tiêu"),
    EvaluationStatus.NOT_MET: N_("Chưa đạt"),
    EvaluationStatus.IN_PROGRESS: N_("Đang thực hiện"),
    EvaluationStatus.NO_DATA: N_("Chưa có số liệu"),
    EvaluationStatus.MANUAL: N_("Cần đánh giá"),
}


def parse_status(text: str) -> EvaluationStatus | None:
    """Reads an official's evaluation, by key or by its Vietnamese label; blank means none was given."""
    cleaned = " ".join(text.split()).strip()
    if not cleaned:
        return None
    for status in EvaluationStatus:
        if cleaned.casefold() in (status.value, status.label.casefold()):
            return status
    if cleaned.casefold() in ("không đạt", "chưa đạt chỉ tiêu", "không đạt chỉ tiêu"):
        return EvaluationStatus.NOT_MET
    raise InputError(f"không hiểu đánh giá «{text}»",
                     expected=", ".join(f"{s.label} ({s.value})" for s in EvaluationStatus))


@dataclass(frozen=True)
class RecordedEvaluation:
    """What an official wrote in the "Đánh giá/Ghi chú" column, kept apart from what chiso computes."""

    framework: str
    indicator: str
    target: str
    unit: str
    period: str  # the period the evaluation was made at ("as of")
    status: EvaluationStatus | None
    note: str = ""
    source: str = ""
    recorded_by: str = ""
    recorded_at: datetime | None = None

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.framework, self.indicator, self.target, self.unit, self.period)


def read_value(indicator: Indicator, text: str, locale: str = "en") -> Reading:
    """The value ``text`` means for ``indicator``; raises InputError when it is not of the right type."""
    text = text.strip()
    if not text:
        raise InputError("giá trị rỗng", expected="bỏ dòng đi nếu không có số liệu (thiếu không phải là 0)")
    kind = indicator.value_type
    if kind.is_numeric:
        return _read_number(indicator, text, locale)
    if kind is ValueType.YES_NO:
        return _read_yes_no(text)
    if kind is ValueType.ORDINAL:
        return _read_level(indicator, text)
    if kind is ValueType.HEADING:
        raise InputError(f"chỉ tiêu {indicator.code} là dòng tiêu đề nhóm, không nhận giá trị",
                         expected="giá trị cho các chỉ tiêu con")
    return text


def canonical_value(indicator: Indicator, text: str, locale: str = "en") -> str:
    """The canonical text stored for ``text``: ``1.247.855`` (vi) → ``1247855``; ``có`` → ``yes``."""
    reading = read_value(indicator, text, locale)
    return format_reading(reading)


def format_reading(reading: Reading) -> str:
    if isinstance(reading, bool):
        return "yes" if reading else "no"
    if isinstance(reading, Decimal):
        return canonical(reading)
    return str(reading)


def _read_number(indicator: Indicator, text: str, locale: str) -> Decimal | Bound:
    percent = indicator.value_type is ValueType.PERCENT
    symbol = next((p for p in _BOUND_PREFIXES if text.startswith(p)), "") if text[:1] in _BOUND_STARTS else ""
    if locale == "en" and _CANONICAL.fullmatch(text, len(symbol)):
        # Stored values are canonical ("1247855", "46.14"): every figure read from the store takes this way.
        number = Decimal(text[len(symbol):])
        number = abs(number) if number.is_zero() else number
    else:
        number = parse_decimal(text[len(symbol):], locale, allow_percent=percent)
    if indicator.value_type is ValueType.COUNT and (number != number.to_integral_value() or number < 0):
        raise InputError(f"«{text}» không phải là số đếm", expected="số nguyên không âm")
    if symbol:
        return Bound({"≥": ">=", "≤": "<="}.get(symbol, symbol), number)
    return number


def _read_yes_no(text: str) -> bool:
    folded = text.casefold()
    if folded in YES or folded in NO:
        return folded in YES
    raise InputError(f"«{text}» không phải là có/không", expected="có/không, yes/no, 1/0")


def _read_level(indicator: Indicator, text: str) -> str:
    if text not in indicator.levels:
        raise InputError(f"«{text}» không phải là một mức của chỉ tiêu {indicator.code}",
                         expected=", ".join(indicator.levels))
    return text


def numeric(reading: Reading | None) -> Decimal | None:
    """The number a reading stands for in arithmetic: a bound counts by its bound."""
    if isinstance(reading, bool) or reading is None:
        return None
    if isinstance(reading, Bound):
        return reading.limit
    return reading if isinstance(reading, Decimal) else None

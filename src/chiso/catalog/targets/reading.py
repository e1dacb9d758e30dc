"""Reading the pieces every target kind is written with: numbers, comparators, shorthand like ">50%", periods."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from chiso.catalog.model import Baseline, Direction, Indicator, TargetPart
from chiso.errors import InputError
from chiso.periods.period import Period

_SYMBOLS = {"≥": ">=", "≤": "<=", "==": "="}
SHORTHAND = re.compile(r"^\s*(?P<cmp>>=|<=|≥|≤|>|<|=)?\s*(?P<num>-?\d+(?:[.,]\d+)?)\s*(?P<rest>.*)$")


def comparator(symbol: str) -> str:
    return _SYMBOLS.get(symbol, symbol)


def default_comparator(direction: Direction | None) -> str:
    return "<=" if direction is Direction.LOWER else ">="


def shorthand(text: str) -> tuple[str | None, Decimal]:
    """ ">50%" → (">", 50), "90%" → (None, 90): the comparator written, if any, and the number."""
    match = SHORTHAND.match(text)
    if not match:
        raise InputError(f"không đọc được chỉ tiêu «{text}»", expected="một số, ví dụ 90%, >50%, 20")
    return match["cmp"], decimal(match["num"].replace(",", "."))


def written_comparator(raw: dict[str, Any]) -> str | None:
    """The comparator a target states itself, in ``comparator:`` or before its number (">50%")."""
    if raw.get("comparator"):
        return comparator(str(raw["comparator"]))
    match = SHORTHAND.match(str(raw.get("value", "")))
    return comparator(match["cmp"]) if match and match["cmp"] else None


def single_part(raw: dict[str, Any], indicator: Indicator, default: str) -> TargetPart:
    """The one number of a target written ``value: 90%`` or ``value: ">50%"``."""
    if "value" not in raw:
        raise InputError("chỉ tiêu dạng số cần «value»", expected="ví dụ value: 90% hoặc value: \">50%\"")
    _, number = shorthand(str(raw["value"]))
    return TargetPart(indicator.code, written_comparator(raw) or default, number)


def require_direction(indicator: Indicator) -> None:
    if indicator.direction is None:
        raise InputError(f"chỉ tiêu {indicator.code} có chỉ tiêu dạng số nhưng chưa khai báo «direction»",
                         expected="direction: higher (càng cao càng tốt) hoặc lower (càng thấp càng tốt)")


def baseline(raw: dict[str, Any] | None) -> Baseline | None:
    return Baseline(period_code(raw["period"]), decimal(raw["value"])) if raw else None


def period_code(value: object) -> str:
    """The canonical code of a valid period (2025s1 → 2025S1); InputError for 2025Q5 or 2025-13."""
    return Period.parse(str(value)).code


def decimal(value: object) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise InputError(f"«{value}» không phải là số", expected="số thập phân viết bằng dấu chấm") from exc

"""Building targets from the many shapes they are written in: 90%, ">50%", compound, "Loại A", "Thành công"."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from chiso.catalog.model import (
    Baseline,
    Direction,
    Indicator,
    LegalBasis,
    Target,
    TargetKind,
    TargetPart,
    ValueType,
)
from chiso.errors import InputError
from chiso.periods.period import Period

_SYMBOLS = {"≥": ">=", "≤": "<=", "==": "="}
_SHORTHAND = re.compile(r"^\s*(?P<cmp>>=|<=|≥|≤|>|<|=)?\s*(?P<num>-?\d+(?:[.,]\d+)?)\s*(?P<rest>.*)$")


def comparator(symbol: str) -> str:
    return _SYMBOLS.get(symbol, symbol)


def default_comparator(direction: Direction | None) -> str:
    return "<=" if direction is Direction.LOWER else ">="


def build_target(raw: dict[str, Any], indicator: Indicator) -> Target:
    """A Target from its YAML mapping; raises InputError (without location) when it cannot be read."""
    kind = _kind(raw, indicator)
    text = str(raw.get("text") or raw.get("value") or "")
    period = _period(raw["period"])
    common: dict[str, Any] = {
        "id": str(raw.get("id") or period),
        "kind": kind,
        "period": period,
        "text": text,
        "baseline": _baseline(raw.get("baseline")),
        "legal_basis": LegalBasis(**raw["legal_basis"]) if raw.get("legal_basis") else None,
        "note": str(raw.get("note", "")),
    }
    if kind is TargetKind.QUALITATIVE:
        return Target(**common)
    if kind is TargetKind.LEVEL:
        return Target(level=_level(raw, indicator), **common)
    _require_direction(indicator)
    return Target(parts=_parts(kind, raw, indicator), **common)


def _kind(raw: dict[str, Any], indicator: Indicator) -> TargetKind:
    if "kind" in raw:
        return TargetKind(raw["kind"])
    if "parts" in raw:
        return TargetKind.COMPOUND
    if "min" in raw or "max" in raw:
        return TargetKind.RANGE
    if indicator.value_type is ValueType.ORDINAL:
        return TargetKind.LEVEL
    if indicator.value_type.is_numeric and _SHORTHAND.match(str(raw.get("value", ""))):
        return TargetKind.NUMBER
    return TargetKind.QUALITATIVE


def _parts(kind: TargetKind, raw: dict[str, Any], indicator: Indicator) -> tuple[TargetPart, ...]:
    if kind is TargetKind.COMPOUND:
        return tuple(_compound_part(p, indicator) for p in raw.get("parts", []))
    if kind is TargetKind.RANGE:
        bounds = [(">=", raw.get("min")), ("<=", raw.get("max"))]
        return tuple(TargetPart(indicator.code, c, _decimal(v)) for c, v in bounds if v is not None)
    if "value" not in raw:
        raise InputError("chỉ tiêu dạng số cần «value»", expected="ví dụ value: 90% hoặc value: \">50%\"")
    symbol, number = _shorthand(str(raw["value"]))
    chosen = comparator(str(raw.get("comparator") or symbol or default_comparator(indicator.direction)))
    return (TargetPart(indicator.code, chosen, number),)


def _compound_part(raw: dict[str, Any], indicator: Indicator) -> TargetPart:
    chosen = comparator(str(raw.get("comparator") or default_comparator(indicator.direction)))
    return TargetPart(str(raw["indicator"]), chosen, _decimal(raw["value"]), str(raw.get("label", "")))


def _shorthand(text: str) -> tuple[str | None, Decimal]:
    match = _SHORTHAND.match(text)
    if not match:
        raise InputError(f"không đọc được chỉ tiêu «{text}»", expected="một số, ví dụ 90%, >50%, 20")
    return match["cmp"], _decimal(match["num"].replace(",", "."))


def _level(raw: dict[str, Any], indicator: Indicator) -> str:
    level = str(raw.get("value", "")).strip()
    if level not in indicator.levels:
        raise InputError(f"mức «{level}» không có trong các mức của chỉ tiêu {indicator.code}",
                         expected=", ".join(indicator.levels) or "khai báo levels cho chỉ tiêu")
    return level


def _require_direction(indicator: Indicator) -> None:
    if indicator.direction is None:
        raise InputError(f"chỉ tiêu {indicator.code} có chỉ tiêu dạng số nhưng chưa khai báo «direction»",
                         expected="direction: higher (càng cao càng tốt) hoặc lower (càng thấp càng tốt)")


def _baseline(raw: dict[str, Any] | None) -> Baseline | None:
    return Baseline(_period(raw["period"]), _decimal(raw["value"])) if raw else None


def _period(value: object) -> str:
    """The canonical code of a valid period (2025s1 → 2025S1); InputError for 2025Q5 or 2025-13."""
    return Period.parse(str(value)).code


def _decimal(value: object) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise InputError(f"«{value}» không phải là số", expected="số thập phân viết bằng dấu chấm") from exc

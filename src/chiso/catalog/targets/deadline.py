"""Reading a target's deadline: ``period: "2025"``, a phase ``"2025:2027"``, a recurring ``every: year``."""

from __future__ import annotations

from datetime import date
from typing import Any

from chiso.catalog.model import Deadline
from chiso.errors import InputError
from chiso.periods import Period, PeriodType

EXPECTED = ('một kỳ ("2025"), một giai đoạn ("2025:2027"), hoặc giai đoạn kèm every: year, half, quarter, month '
            "cho chỉ tiêu lặp lại")


def parse_deadline(raw: dict[str, Any]) -> Deadline:
    """The deadline of a target mapping; InputError when the period or ``every`` cannot be one."""
    text = str(raw["period"]).strip()
    first, colon, last = text.partition(":")
    end = _period(last if colon else first, text)
    start = _period(first, text) if colon else None
    every = _every(raw.get("every"))
    if start is not None and start.end >= end.end:
        raise InputError(f"giai đoạn «{text}» phải bắt đầu trước khi kết thúc", expected="ví dụ 2025:2027")
    if every is None:
        return Deadline(end.code, start.code if start else "")
    if start is None:
        raise InputError(f"chỉ tiêu lặp lại (every: {every.value}) cần một giai đoạn, không phải một kỳ «{text}»",
                         expected='ví dụ period: "2025:2030" với every: year')
    _check_fits(start, end, every, text)
    return Deadline(end.code, start.code, every.value)


def _period(code: str, whole: str) -> Period:
    try:
        return Period.parse(code.strip())
    except InputError as exc:
        raise InputError(f"hạn của chỉ tiêu «{whole}» không hợp lệ: {exc.message}", expected=EXPECTED) from exc


_EVERY = (PeriodType.YEAR, PeriodType.HALF, PeriodType.QUARTER, PeriodType.MONTH)  # what a plan repeats by


def _every(value: object) -> PeriodType | None:
    if value is None:
        return None
    found = next((t for t in _EVERY if t.value == str(value).strip()), None)
    if found is None:
        raise InputError(f"every: «{value}» không phải là loại kỳ lặp lại",
                         expected=", ".join(t.value for t in _EVERY))
    return found


def _check_fits(start: Period, end: Period, every: PeriodType, text: str) -> None:
    # each occurrence is a whole period of the type ``every``, so the phase must be made of whole ones
    if occurrence_at(every, start.start).start != start.start or occurrence(every, end).end != end.end:
        raise InputError(f"giai đoạn «{text}» không gồm trọn các kỳ {every.noun} (every: {every.value})",
                         expected=f"giai đoạn bắt đầu và kết thúc đúng ranh giới các kỳ {every.noun}")


def occurrence(every: PeriodType, period: Period) -> Period:
    """The period of type ``every`` that holds the end of ``period``: the year 2026 holds 2026Q2."""
    return occurrence_at(every, period.end)


def occurrence_at(every: PeriodType, day: date) -> Period:
    return Period(every, day.year, (day.month - 1) // every.months + 1)

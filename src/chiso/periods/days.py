"""A day as Vietnamese users and files write it: 30/06/2025, or 2025-06-30 as a machine does."""

from __future__ import annotations

from datetime import date, datetime

from chiso.errors import InputError

DAY_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
EXPECTED_DAY = "dd/mm/yyyy, ví dụ 30/06/2025 (hoặc 2025-06-30)"


def parse_day(text: str | None) -> date | None:
    """The day ``text`` names; None for an empty text; InputError for anything else."""
    text = (text or "").strip()
    if not text:
        return None
    for pattern in DAY_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise InputError(f"ngày «{text}» không hợp lệ", expected=EXPECTED_DAY)


def day_text(day: date) -> str:
    """A day as Vietnamese documents write it: 30/06/2025."""
    return f"{day:%d/%m/%Y}"

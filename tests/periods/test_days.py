"""A day as users write it: 30/06/2025 or 2025-06-30; nothing else."""

from __future__ import annotations

from datetime import date

import pytest

from chiso.errors import InputError
from chiso.periods.days import parse_day


@pytest.mark.parametrize(("text", "day"), [
    ("30/06/2025", date(2025, 6, 30)), ("2025-06-30", date(2025, 6, 30)), (" 1/7/2025 ", date(2025, 7, 1)),
    ("", None), (None, None),
])
def test_a_day_is_read_in_either_way(text: str | None, day: date | None) -> None:
    assert parse_day(text) == day


@pytest.mark.parametrize("text", ["31/06/2025", "06/30/2025", "30.06.2025", "hôm nay"])
def test_anything_else_is_refused_with_the_expected_shape(text: str) -> None:
    with pytest.raises(InputError, match=f"ngày «{text}» không hợp lệ") as caught:
        parse_day(text)
    assert "dd/mm/yyyy" in str(caught.value)

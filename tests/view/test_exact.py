"""The view reads stored numbers without the locale's parser; it must read them as the indicator does."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from chiso.catalog.loader import load_framework
from chiso.errors import InputError
from chiso.values.model import read_value
from chiso.view import exact

FRAMEWORK = load_framework("""
code: x
title: "Thử"
indicators:
  - {code: "1", name: "Số đếm", type: count}
  - {code: "2", name: "Tỷ lệ", type: percent}
  - {code: "3", name: "Số", type: number}
  - {code: "4", name: "Văn bản", type: text}
""")
texts = st.one_of(st.from_regex(r"-?[0-9]{1,6}(\.[0-9]{1,4})?", fullmatch=True),
                  st.sampled_from(["-0", "-0.00", "0", ">90", "<=5", "1e3", "NaN", "1.247.855", "12,5", " 7", "x"]))


@given(st.sampled_from(["1", "2", "3", "4"]), texts)
def test_exact_reads_as_read_value(code: str, text: str) -> None:
    indicator = FRAMEWORK.indicator(code)
    try:
        reading = read_value(indicator, text)
    except InputError:
        reading = None
    expected = reading if isinstance(reading, Decimal) and indicator.value_type.is_numeric else None
    found = exact(indicator, text)
    assert found == expected and (found is None or str(found) == str(expected))

"""Rows of past appendices to indicators: by number and name, names damaged as the second seed's text layer is."""

from __future__ import annotations

import pytest

from chiso.appendix.matching import FOUND, SURE, Matcher, folded, number_of
from chiso.catalog.loader import shipped_frameworks

# (framework, rows as the appendix numbers and names them) → (indicator, sure?) per row
CASES = [
    ("cqs", [("5.1.", "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến toàn trình")], [("5.1", True)]),
    ("cqs", [("5.1.1.", "Tổng số TTHC cung cấp dịch vụ công trực tuyến")], [("5.1.1", True)]),
    # the PDF's text layer cut the name at a page break: the number carries it
    ("cqs", [("5.2.", "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến")], [("5.2", True)]),
    # a number the framework does not have, a name it does: proposed, to be confirmed
    ("cqs", [("9.", "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến toàn trình")], [("5.1", False)]),
    ("cqs", [("7.", "Số cán bộ được tập huấn an toàn thông tin")], [(None, False)]),
    # a section row sets where the short numbers are, even when its title lost its letters
    ("cds2025", [("I", "Ph t tr ể  c í   qu ề  số,  â          u  uả"),
                 ("2", "Tỷ lệ hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng"),
                 ("II", "  át tr ể  k    t  số"),
                 ("3", "Năng xuất lao động xã hội trung bình năm")],
     [(None, True), ("I.2", True), (None, True), ("II.3", True)]),
    # a short number under the wrong section: its name says which indicator, and it must be confirmed
    ("cds2025", [("II", ""), ("1", "Hạ tầng mạng băng rộng cáp quang phủ 90% hộ gia đình, 100% xã")],
     [(None, True), ("III.1", False)]),
    # letters lost inside the name
    ("cqs", [("", "Tỷ l  TTHC cung c p d ch v  công tr c tuy n toàn trình")], [("5.1", False)]),
]


@pytest.mark.parametrize(("framework", "rows", "expected"), CASES)
def test_rows_match_their_indicators(framework: str, rows: list[tuple[str, str]],
                                     expected: list[tuple[str | None, bool]]) -> None:
    matcher = Matcher(shipped_frameworks()[framework])
    found = [matcher.match(number, name) for number, name in rows]
    assert [(m.indicator, m.confidence >= SURE) for m in found] == expected
    assert all(m.indicator is None or m.confidence >= FOUND for m in found)


def test_an_unmatched_row_says_what_it_was() -> None:
    found = Matcher(shipped_frameworks()["cqs"]).match("7.", "Số cán bộ được tập huấn an toàn thông tin")
    assert found.reason == "không khớp chỉ tiêu nào: số thứ tự «7», tên «Số cán bộ được tập huấn an toàn thông tin»"


def test_names_are_compared_without_accents_case_or_blanks() -> None:
    assert folded("Tỷ lệ  ĐƯỢC   xử lý") == "ty le duoc xu ly"
    assert [number_of(n) for n in ("5.1.", " I. ", "1")] == ["5.1", "I", "1"]

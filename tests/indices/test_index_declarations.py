"""A bad index declaration is refused when the framework loads, naming its file, line and key; ranks among
a new province's communes are given with their base."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from chiso.catalog.loader import load_framework, load_framework_file, shipped_frameworks
from chiso.errors import InputError
from chiso.indices.ranking import costs_by_unit, peer_units, scorecard
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.periods import Period
from chiso.values.model import Value
from chiso.view import MemorySource

DATA = Path(__file__).parent / "data"
GOOD = (DATA / "thu.yaml").read_text("utf-8")


def test_a_group_whose_items_do_not_add_up_is_named_with_its_line() -> None:
    with pytest.raises(InputError) as caught:
        load_framework_file(DATA / "thu-with-problems.yaml")
    error = caught.value
    assert (error.file, error.line, error.column) == (str(DATA / "thu-with-problems.yaml"), 24,
                                                      "indices[0].groups[1].max")
    assert "nhóm 2 ghi 12 điểm nhưng các tiêu chí cộng lại được 10 điểm" in error.message


@pytest.mark.parametrize(("old", "new", "line", "column", "words"), [
    ('indicator: "A", max: 10', 'indicator: "Z", max: 10', 21, "indices[0].groups[0].items[0].indicator",
     "tham chiếu chỉ tiêu không tồn tại: Z"),
    ('indicator: "A", max: 10', 'indicator: "A.1", max: 10', 21, "indices[0].groups[0].items[0].indicator",
     "chỉ tiêu A.1 kiểu count không chấm điểm được"),
    ("threshold: 80", "threshold: 120", 21, "indices[0].groups[0].items[0].threshold", "ngưỡng 120% của 1.1"),
    ("zero_denominator: zero", "zero_denominator: maybe", 26, "indices[0].groups[1].items[0].zero_denominator",
     "giá trị «maybe» không được chấp nhận"),
    ("total: 20", "total: 100", 15, "indices[0].total", "ghi tổng 100 điểm nhưng các nhóm cộng lại được 20 điểm"),
    ('code: "2.2"', 'code: "1.1"', 27, "indices[0].groups[1].items[1].code", "mã thành phần 1.1 bị trùng"),
    ('indicator: "C", max: 5, ', 'indicator: "C", ', 27, "indices[0].groups[1].items[1]",
     "tiêu chí 2.2 chưa ghi số điểm tối đa"),
])
def test_each_fault_is_named_where_it_is(old: str, new: str, line: int, column: str, words: str) -> None:
    assert old in GOOD
    with pytest.raises(InputError) as caught:
        load_framework(GOOD.replace(old, new, 1), file="thu.yaml")
    assert (caught.value.file, caught.value.line, caught.value.column) == ("thu.yaml", line, column)
    assert words in str(caught.value)


def test_the_shipped_766_index_has_its_six_groups_and_100_points() -> None:
    index = shipped_frameworks()["qd766"].index("qd766")
    assert index is not None
    assert [(g.code, g.name, int(g.max)) for g in index.groups] == [
        ("1", "Công khai, minh bạch", 18), ("2", "Tiến độ giải quyết", 20), ("3", "Dịch vụ công trực tuyến", 12),
        ("4", "Thanh toán trực tuyến", 10), ("5", "Số hóa hồ sơ", 22), ("6", "Mức độ hài lòng", 18)]
    assert index.max == 100


# --- Ranks among a new province's communes ---------------------------------------------------------------

COMMUNES = {"99001": ("Xã Một", "40"), "99002": ("Xã Hai", "30"), "99003": ("Xã Ba", "30"), "99004": ("Xã Bốn", "10")}


def province() -> tuple[Hierarchy, MemorySource]:
    """Tỉnh Mẫu and four communes, each with 50 dossiers of which some were online in the quarter."""
    units = [OrgUnit("99", "Tỉnh Mẫu", OrgUnitType.PROVINCE)]
    values = []
    for code, (name, online) in COMMUNES.items():
        units.append(OrgUnit(code, name, OrgUnitType.COMMUNE, "99"))
        values += [Value("thu", "A.1", code, "2025Q1", online), Value("thu", "A.2", code, "2025Q1", "50")]
    tree = Hierarchy(units)
    return tree, MemorySource(values, tree)


def test_communes_are_ranked_among_their_province_s_communes_with_the_base() -> None:
    thu = load_framework(GOOD, file="thu.yaml")
    tree, source = province()
    quarter = Period.parse("2025Q1")
    assert peer_units(tree, "99003", quarter) == ["99001", "99002", "99003", "99004"]

    card = scorecard(thu, tree, source, index="thu", unit="99003", period=quarter, peers=True)
    # 40/50 = 80 % → 10 points; 30/50 = 60 % → 7.5; 10/50 = 20 % → 2.5. Group 2 has no figures (missing).
    assert [(s.unit, s.total) for s in card.peers] == [("99001", Decimal(10)), ("99002", Decimal("7.50")),
                                                       ("99003", Decimal("7.50")), ("99004", Decimal("2.50"))]
    assert card.rank is not None and card.rank.text == "2/4"  # tied with Xã Hai: both second
    last = scorecard(thu, tree, source, index="thu", unit="99004", period=quarter, peers=True)
    assert last.rank is not None and last.rank.text == "4/4"


def test_the_units_that_cost_the_most_points_come_first() -> None:
    thu = load_framework(GOOD, file="thu.yaml")
    tree, source = province()
    found = costs_by_unit(thu, tree, source, index="thu", unit="99", period=Period.parse("2025Q1"))
    assert [(s.unit, s.lost) for s in found] == [("99004", Decimal("7.50")), ("99002", Decimal("2.50")),
                                                 ("99003", Decimal("2.50")), ("99001", Decimal(0))]

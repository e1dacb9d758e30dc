"""A user's links file, read and checked against the units' versions: every problem named by file, line and column."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from chiso.errors import InputError, InputErrors
from chiso.orgunits.linkfile import check_links, load_links, read_links
from chiso.orgunits.links import LinkKind, UnitLink
from chiso.orgunits.model import OrgUnit, OrgUnitType
from chiso.orgunits.vn import vn_2025, vn_legacy

DATA = Path(__file__).parent / "data"
GOOD, BAD = DATA / "links.csv", DATA / "links-with-problems.csv"
ON = date(2025, 7, 1)
HEADER = "date,from,to,share,basis,default,kind,note\n"


@pytest.fixture(scope="module")
def units() -> list[OrgUnit]:
    return vn_legacy("66") + vn_2025("66")


def messages(raised: pytest.ExceptionInfo[InputErrors]) -> list[str]:
    return [str(error) for error in raised.value.errors]


def test_a_good_file_gives_its_links_with_kinds_shares_and_defaults(units: list[OrgUnit]) -> None:
    links = load_links(GOOD, units)
    assert links == [
        UnitLink("24550", "24561", ON, LinkKind.SPLIT, Decimal("0.6"), "dân số", True, "theo số dân năm 2024", False),
        UnitLink("24550", "24544", ON, LinkKind.SPLIT, Decimal("0.4"), "dân số", False, "", False),
        UnitLink("22225", "22225", ON, LinkKind.SPLIT, Decimal("0.55"), "diện tích", True, "", False),
        UnitLink("22225", "22237", ON, LinkKind.SPLIT, Decimal("0.45"), "diện tích", False, "", False),
        UnitLink("24235", "24235", ON, LinkKind.RENAME, None, "", False, "Đổi tên", True),
    ]


def test_rows_keep_where_they_were_read() -> None:
    rows = read_links(GOOD)
    assert [(row.file, row.line) for row in rows] == [(str(GOOD), line) for line in range(2, 7)]
    assert rows[1].link.on == ON and rows[1].link.kind is LinkKind.SPLIT  # 01/07/2025 as written
    assert rows[0].link.kind is None  # left to the other links of the day


def test_the_twin_with_problems_names_every_one(units: list[OrgUnit]) -> None:
    overlapping = OrgUnit("24235", "Xã Krông Na", OrgUnitType.COMMUNE, "647", date(2025, 6, 1), date(2025, 6, 30))
    with pytest.raises(InputErrors) as raised:
        load_links(BAD, [*units, overlapping])
    file = f"tệp {BAD}"
    assert messages(raised) == [
        f"{file}, dòng 2, cột «date»: ngày «2025-31-07» không hợp lệ (cần: dd/mm/yyyy, ví dụ 30/06/2025 "
        "(hoặc 2025-06-30))",
        f"{file}, dòng 3, cột «share»: tỉ lệ chia «1,5» không nằm trong khoảng từ 0 đến 1 (cần: số từ 0 đến 1 "
        "(ví dụ 0,4) hoặc phần trăm (ví dụ 40%), hoặc để trống)",
        f"{file}, dòng 4, cột «from»: đơn vị «99999» không có trong danh mục đơn vị (cần: mã một đơn vị có trong "
        "kho hoặc trong tệp đơn vị)",
        f"{file}, dòng 4, cột «to»: đơn vị 24235: hai phiên bản có thời gian hiệu lực chồng lên nhau "
        "(…–30/06/2025 và 01/06/2025–30/06/2025) (cần: các phiên bản của một mã nối tiếp nhau: mỗi phiên bản "
        "bắt đầu sau ngày phiên bản trước hết hiệu lực)",
    ]


def test_shares_of_one_predecessor_above_1_are_refused_with_their_lines(units: list[OrgUnit]) -> None:
    text = HEADER + '2025-07-01,24550,24561,"0,6",dân số,,,\n2025-07-01,24550,24544,60%,dân số,,,\n' \
        "2025-07-01,22225,22225,0.9,,,,\n2025-07-01,22225,22237,0.9,diện tích,,,\n"
    with pytest.raises(InputError) as raised:
        load_links("chia.csv", units, text)
    assert str(raised.value) == (
        "tệp chia.csv, dòng 3, cột «share»: tổng tỉ lệ chia của đơn vị 24550 ngày 01/07/2025 theo dân số là 1,2, "
        "lớn hơn 1 (các dòng 2, 3) (cần: các tỉ lệ chia của một đơn vị cùng ngày, cùng cơ sở (basis) cộng lại "
        "không quá 1)")


def test_links_kept_before_count_in_the_shares(units: list[OrgUnit]) -> None:
    kept = [UnitLink("24550", "24561", ON, LinkKind.SPLIT, Decimal("0.7"), "dân số")]
    text = HEADER + "2025-07-01,24550,24544,0.4,dân số,,,\n"
    with pytest.raises(InputError) as raised:
        load_links("chia.csv", units, text, beside=kept)
    assert raised.value.line == 2 and "là 1,1, lớn hơn 1 (các dòng 2)" in raised.value.message
    replaced = [UnitLink("24550", "24544", ON, share=Decimal("0.9"), basis="dân số"), *kept]
    with pytest.raises(InputError):  # the file's own link replaces the kept one of the same key, 0,4 + 0,7
        load_links("chia.csv", units, text, beside=replaced)
    assert load_links("chia.csv", units, HEADER + "2025-07-01,24550,24544,0.3,dân số,,,\n", beside=kept)[0].share \
        == Decimal("0.3")


def test_a_link_needs_the_predecessor_ending_the_day_before_and_the_successor_starting_that_day(
        units: list[OrgUnit]) -> None:
    text = HEADER + "2025-08-01,24550,24561,,,,,\n"
    with pytest.raises(InputErrors) as raised:
        load_links("ngay.csv", units, text)
    assert messages(raised) == [
        "tệp ngay.csv, dòng 2, cột «from»: đơn vị 24550 không có phiên bản hết hiệu lực ngày 31/07/2025, ngày "
        "trước ngày sắp xếp 01/08/2025 (cần: một phiên bản của 24550 có valid_to 31/07/2025)",
        "tệp ngay.csv, dòng 2, cột «to»: đơn vị 24561 không có phiên bản bắt đầu hiệu lực ngày 01/08/2025 (cần: "
        "một phiên bản của 24561 có valid_from 01/08/2025)",
    ]


def test_a_unit_that_is_its_own_predecessor_is_a_loop() -> None:
    units = [OrgUnit("A1", "Xã A", OrgUnitType.COMMUNE), OrgUnit("B1", "Xã B", OrgUnitType.COMMUNE)]
    errors = check_links(units, [UnitLink("A1", "B1", ON), UnitLink("B1", "A1", ON)])
    assert [error.message for error in errors if "vòng" in error.message] == [
        "các liên kết tạo thành vòng: A1 → B1 → A1"]


def test_codes_reused_across_a_day_are_no_loop(units: list[OrgUnit]) -> None:
    links = [UnitLink("22225", "22237", ON), UnitLink("22237", "22225", ON)]  # old 22237 into new 22225: versions
    assert check_links(units, links) == []


def test_bad_cells_say_what_is_expected() -> None:
    text = HEADER + "2025-07-01,24550,24561,abc,,,,\n2025-07-01,24550,24544,,,có lẽ,,\n" \
        "2025-07-01,22225,22225,,,,gộp,\n2025-07-01,,22237,,,,,\n,22225,22237,,,,,\n2025-07-01,24550,24561,,,,,\n"
    with pytest.raises(InputErrors) as raised:
        read_links("o.csv", text)
    assert messages(raised) == [
        "tệp o.csv, dòng 2, cột «share»: tỉ lệ chia «abc» không phải là số (cần: số từ 0 đến 1 (ví dụ 0,4) hoặc "
        "phần trăm (ví dụ 40%), hoặc để trống)",
        "tệp o.csv, dòng 3, cột «default»: «có lẽ» không phải là có/không (cần: yes/no, true/false, 1/0 hoặc "
        "có/không (để trống: không))",
        "tệp o.csv, dòng 4, cột «kind»: loại liên kết «gộp» không hợp lệ (cần: merge (Nhập), split (Chia tách), "
        "rename (Đổi tên), move (Chuyển cấp trên hoặc loại hình), transfer (Điều chỉnh một phần địa giới) hoặc "
        "để trống)",
        "tệp o.csv, dòng 5, cột «from»: thiếu mã đơn vị (cần: mã đơn vị hành chính, ví dụ 24235)",
        "tệp o.csv, dòng 6, cột «date»: thiếu ngày sắp xếp (cần: dd/mm/yyyy, ví dụ 30/06/2025 (hoặc 2025-06-30))",
    ]
    duplicate = HEADER + "2025-07-01,24550,24561,,,,,\n01/07/2025,24550,24561,,,,,\n"
    with pytest.raises(InputError) as one:
        read_links("o.csv", duplicate)
    assert str(one.value) == ("tệp o.csv, dòng 3, cột «to»: liên kết 24550 → 24561 ngày 01/07/2025 đã có ở dòng 2 "
                              "(cần: mỗi ngày × from × to chỉ một dòng)")


def test_the_header_must_name_the_links_columns() -> None:
    with pytest.raises(InputError) as missing:
        read_links("h.csv", "date,from,share\n2025-07-01,1,\n")
    assert str(missing.value) == ("tệp h.csv, dòng 1, cột «to»: thiếu cột «to» (cần: các cột "
                                  "date,from,to,share,basis,default,kind,note)")
    with pytest.raises(InputError) as unknown:
        read_links("h.csv", "date,from,to,area\n")
    assert unknown.value.column == "area" and unknown.value.message == "cột không được hỗ trợ «area»"


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError) as raised:
        read_links(tmp_path / "khong-co.csv")
    assert str(raised.value) == f"tệp {tmp_path / 'khong-co.csv'}: không tìm thấy tệp"

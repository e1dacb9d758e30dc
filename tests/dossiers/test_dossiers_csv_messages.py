"""A CSV file DuckDB cannot read as it should is refused with its line and what is wrong, in Vietnamese: not
"missing column dossier_id" when the header is there, nor forty lines of DuckDB's own English."""

from __future__ import annotations

from pathlib import Path

import pytest

from chiso.catalog.loader import shipped_frameworks
from chiso.dossiers import compute
from chiso.errors import InputError
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.periods import PeriodType, period_range

DATA = Path(__file__).parent / "data"
HEADER = DATA.joinpath("dossiers.csv").read_text(encoding="utf-8").splitlines()[0]
ROW = "D01,P1,66,2024-01-10,online,2024-01-20,2024-01-18,1,1,1,1"
SHAPE = "(cần: mỗi dòng có đúng 11 ô như dòng tiêu đề; ô có dấu phân cách, dấu ngoặc kép hay xuống dòng đặt trong " \
        "ngoặc kép)"
UTF8 = "(cần: tệp CSV mã hoá UTF-8 có dòng tiêu đề (trong Excel: «CSV UTF-8»))"


def refusal(tmp_path: Path, content: bytes) -> str:
    path = tmp_path / "ho-so.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as raised:
        compute([DATA / "procedures.csv"], [path], framework=shipped_frameworks()["cqs"],
                hierarchy=Hierarchy([OrgUnit("66", "Tỉnh Đắk Lắk", OrgUnitType.PROVINCE)]), top="66",
                period_type=PeriodType.YEAR, periods=period_range("2024"), rejects=tmp_path / "loai.csv",
                threads=1, digests=False)
    return str(raised.value).replace(str(path), "ho-so.csv")


@pytest.mark.parametrize(("lines", "message"), [
    ([ROW, 'D02,"P1,66'], f"tệp ho-so.csv, dòng 3: dòng không đọc được: dấu ngoặc kép mở mà không đóng {SHAPE}"),
    ([ROW + ",5,6"], f"tệp ho-so.csv, dòng 2: dòng có 13 ô, dòng tiêu đề có 11 cột {SHAPE}"),
    ([ROW, ROW.replace(",1,1,1,1", ",1,1,1")], f"tệp ho-so.csv, dòng 3: dòng có 10 ô, dòng tiêu đề có 11 cột {SHAPE}"),
], ids=["open quote", "row too wide", "row too short"])
def test_a_row_that_misleads_duckdb_is_named(tmp_path: Path, lines: list[str], message: str) -> None:
    assert refusal(tmp_path, "\n".join([HEADER, *lines, ""]).encode()) == message


def test_bytes_that_are_not_utf8_are_named_by_their_line(tmp_path: Path) -> None:
    content = "\n".join([HEADER, ROW, ROW.replace("D01", "Dé02"), ""]).encode("latin-1")  # Windows, not UTF-8

    assert refusal(tmp_path, content) == f"tệp ho-so.csv, dòng 3: tệp không phải UTF-8 {UTF8}"


def test_a_utf16_file_is_named(tmp_path: Path) -> None:
    content = "\n".join([HEADER, ROW, ""]).encode("utf-16")

    assert refusal(tmp_path, content) == f"tệp ho-so.csv, dòng 1: tệp mã hoá UTF-16, không phải UTF-8 {UTF8}"


def test_a_header_that_is_not_utf8(tmp_path: Path) -> None:
    content = (HEADER.replace("channel", "kênh") + "\n" + ROW + "\n").encode("latin-1")

    assert refusal(tmp_path, content).startswith("tệp ho-so.csv, dòng 1: dòng tiêu đề không phải UTF-8 (byte ")

"""Input formats: a workbook loads as its CSV twin does, one cell conversion for every reader, plug-in formats.

The workbooks are written here with openpyxl as Excel stores what a user typed: numbers as numbers (one a
percentage, 0.4614 shown as 46,14%), a day as a date, a yes/no as a boolean, an empty cell as nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from typer.testing import CliRunner

from chiso.cli.main import app
from chiso.io.formats import Sheet, cell_text, register_input_format, unregister_input_format
from chiso.io.formats.delimited import delimited_sheet
from chiso.io.text import read_text
from chiso.orgunits.model import OrgUnitType
from chiso.store import models, services

DATA = Path(__file__).parents[1] / "store" / "data"
runner = CliRunner(env={"COLUMNS": "200"})
UNIT_HEADER = ["code", "name", "type", "parent", "valid_from", "valid_to"]
VALUE_HEADER = ["framework", "indicator", "unit", "period", "value", "note", "source"]
UNITS: list[list[object]] = [[66, "Tỉnh Đắk Lắk", "tỉnh", None, None, None],
                             [643, "Thành phố Buôn Ma Thuột", "huyện", 66, None, datetime(2025, 6, 30)]]
VALUES: list[list[object]] = [
    ["mini", "1.1", 66, 2024, 861058, None, "Phụ lục VIII"],
    ["mini", "1.2", 66, 2024, 326885.0, None, "Phụ lục VIII"],
    ["mini", "1", 66, 2024, 46.14, None, "Phụ lục VIII"],
    ["mini", "1", 66, "2025Q1", 0.4614, "ô định dạng phần trăm", None],
    ["mini", "1.2", 643, "2025Q1", 0.1 + 0.2 + 11999.7, None, None],  # a computed 12000.000000000002
    ["mini", "2", 66, "2025-06", True, "  ghi chú, có dấu phẩy  ", None],
]
UNITS_CSV = """code,name,type,parent,valid_from,valid_to
66,Tỉnh Đắk Lắk,tỉnh,,,
643,Thành phố Buôn Ma Thuột,huyện,66,,2025-06-30
"""
VALUES_CSV = """framework,indicator,unit,period,value,note,source
mini,1.1,66,2024,861058,,Phụ lục VIII
mini,1.2,66,2024,326885,,Phụ lục VIII
mini,1,66,2024,46.14,,Phụ lục VIII
mini,1,66,2025Q1,46.14,ô định dạng phần trăm,
mini,1.2,643,2025Q1,12000,,
mini,2,66,2025-06,yes,"ghi chú, có dấu phẩy",
"""


def workbook(path: Path, values: list[list[object]] = VALUES) -> Path:
    book = Workbook()
    units = book.active
    assert units is not None
    units.title = "Đơn vị"
    for row in [UNIT_HEADER, *UNITS]:
        units.append(row)
    sheet = book.create_sheet("Giá trị")
    for row in [VALUE_HEADER, *values]:
        sheet.append(row)
    sheet["E5"].number_format = "0.00%"  # the 0.4614 of 2025Q1, shown as 46,14%
    book.save(path)
    return path


def load(*paths: Path, locale: str = "en") -> str:
    result = runner.invoke(app, ["load", *map(str, paths), "--locale", locale])
    assert result.exit_code == 0, result.output
    return result.output


def stored() -> list[tuple[str, ...]]:
    return sorted((v.framework, v.indicator, v.unit, v.period, v.value, v.note, v.source, v.origin)
                  for v in services.values())


def units() -> list[tuple[object, ...]]:
    return sorted((u.code, u.name, u.type, u.parent, u.valid_from, u.valid_to) for u in services.org_units())


@pytest.mark.django_db
@pytest.mark.parametrize("locale", ["en", "vi"])
def test_a_workbook_loads_exactly_what_its_csv_twin_loads(tmp_path: Path, locale: str) -> None:
    # The numbers a workbook types are read as numbers whatever --locale says of the text typed in CSV files.
    output = load(DATA / "mini.yaml", workbook(tmp_path / "values.xlsx"), locale=locale)
    from_workbook, units_from_workbook, versions = stored(), units(), models.Value.history.count()
    (tmp_path / "org_units.csv").write_text(UNITS_CSV, encoding="utf-8")
    (tmp_path / "values.csv").write_text(VALUES_CSV, encoding="utf-8")

    load(tmp_path / "org_units.csv", tmp_path / "values.csv")

    assert "2 đơn vị" in output and "6 giá trị" in output, output
    assert stored() == from_workbook
    assert units() == units_from_workbook
    assert models.Value.history.count() == versions  # the twin changes nothing: every value was already so
    assert ("mini", "1", "66", "2025Q1", "46.14", "ô định dạng phần trăm", "", "") in from_workbook
    assert ("mini", "2", "66", "2025-06", "yes", "ghi chú, có dấu phẩy", "", "") in from_workbook
    assert ("643", "Thành phố Buôn Ma Thuột", OrgUnitType.DISTRICT, "66", None,
            date(2025, 6, 30)) in units_from_workbook


@pytest.mark.django_db
def test_a_workbook_with_problems_is_refused_naming_file_sheet_row_and_column(tmp_path: Path) -> None:
    values: list[list[object]] = [*VALUES[:3], ["mini", "1", 66, "2025 quý 1", 46.14, None, None], *VALUES[4:]]
    path = workbook(tmp_path / "values-with-problems.xlsx", values)

    result = runner.invoke(app, ["load", str(DATA / "mini.yaml"), str(path)])

    assert result.exit_code != 0
    message = " ".join(result.output.split())
    assert f"tệp {path}, trang «Giá trị», dòng 5, cột «period»" in message, result.output
    assert services.values() == [] and services.org_units() == []  # nor the units of the first sheet
    assert not models.Framework.objects.exists()


@pytest.mark.django_db
def test_a_row_wider_than_its_header_is_refused_at_its_row(tmp_path: Path) -> None:
    values: list[list[object]] = [*VALUES[:1], [*VALUES[1], "", "thừa"], *VALUES[2:]]
    path = workbook(tmp_path / "wide.xlsx", values)

    result = runner.invoke(app, ["load", str(DATA / "mini.yaml"), str(path)])

    assert result.exit_code != 0
    assert "trang «Giá trị», dòng 3: dòng có nhiều ô hơn tiêu đề" in " ".join(result.output.split())


@pytest.fixture
def tsv() -> Iterator[None]:
    @register_input_format("tsv-test", (".tsv",), "Bảng ngăn cách bằng dấu tab")
    def read_tsv(path: Path) -> Iterator[Sheet]:
        yield delimited_sheet(read_text(path), "\t")

    yield
    unregister_input_format("tsv-test")


@pytest.mark.django_db
@pytest.mark.usefixtures("tsv")
def test_a_format_registered_by_a_plug_in_is_read_by_chiso_load(tmp_path: Path) -> None:
    (tmp_path / "org_units.tsv").write_text(UNITS_CSV.replace(",", "\t"), encoding="utf-8")
    values = tmp_path / "values.tsv"
    values.write_text(VALUES_CSV.replace('"ghi chú, có dấu phẩy"', "ghi chú").replace(",", "\t"), encoding="utf-8")

    load(DATA / "mini.yaml", tmp_path / "org_units.tsv", values)

    assert ("mini", "1.1", "66", "2024", "861058", "", "Phụ lục VIII", "") in stored()
    assert len(stored()) == 6


@pytest.mark.django_db
def test_an_unknown_suffix_names_the_formats_read(tmp_path: Path) -> None:
    path = tmp_path / "values.ods"
    path.write_bytes(b"")

    result = runner.invoke(app, ["load", str(path)])

    assert result.exit_code != 0
    assert "«.ods»" in result.output and ".xlsx" in result.output


CASES: list[tuple[object, str, str]] = [
    (None, "General", ""),
    (True, "General", "yes"),
    (False, "General", "no"),
    (12, "General", "12"),
    (12.0, "General", "12"),
    (46.14, "General", "46.14"),
    (0.1 + 0.2, "General", "0.3"),
    (1e20, "General", "100000000000000000000"),
    (1.5e-7, "General", "0.00000015"),
    (-0.0, "General", "0"),
    (0.4614, "0.00%", "46.14%"),
    (100, "[$-42A]#,##0\"%\"", "100"),  # chiso's own 100%: a printed sign, not a hundredth
    (5, "0\\%", "5"),
    (1, "0%", "100%"),
    (Decimal("46.140"), "General", "46.14"),
    (Decimal("1E+3"), "General", "1000"),
    (float("inf"), "General", "inf"),
    (datetime(2025, 6, 30), "dd/mm/yyyy", "2025-06-30"),
    (datetime(2025, 6, 30, 10, 30), "General", "2025-06-30 10:30:00"),
    (date(2025, 6, 30), "General", "2025-06-30"),
    (time(10, 30), "General", "10:30:00"),
    ("  Tỉnh Đắk Lắk \n", "General", "Tỉnh Đắk Lắk"),
    ("46,14", "General", "46,14"),
]


@pytest.mark.parametrize(("value", "number_format", "text"), CASES)
def test_a_cell_is_written_as_every_reader_reads_it(value: object, number_format: str, text: str) -> None:
    assert cell_text(value, number_format) == text


@given(st.integers(-(10**15) + 1, 10**15 - 1), st.integers(-20, 20))
def test_a_number_typed_with_up_to_fifteen_digits_comes_back_as_typed(mantissa: int, exponent: int) -> None:
    typed = Decimal(mantissa).scaleb(exponent)
    expected = format(typed.normalize(), "f") if mantissa else "0"

    assert cell_text(float(typed)) == expected

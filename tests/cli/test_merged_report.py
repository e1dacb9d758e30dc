"""The merged province's appendix from the command line, on the official lists of 2025.

The store holds the shipped Đắk Lắk data (the old province's Phụ lục VIII, 2021–2025S1), the official
units of old Đắk Lắk and Phú Yên and of the new Đắk Lắk, and the links between them. The new 66 in
2021–2025 is then made of both old provinces' figures: with Phú Yên's too, summed and its rates
recomputed; without them, the report says Phú Yên's are missing instead of printing old Đắk Lắk's
figures as the province's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chiso.cli.main import app
from chiso.data import shipped_files

runner = CliRunner(env={"COLUMNS": "200"})

# What a province's office would type for old Phú Yên: two counts of Phụ lục VIII, 5.1 (full-process
# online procedures over all online procedures).
PHU_YEN = """framework,indicator,unit,period,value
cqs,5.1.1,54,2021,1400
cqs,5.1.1,54,2022,1450
cqs,5.1.1,54,2023,1500
cqs,5.1.1,54,2024,1520
cqs,5.1.1,54,2025S1,1530
cqs,5.1.2,54,2021,500
cqs,5.1.2,54,2022,550
cqs,5.1.2,54,2023,600
cqs,5.1.2,54,2024,700
cqs,5.1.2,54,2025S1,720
"""
COMPOSED = ("Số liệu các năm 2021–2024 và 6 tháng đầu năm 2025 là số liệu gộp của tỉnh Đắk Lắk (cũ) "
            "và tỉnh Phú Yên.")
MISSING = ("Ô «-» các năm 2021–2024 và 6 tháng đầu năm 2025: chưa có số liệu của tỉnh Phú Yên; không in tổng "
           "của riêng các đơn vị đã có số liệu thay cho số liệu của cả đơn vị.")


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def merged_store(db: None) -> None:
    run("load", *map(str, shipped_files()))
    run("units", "import", "vn-legacy", "--province", "66")
    run("units", "import", "vn-2025", "--province", "66")
    run("units", "links", "vn-2025", "--province", "66")


def report(tmp_path: Path, *extra: str) -> tuple[dict[tuple[str, str], str], list[str]]:
    path = tmp_path / "phuluc8.json"
    run("report", "cqs", "--unit", "66", "--periods", "2021:2025", "-o", str(path), *extra)
    shown = json.loads(path.read_text(encoding="utf-8"))
    cells = {(row["code"], row["column"]): row["text"] for row in shown["rows"]}
    return cells, shown["footnotes"]


@pytest.mark.django_db
def test_the_new_province_sums_both_old_ones_and_recomputes_its_rates(merged_store: None, tmp_path: Path) -> None:
    (tmp_path / "phu-yen.csv").write_text(PHU_YEN, encoding="utf-8")
    run("load", str(tmp_path / "phu-yen.csv"))
    cells, notes = report(tmp_path)
    expected = {  # old Đắk Lắk's appendix + Phú Yên's rows above; 5.1 = 5.1.2 / 5.1.1 × 100
        ("5.1.1", "Năm 2021"): "2.943", ("5.1.2", "Năm 2021"): "1.212", ("5.1", "Năm 2021"): "41,18",
        ("5.1.1", "Năm 2023"): "3.100", ("5.1.2", "Năm 2023"): "1.264", ("5.1", "Năm 2023"): "40,77",
        ("5.1.1", "Năm 2025"): "3.271", ("5.1.2", "Năm 2025"): "1.599", ("5.1", "Năm 2025"): "48,88",
    }
    assert {key: cells[key] for key in expected} == expected
    assert COMPOSED in notes and "Số liệu cột «Năm 2025» là số liệu 6 tháng đầu năm 2025." in notes
    assert cells["5.2.1", "Năm 2023"] == "-"  # Phú Yên sent no 5.2: no partial sum
    assert MISSING in notes


@pytest.mark.django_db
def test_with_old_dak_lak_alone_the_report_names_the_missing_predecessor(
        merged_store: None, tmp_path: Path) -> None:
    cells, notes = report(tmp_path)
    assert {cells["5.1.1", f"Năm {year}"] for year in range(2021, 2026)} == {"-"}
    assert MISSING in notes and COMPOSED not in notes


@pytest.mark.django_db
def test_the_old_tree_prints_the_old_province_as_it_was_reported(merged_store: None, tmp_path: Path) -> None:
    cells, notes = report(tmp_path, "--tree", "old")
    assert (cells["5.1.1", "Năm 2023"], cells["5.1", "Năm 2023"]) == ("1.600", "41,5")
    assert not any("gộp" in note or "Ô «-»" in note for note in notes)
    cells, _notes = report(tmp_path, "--tree", "30/06/2025")
    assert cells["5.1.1", "Năm 2023"] == "1.600"


@pytest.mark.django_db
def test_a_report_without_periods_follows_the_units_data(merged_store: None, tmp_path: Path) -> None:
    # The shipped data are old Đắk Lắk's, up to 2025S1: the appendix they were written as.
    path = tmp_path / "phuluc8.json"
    run("report", "cqs", "--unit", "66", "-o", str(path))
    rows = {(row["code"], row["column"]): row["text"] for row in json.loads(path.read_text("utf-8"))["rows"]}
    assert rows["5.1.1", "Năm 2023"] == "1.600"


@pytest.mark.django_db
def test_an_unknown_tree_is_refused_with_what_is_expected(merged_store: None) -> None:
    result = runner.invoke(app, ["report", "cqs", "--unit", "66", "--tree", "hôm qua"])
    assert result.exit_code == 2
    assert "địa giới «hôm qua» không hợp lệ" in result.output and "--tree" in result.output

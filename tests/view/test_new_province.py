"""A new province's first steps, as its admin would take them: its own framework, three communes reporting counts.

The province reports nothing itself: its figures, rates and evaluation come from its communes, and the
checks of the province name the commune at fault.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chiso.cli.main import app

DATA = Path(__file__).parent / "data"
FILES = [str(DATA / name) for name in ("framework.yaml", "org_units.csv", "values.csv")]
runner = CliRunner(env={"COLUMNS": "200"})


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def new_province(db: None) -> None:
    code, output = run("load", *FILES)
    assert code == 0, output


@pytest.fixture
def with_problems(new_province: None) -> None:
    code, output = run("load", str(DATA / "values-with-problems.csv"))
    assert code == 0, output


def report_rows(folder: Path, *options: str) -> list[dict[str, str]]:
    path = folder / "report.csv"
    code, output = run("report", "tinhmoi", "--unit", "99", "-o", str(path), *options)
    assert code == 0, output
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.mark.django_db
def test_the_province_rate_is_computed_from_its_communes_counts(new_province: None) -> None:
    code, output = run("evaluate", "--framework", "tinhmoi", "--unit", "99", "--format", "json")

    assert code == 0, output
    [evaluation] = json.loads(output)
    # 2026: 99001 (540/860) and 99002 (195/240) reported every quarter; 99003 has no fourth quarter, so no year.
    assert (evaluation["indicator"], evaluation["period"], evaluation["result"]) == ("1.3", "2026", "66,82%")
    assert evaluation["status"] == "exceeded"  # against ≥ 60%


@pytest.mark.django_db
def test_the_province_check_names_the_commune_with_a_part_above_its_whole(with_problems: None) -> None:
    code, output = run("check", "--framework", "tinhmoi", "--unit", "99", "--format", "json")

    assert code == 1
    errors = [(f["rule"], f["indicator"], f["unit"], f["period"]) for f in json.loads(output)
              if f["severity"] == "error"]
    assert errors == [
        ("unit_total", "1.1", "99", "2026Q1"),  # the province wrote 150; its communes add up to 185
        ("part_of", "1.1", "99003", "2026Q4"),  # 31 received online of 28 received
    ]


@pytest.mark.django_db
def test_the_province_check_without_problems_is_clean(new_province: None) -> None:
    code, output = run("check", "--framework", "tinhmoi", "--unit", "99")

    assert code == 0
    assert "Không có phát hiện nào" in output


@pytest.mark.django_db
def test_the_province_appendix_has_its_communes_figures(new_province: None, tmp_path: Path) -> None:
    rows = report_rows(tmp_path, "--periods", "2026Q1:2026Q4")

    table = {(r["code"], r["column"]): (r["text"], r["note"]) for r in rows}
    assert table[("1.1", "Quý I/2026")] == ("185", "") and table[("1.2", "Quý I/2026")] == ("275", "")
    assert table[("1.3", "Quý I/2026")] == ("67,27", "")  # 185 / 275, never the mean of the communes' rates
    assert table[("1.3", "Quý IV/2026")] == ("67,33", "Số liệu của 2/3 xã")  # 202 / 300: 99003 has not reported
    assert table[("2", "Quý IV/2026")] == ("226", "")
    assert table[("3", "Quý IV/2026")] == ("75,5", "")  # the lowest commune
    assert table[("2", "Quý I/2026")] == ("-", "")  # nobody reported it: missing, never 0


@pytest.mark.django_db
def test_the_province_year_is_rolled_up_from_quarters(new_province: None, tmp_path: Path) -> None:
    rows = report_rows(tmp_path)

    table = {(r["code"], r["column"]): (r["text"], r["note"]) for r in rows}
    assert table[("1.1", "Năm 2026")] == ("735", "Số liệu của 2/3 xã")  # 540 + 195: 99003 lacks its 4th quarter
    assert table[("1.3", "Năm 2026")] == ("66,82", "Số liệu của 2/3 xã")
    assert table[("2", "Năm 2026")] == ("226", "")  # a stock: what was offered at the end of the year


@pytest.mark.django_db
def test_the_appendix_by_lower_unit_shows_where_the_province_figure_comes_from(new_province: None,
                                                                              tmp_path: Path) -> None:
    rows = report_rows(tmp_path, "--by-unit", "--periods", "2026Q4")

    table = {(r["code"], r["column"]): r["text"] for r in rows}
    assert [table[("1.1", name)] for name in ("Tỉnh Mới", "Xã An Bình", "Phường Hòa Lạc", "Xã Suối Mơ")] == \
        ["202", "150", "52", "-"]
    assert table[("1.3", "Tỉnh Mới")] == "67,33"


@pytest.mark.django_db
def test_export_of_the_computed_view_says_where_each_figure_comes_from(new_province: None) -> None:
    code, output = run("export", "--computed", "-f", "tinhmoi", "-u", "99", "--below", "--format", "json")

    assert code == 0, output
    found = {(r["indicator"], r["unit"], r["period"]): (r["value"], r["provenance"], r["completeness"])
             for r in json.loads(output)}
    assert found[("1.3", "99", "2026Q1")] == ("67.27", "derived", "3/3 xã")
    assert found[("1.1", "99", "2026")] == ("735", "aggregated", "2/3 xã")
    assert found[("1.1", "99001", "2026")] == ("540", "rolled_up", "")
    assert found[("1.1", "99001", "2026Q1")] == ("120", "reported", "")
    assert ("1.1", "99003", "2026") not in found  # three quarters are not a year

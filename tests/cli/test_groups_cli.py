"""Groups from the command line: a groups file loaded beside the units, then evaluated and reported on.

Two ministries and three provinces of tests/orgunits/data; the blocs khoi_bo and khoi_tinh are judged on
their own figures against the framework's 70%.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chiso.cli.main import app

DATA = Path(__file__).parent.parent / "orgunits" / "data"
FILES = [str(DATA / name) for name in ("framework.yaml", "org_units.csv", "groups.csv", "values.csv")]
runner = CliRunner(env={"COLUMNS": "200"})


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def blocs(db: None) -> None:
    code, output = run("load", *FILES)
    assert code == 0, output
    assert "8 đơn vị, 12 giá trị, 0 đánh giá, 3 nhóm đơn vị" in output


def exported_groups() -> list[dict[str, str]]:
    code, output = run("export", "--table", "org_unit_groups")
    assert code == 0, output
    return list(csv.DictReader(io.StringIO(output)))


# group: (result, status) against ≥ 70% by the end of 2024
EVALUATED = {"khoi_tinh": ("62,50%", "not_met"), "khoi_bo": ("72,22%", "exceeded"), "mien_nam": ("63,33%", "not_met")}


@pytest.mark.django_db
@pytest.mark.parametrize("group", list(EVALUATED))
def test_evaluate_judges_a_group_on_its_own_figure(blocs: None, group: str) -> None:
    code, output = run("evaluate", "--framework", "khoi", "--unit", group, "--format", "json")

    assert code == 0, output
    [evaluation] = json.loads(output)
    assert (evaluation["unit"], evaluation["indicator"], evaluation["period"]) == (group, "3", "2024")
    assert (evaluation["result"], evaluation["status"]) == EVALUATED[group]


@pytest.mark.django_db
def test_report_of_a_group_shows_its_figures_and_its_members(blocs: None, tmp_path: Path) -> None:
    path = tmp_path / "khoi-tinh.csv"
    code, output = run("report", "khoi", "--unit", "khoi_tinh", "--by-unit", "--periods", "2024", "-o", str(path))

    assert code == 0, output
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    shares = {row["column"]: (row["text"], row["note"]) for row in rows if row["code"] == "3"}
    assert shares == {"Khối tỉnh": ("62,50", ""), "Tỉnh Thử Một": ("60,00", ""), "Tỉnh Thử Hai": ("75,00", ""),
                      "Tỉnh Thử Ba": ("40,00", "")}


@pytest.mark.django_db
def test_the_groups_file_round_trips_through_export(blocs: None, tmp_path: Path) -> None:
    first = exported_groups()
    assert [(g["code"], g["members"], g["kind"]) for g in first] == [
        ("khoi_bo", "B01;B02", "khoi"), ("khoi_tinh", "91;92;93", "khoi"), ("mien_nam", "92;93", "")]
    path = tmp_path / "groups.csv"
    path.write_text("code,name,members\nmien_nam,Các tỉnh phía Nam,93;92;91\n", encoding="utf-8")

    assert run("load", str(path))[0] == 0
    assert [(g["code"], g["members"]) for g in exported_groups()] == [
        ("khoi_bo", "B01;B02"), ("khoi_tinh", "91;92;93"), ("mien_nam", "93;92;91")]  # the file's members, only


@pytest.mark.django_db
def test_a_groups_file_with_problems_names_each_and_writes_nothing(db: None) -> None:
    code, output = run("load", *FILES[:2], str(DATA / "groups-with-problems.csv"), FILES[3])

    assert code == 2
    file = str(DATA / "groups-with-problems.csv")
    for expected in (f"tệp {file}, dòng 2, cột «members»: nhóm khoi_bo: đơn vị B09 không có trong danh mục đơn vị",
                     f"tệp {file}, dòng 4, cột «code»: nhóm khoi_tinh đã có ở dòng 3",
                     f"tệp {file}, dòng 5, cột «code»: mã nhóm 91 trùng mã một đơn vị"):
        assert expected in " ".join(output.split()), output
    assert exported_groups() == []
    assert run("export", "--table", "org_units")[1].splitlines() == ["code,name,type,parent,valid_from,valid_to"]


@pytest.mark.django_db
def test_a_unit_may_not_take_the_code_of_a_stored_group(blocs: None, tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text("code,name,type,parent\nkhoi_bo,Bộ mang mã nhóm,ministry,00\n", encoding="utf-8")

    code, output = run("load", str(path))

    assert code == 2
    assert "mã đơn vị khoi_bo đã là mã một nhóm đơn vị" in output


@pytest.mark.django_db
def test_an_unknown_unit_or_group_is_still_refused(blocs: None) -> None:
    code, output = run("evaluate", "--framework", "khoi", "--unit", "khoi_xa")

    assert code == 2
    assert "không có đơn vị «khoi_xa» trong kho" in output


SCOPED = (DATA / "framework.yaml").read_text(encoding="utf-8").replace(
    '''      - period: "2024"
        value: 70%''', '''      - {period: "2024", value: 70%, scope: {units: [khoi_bo]}}
      - {period: "2024", value: 30%, scope: {units: [khoi_tinh]}}''')


@pytest.mark.django_db
def test_each_bloc_is_judged_on_the_target_set_for_it(db: None, tmp_path: Path) -> None:
    framework = tmp_path / "framework.yaml"
    framework.write_text(SCOPED, encoding="utf-8")
    assert run("load", str(framework), *FILES[1:])[0] == 0

    judged = {}
    for group in ("khoi_bo", "khoi_tinh", "mien_nam"):
        code, output = run("evaluate", "--framework", "khoi", "--unit", group, "--format", "json")
        assert code == 0, output
        judged[group] = [(e["result"], e["target"], e["status"]) for e in json.loads(output)]

    assert judged == {"khoi_bo": [("72,22%", "70%", "exceeded")], "khoi_tinh": [("62,50%", "30%", "exceeded")],
                      "mien_nam": []}  # the EMC's 70% for the ministries' bloc, 30% for the provinces'

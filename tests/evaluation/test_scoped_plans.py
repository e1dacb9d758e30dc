"""A national plan's targets by scope, end to end: loaded from files, judged by `chiso evaluate`, shown on
the indicator page. The EMC report sets 50% for the nation, 70% for each ministry and 30% for each
province; a province is never judged against the ministries' or the nation's target.

Two ministries and three provinces (one made of two communes) of tests/orgunits/data, with a framework of
our own whose rate carries the three scoped targets, one for the ministries' bloc as a whole, and a phase.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client
from typer.testing import CliRunner

from chiso.cli.main import app

DATA = Path(__file__).parents[1] / "orgunits" / "data"
TARGETS = """    targets:
      - {period: "2024", value: 50%, id: ca-nuoc, scope: {types: [nation]}}
      - {period: "2024", value: 70%, id: moi-bo, scope: {groups: [khoi_bo]}}
      - {period: "2024", value: 30%, id: moi-tinh, scope: {groups: [khoi_tinh]}}
      - {period: "2024", value: 75%, id: khoi-bo, scope: {units: [khoi_bo]}}
      - {period: "2025:2027", value: 100%, id: giai-doan, text: "100% vào năm 2027", scope: ministry}
"""
pytestmark = pytest.mark.django_db
runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture
def plan(db: None, tmp_path: Path) -> None:
    written = (DATA / "framework.yaml").read_text(encoding="utf-8")
    framework = tmp_path / "framework.yaml"
    framework.write_text(written[:written.index("    targets:")] + TARGETS, encoding="utf-8")
    files = [framework, *(DATA / n for n in ("org_units.csv", "groups.csv", "values.csv"))]
    result = runner.invoke(app, ["load", *map(str, files)])
    assert result.exit_code == 0, result.output


def evaluated(*options: str) -> dict[tuple[str, str], tuple[str, str | None]]:
    result = runner.invoke(app, ["evaluate", "-f", "khoi", "--format", "json", *options])
    assert result.exit_code == 0, result.output
    return {(row["unit"], row["target_id"]): (row["status"], row["result"]) for row in json.loads(result.output)}


def test_each_unit_is_judged_only_against_the_targets_set_for_it(plan: None) -> None:
    assert evaluated() == {
        ("00", "ca-nuoc"): ("exceeded", "64,29%"),  # 630 of 980 services, every unit's counts
        ("B01", "moi-bo"): ("exceeded", "90,00%"),
        ("B01", "giai-doan"): ("no_data", None),  # the phase has not begun in 2024
        ("B02", "moi-bo"): ("not_met", "50,00%"),
        ("B02", "giai-doan"): ("no_data", None),
        ("91", "moi-tinh"): ("exceeded", "60,00%"),
        ("92", "moi-tinh"): ("exceeded", "75,00%"),
        ("93", "moi-tinh"): ("exceeded", "40,00%"),  # from its communes' counts: 80 of 200
    }


def test_the_bloc_is_judged_on_its_own_figure(plan: None) -> None:
    assert evaluated("--unit", "khoi_bo") == {("khoi_bo", "khoi-bo"): ("not_met", "72,22%")}  # 130 of 180


def test_the_json_rows_carry_the_scope_and_the_deadline_as_data(plan: None) -> None:
    result = runner.invoke(app, ["evaluate", "-f", "khoi", "-u", "B01", "--format", "json"])
    rows = {row["target_id"]: row for row in json.loads(result.output)}
    assert rows["giai-doan"]["deadline"] == {"kind": "phase", "start": "2025", "end": "2027", "every": ""}
    assert rows["giai-doan"]["scope"] == {"units": [], "types": ["ministry"], "groups": []}
    assert rows["moi-bo"]["scope"]["groups"] == ["khoi_bo"] and rows["moi-bo"]["unit"] == "B01"


def test_the_indicator_page_says_whom_each_target_is_for_and_by_when(plan: None) -> None:
    from chiso.web.accounts.services import add_user

    client = Client()
    client.force_login(add_user("quantri00", "persona-password-1", "admin", "00", check_password=False).user)
    response = client.get("/chi-tieu/khoi/3/", {"unit": "00"})
    assert response.status_code == 200
    text = " ".join(response.content.decode("utf-8").split())
    for cells in (["50%", "năm 2024", "Trung ương"],
                  ["70%", "năm 2024", "các đơn vị thuộc Khối bộ, ngành"],
                  ["30%", "năm 2024", "các đơn vị thuộc Khối tỉnh"],
                  ["75%", "năm 2024", "Khối bộ, ngành"],
                  ["100% vào năm 2027", "giai đoạn 2025–2027", "Bộ, ngành trung ương"]):
        assert "<tr><td>" + "</td><td>".join(cells) + "</td>" in text, cells

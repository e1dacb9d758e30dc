"""Completeness from the store: the rounds of the small world, their tallies and the grid, in few queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chiso.errors import InputError
from chiso.periods import Period
from chiso.rounds.grid import State
from chiso.store import completeness, rounds
from chiso.store.units import hierarchy
from rounds.completeness_world import build

JAN, FEB, MAR = (Period.parse(code) for code in ("2025-01", "2025-02", "2025-03"))


@pytest.fixture
def world(db: None, tmp_path: Path) -> None:
    build(tmp_path)


def test_january_of_the_province_is_two_of_three_with_one_late(world: None) -> None:
    counted = completeness.tally(rounds.find("BC-THANG"), JAN, "98")
    assert (counted.expected, counted.submitted, counted.approved, counted.on_time, counted.late) == (3, 2, 1, 1, 1)
    assert (counted.missing, counted.returned) == (1, 0)  # 98003's draft is missing; 98004 ended, not expected


def test_the_nation_counts_both_provinces(world: None) -> None:
    counted = completeness.tally(rounds.find("BC-THANG"), JAN, "9")
    assert (counted.expected, counted.submitted) == (4, 3)


def test_province_grid_has_its_communes_by_period(world: None) -> None:
    data_set = rounds.find("BC-THANG")
    _, rows = completeness.unit_grid(data_set, "98", completeness.latest_periods(data_set, MAR, 3))
    states = {r.unit.code: [c.state for c in r.cells] for r in rows}
    assert states == {"98001": [State.MISSING, State.RETURNED, State.APPROVED],
                      "98002": [State.MISSING, State.APPROVED, State.LATE],
                      "98003": [State.MISSING, State.SUBMITTED, State.MISSING],
                      "98004": [State.NOT_EXPECTED] * 3}


def test_nation_grid_rolls_up_per_province(world: None) -> None:
    data_set = rounds.find("BC-THANG")
    _, rows = completeness.unit_grid(data_set, "9", [FEB, JAN])
    texts = {r.unit.code: [c.counted.text if c.counted else "" for c in r.cells] for r in rows}
    assert texts == {"97": ["0/1 xã", "1/1 xã"], "98": ["2/3 xã", "2/3 xã"]}


def test_reports_are_read_in_one_query_for_every_period(world: None) -> None:
    data_set = rounds.find("BC-THANG")
    periods, tree = completeness.latest_periods(data_set, MAR, 6), hierarchy()  # the tree is read once, then kept
    with CaptureQueriesContext(connection) as queries:
        completeness.unit_grid(data_set, "9", periods, tree)
    assert len(queries) == 1


def test_a_period_of_another_type_is_refused(world: None) -> None:
    with pytest.raises(InputError, match="không phải kỳ của bộ biểu BC-THANG"):
        completeness.tally(rounds.find("BC-THANG"), Period.parse("2025Q1"), "98")



def test_cli_prints_the_tally_and_the_grid(world: None) -> None:
    from typer.testing import CliRunner

    from chiso.cli.main import app

    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["completeness", "BC-THANG", "2025-01", "--unit", "98"])
    assert result.exit_code == 0, result.output
    assert "66,67%" in result.output and "Nộp muộn" in result.output and "Xã Ba" in result.output
    assert "Tỉnh Khác" not in result.output
    nation = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["completeness", "BC-THANG", "2025-01", "--periods", "2"])
    assert nation.exit_code == 0 and "2/3 xã" in nation.output and "1/1 xã" in nation.output


def test_cli_refuses_an_unknown_data_set(world: None) -> None:
    from typer.testing import CliRunner

    from chiso.cli.main import app

    result = CliRunner().invoke(app, ["completeness", "KHONG", "2025-01"])
    assert result.exit_code == 2 and "không có bộ biểu «KHONG»" in result.output

"""The core's tally and grid: who is expected, who sent, on time or late, and the rows below a unit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from chiso.catalog.model import TargetScope
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.periods import Period, PeriodType
from chiso.rounds import DataSet, Schedule, Standing, UnitReport, tally
from chiso.rounds.grid import Round, State, grid, state, subtree_tallies

MONTHLY = DataSet("BC", "Báo cáo tháng", "fw", PeriodType.MONTH, schedule=Schedule(1, 5))
JAN = Period(PeriodType.MONTH, 2025, 1)  # due 05/02/2025
LATER = date(2025, 3, 1)


def _tree() -> Hierarchy:
    province, commune, nation = OrgUnitType.PROVINCE, OrgUnitType.COMMUNE, OrgUnitType.NATION
    return Hierarchy([OrgUnit("9", "Cả nước", nation), OrgUnit("98", "Tỉnh", province, "9"),
                      OrgUnit("98001", "Xã Một", commune, "98"), OrgUnit("98002", "Xã Hai", commune, "98"),
                      OrgUnit("98003", "Xã Ba", commune, "98"),
                      OrgUnit("98004", "Xã Cũ", commune, "98", valid_to=date(2024, 12, 31)),
                      OrgUnit("97", "Tỉnh Khác", province, "9"), OrgUnit("97001", "Xã Khác", commune, "97")])


def _sent(unit: str, status: str, day: int, month: int = 2) -> UnitReport:
    return UnitReport(unit, status, date(2025, month, day))


def test_two_of_three_with_one_late_and_a_draft_missing() -> None:
    expected = [u.code for u in MONTHLY.expected(_tree(), JAN, "98")]
    reports = {"98001": _sent("98001", "approved", 3), "98002": _sent("98002", "submitted", 9),
               "98003": UnitReport("98003", "draft")}
    counted, rows = tally(expected, reports, MONTHLY.window(JAN), LATER)
    assert expected == ["98001", "98002", "98003"]  # 98004 ended before January: not expected
    assert (counted.expected, counted.submitted, counted.approved) == (3, 2, 1)
    assert (counted.on_time, counted.late, counted.missing, counted.returned, counted.overdue) == (1, 1, 1, 0, 1)
    assert counted.rate == Decimal("66.67") and counted.on_time_rate == Decimal("33.33")
    assert [state(r) for r in rows] == [State.APPROVED, State.LATE, State.MISSING]


def test_returned_counts_apart_until_sent_again_and_stays_on_time_by_its_first_sending() -> None:
    window = MONTHLY.window(JAN)
    returned, _ = tally(["98001"], {"98001": _sent("98001", "rejected", 4)}, window, LATER)
    assert (returned.submitted, returned.returned, returned.overdue) == (0, 1, 1)
    again, rows = tally(["98001"], {"98001": _sent("98001", "submitted", 4)}, window, LATER)
    assert (again.submitted, again.on_time, again.returned) == (1, 1, 0)
    assert rows[0].standing is Standing.SUBMITTED and state(rows[0]) is State.SUBMITTED


def test_nobody_expected_has_no_rate() -> None:
    counted, _ = tally([], {}, MONTHLY.window(JAN), LATER)
    assert counted.rate is None and counted.on_time_rate is None


def test_subtree_tallies_credit_each_unit_and_those_above_it() -> None:
    tree = _tree()
    expected = tuple(u.code for u in MONTHLY.expected(tree, JAN))
    found = Round(MONTHLY, JAN, expected, {"98001": _sent("98001", "approved", 3),
                                           "97001": _sent("97001", "submitted", 2)})
    tallies = subtree_tallies(tree, found, ["9", "98", "97", "98003", "98004"], LATER)
    assert (tallies["9"].submitted, tallies["9"].expected) == (2, 4)
    assert (tallies["98"].submitted, tallies["98"].expected) == (1, 3)
    assert (tallies["97"].submitted, tallies["97"].expected) == (1, 1)
    assert tallies["98003"].missing == 1
    assert "98004" not in tallies  # ended: nothing expected, no tally (never a 0 %)


def test_grid_of_a_province_has_its_communes_and_of_the_nation_a_roll_up_per_province() -> None:
    tree = _tree()
    feb = JAN.next()
    rounds = [Round(MONTHLY, p, tuple(u.code for u in MONTHLY.expected(tree, p)), reports) for p, reports in
              ((feb, {"98001": _sent("98001", "rejected", 2, 3)}),
               (JAN, {"98001": _sent("98001", "approved", 3), "98002": _sent("98002", "submitted", 9)}))]
    province = grid(tree, "98", rounds, LATER)
    assert [r.unit.code for r in province] == ["98001", "98002", "98003", "98004"]
    assert [[c.state for c in r.cells] for r in province] == [
        [State.RETURNED, State.APPROVED], [State.MISSING, State.LATE], [State.MISSING, State.MISSING],
        [State.NOT_EXPECTED, State.NOT_EXPECTED]]
    nation = grid(tree, "9", rounds, LATER)
    assert [(r.unit.code, r.rolled_up) for r in nation] == [("97", True), ("98", True)]
    cell = nation[1].cells[1]
    assert cell.counted is not None and cell.counted.text == "2/3 xã" and cell.state is State.MISSING
    assert nation[0].cells[1].counted is not None and nation[0].cells[1].counted.text == "0/1 xã"


def test_a_commune_chosen_is_its_own_row() -> None:
    tree = _tree()
    found = Round(MONTHLY, JAN, ("98001",), {"98001": _sent("98001", "approved", 3)})
    rows = grid(tree, "98001", [found], LATER)
    assert [(r.unit.code, r.rolled_up, r.cells[0].state) for r in rows] == [("98001", False, State.APPROVED)]


def test_everyone_but_named_units() -> None:
    named = DataSet("BC2", "Hai xã", "fw", PeriodType.MONTH, assigned=TargetScope(("98001", "98002")))
    assert [u.code for u in named.expected(_tree(), JAN)] == ["98001", "98002"]

"""The gate of entry in the core: a round's state by day, who may enter which period, which rounds are open."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from chiso.catalog.model import TargetScope
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.periods import Period, PeriodType
from chiso.rounds import DataSet, Schedule
from chiso.rounds.gate import Grants, Refusal, RoundState, effective, latest, open_rounds, reach, state, verdict

PROVINCE = OrgUnit("99", "Tỉnh Thử", OrgUnitType.PROVINCE)
COMMUNES = [OrgUnit(f"9900{i}", f"Xã Thử {i}", OrgUnitType.COMMUNE, "99", date(2025, 7, 1)) for i in (1, 2, 3)]
ENDED = OrgUnit("99100", "Huyện Cũ", OrgUnitType.DISTRICT, "99", None, date(2025, 6, 30))
TREE = Hierarchy([PROVINCE, *COMMUNES, ENDED])
MARCH = Period(PeriodType.MONTH, 2026, 3)  # ends 31/03/2026


def monthly(schedule: Schedule, **assigned: tuple[str, ...]) -> DataSet:
    return DataSet("thang", "Báo cáo tháng", "thu", PeriodType.MONTH, (), TargetScope(**assigned), schedule)


COMMUNES_MONTHLY = monthly(Schedule(1, 5, 20), types=("commune",))  # March: opens 01/04, due 05/04, closes 20/04

days = st.integers(min_value=-366, max_value=366)


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    opens = draw(days)
    due = draw(st.integers(min_value=opens, max_value=366))
    closes = draw(st.one_of(st.none(), st.integers(min_value=due, max_value=366)))
    return Schedule(opens, due, closes)


@given(schedules(), st.integers(min_value=-800, max_value=800))
def test_a_rounds_state_follows_its_window_day_by_day(schedule: Schedule, offset: int) -> None:
    window = schedule.window(MARCH)
    today = MARCH.end + timedelta(days=offset)
    found = state(window, today)
    assert (found is RoundState.NOT_OPEN) == (today < window.opens)
    assert (found is RoundState.CLOSED) == (window.closes is not None and today > window.closes)
    assert (found in (RoundState.OPEN, RoundState.OVERDUE)) == window.is_open(today)
    assert (found is RoundState.OVERDUE) == (window.is_open(today) and today > window.due)


@given(schedules(), st.integers(min_value=-800, max_value=800))
def test_an_asked_commune_enters_exactly_while_the_window_is_open(schedule: Schedule, offset: int) -> None:
    today = MARCH.end + timedelta(days=offset)
    found = verdict([monthly(schedule, types=("commune",))], COMMUNES[0], TREE, MARCH, today)
    assert found.allowed == schedule.window(MARCH).is_open(today)
    if not found.allowed:
        assert found.refusal is (Refusal.NOT_OPEN if today < schedule.window(MARCH).opens else Refusal.CLOSED)


@given(schedules(), st.integers(min_value=-400, max_value=400), st.integers(min_value=-5, max_value=400))
def test_an_exception_allows_until_its_day_whatever_the_schedule(schedule: Schedule, offset: int, span: int) -> None:
    today = MARCH.end + timedelta(days=offset)
    until = today + timedelta(days=span)
    data_set = monthly(schedule, types=("commune",))
    grants = Grants({(data_set.code, "99001", MARCH.code): until}, {})
    found = verdict([data_set], COMMUNES[0], TREE, MARCH, today, grants)
    assert found.allowed == (today <= until or schedule.window(MARCH).is_open(today))
    assert verdict([data_set], COMMUNES[1], TREE, MARCH, today, grants).allowed == schedule.window(MARCH).is_open(today)


@given(schedules(), st.integers(min_value=-800, max_value=800))
def test_an_early_opening_never_opens_later_than_the_schedule(schedule: Schedule, offset: int) -> None:
    window = schedule.window(MARCH)
    opened = window.opens + timedelta(days=offset)
    moved = effective(window, opened)
    assert moved.opens == min(window.opens, opened)
    assert (moved.due, moved.closes) == (window.due, window.closes)


def test_no_data_set_means_no_schedule() -> None:
    assert verdict([], ENDED, TREE, MARCH, date(2030, 1, 1)).allowed


def test_a_unit_not_asked_is_refused_so() -> None:
    assert verdict([COMMUNES_MONTHLY], PROVINCE, TREE, MARCH, date(2026, 4, 2)).refusal is Refusal.NOT_ASKED
    quarterly = Period(PeriodType.QUARTER, 2026, 1)  # the data set asks months, not quarters
    assert verdict([COMMUNES_MONTHLY], COMMUNES[0], TREE, quarterly, date(2026, 4, 2)).refusal is Refusal.NOT_ASKED
    named = monthly(Schedule(1, 5, 20), units=("99002",))
    assert verdict([named], COMMUNES[0], TREE, MARCH, date(2026, 4, 2)).refusal is Refusal.NOT_ASKED
    assert verdict([named], COMMUNES[1], TREE, MARCH, date(2026, 4, 2)).allowed


def test_an_ended_unit_is_refused_even_in_a_period_it_existed_unless_an_exception_says_so() -> None:
    data_set = monthly(Schedule(1, 5, None), types=("district",))
    june = Period(PeriodType.MONTH, 2025, 6)
    assert verdict([data_set], ENDED, TREE, june, date(2025, 7, 2)).refusal is Refusal.ENDED
    assert verdict([data_set], ENDED, TREE, Period(PeriodType.MONTH, 2025, 7), date(2025, 8, 2)).refusal \
        is Refusal.NOT_EXISTING
    grants = Grants({(data_set.code, ENDED.code, june.code): date(2025, 7, 10)}, {})
    assert verdict([data_set], ENDED, TREE, june, date(2025, 7, 2), grants).allowed
    assert verdict([COMMUNES_MONTHLY], ENDED, TREE, june, date(2025, 7, 2)).refusal is Refusal.ENDED  # not asked


def test_a_commune_is_not_asked_for_a_period_before_it_existed() -> None:
    june = Period(PeriodType.MONTH, 2025, 6)
    found = verdict([COMMUNES_MONTHLY], COMMUNES[0], TREE, june, date(2025, 7, 2))
    assert found.refusal is Refusal.NOT_EXISTING


def test_the_open_rounds_of_three_communes_are_one_per_unit_and_period() -> None:
    today = date(2026, 4, 12)  # March open (overdue: due 05/04), February closed on 20/03, April not open
    found = open_rounds([COMMUNES_MONTHLY], TREE, ["99", "99001", "99002", "99003", "99100"], today)
    assert [(r.unit.code, r.period.code, r.state) for r in found] == [
        ("99001", "2026-03", RoundState.OVERDUE), ("99002", "2026-03", RoundState.OVERDUE),
        ("99003", "2026-03", RoundState.OVERDUE)]
    grants = Grants({("thang", "99002", "2026-02"): date(2026, 4, 30)}, {("thang", "2026-04"): date(2026, 4, 12)})
    found = open_rounds([COMMUNES_MONTHLY], TREE, ["99001", "99002"], today, grants)
    assert [(r.unit.code, r.period.code, r.until) for r in found] == [
        ("99001", "2026-04", None), ("99002", "2026-04", None), ("99001", "2026-03", None), ("99002", "2026-03", None),
        ("99002", "2026-02", date(2026, 4, 30))]


def test_the_admin_sees_the_next_round_and_the_latest_opened() -> None:
    assert [p.code for p in latest(COMMUNES_MONTHLY, date(2026, 4, 12), 3)] == ["2026-04", "2026-03", "2026-02",
                                                                                 "2026-01"]


def test_whom_a_data_set_concerns_leaves_out_ended_units_but_keeps_named_ones() -> None:
    everyone = monthly(Schedule())
    assert reach(everyone, TREE, date(2026, 1, 1)) == {"99001", "99002", "99003"}
    assert reach(monthly(Schedule(), units=("99100",)), TREE, date(2026, 1, 1)) == {"99100"}

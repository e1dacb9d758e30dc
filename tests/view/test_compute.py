"""The computed view on a province through the 2025 mergers: sums, rates from sums, completeness, periods.

Every case runs twice: on values in memory and on the same values in the store, whose sums are made in
SQL. Both must give the same figures.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from chiso.catalog.loader import load_framework
from chiso.catalog.model import Framework
from chiso.io.files import Bundle
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.periods import Period
from chiso.values.model import Value
from chiso.view import FigureSource, MemorySource, Provenance, Scope, View, compute_view

FRAMEWORK = """
code: t
title: "Thử"
indicators:
  - {code: "1", name: "Tỷ lệ hồ sơ nộp trực tuyến", type: percent, decimals: 2, formula: "{1.2} / {1.1} * 100"}
  - {code: "1.1", name: "Tổng số hồ sơ", type: count, period_rollup: sum}
  - {code: "1.2", name: "Số hồ sơ nộp trực tuyến", type: count, period_rollup: sum}
  - {code: "2", name: "Tỷ lệ hồ sơ trực tuyến trên tổng số (không khai số thập phân)", type: percent,
     formula: "{1.2} / {1.1} * 100"}
  - {code: "3", name: "Xếp loại", type: ordinal, levels: ["Loại A", "Loại B"]}
  - {code: "4", name: "Tỷ lệ báo cáo đúng hạn", type: percent}
  - {code: "5", name: "Số TTHC đang cung cấp", type: count, period_rollup: last}
  - {code: "6", name: "Diện tích (km²)", type: number}
  - {code: "7", name: "Tỷ lệ thấp nhất", type: percent, aggregation: min}
"""

MERGER = date(2025, 6, 30)  # the last day of the district level (NQ 202/2025/QH15)


def district(code: str) -> OrgUnit:
    return OrgUnit(code, f"Huyện {code}", OrgUnitType.DISTRICT, parent="P", valid_to=MERGER)


def commune(code: str, parent: str, **validity: date) -> OrgUnit:
    return OrgUnit(code, f"Xã {code}", OrgUnitType.COMMUNE, parent=parent, **validity)


# A province with three districts, the third with two communes, and the communes that replaced them all
# on 1/7/2025 directly under the province.
UNITS = [
    OrgUnit("P", "Tỉnh", OrgUnitType.PROVINCE),
    district("D1"), district("D2"), district("D3"),
    commune("C31", "D3", valid_to=MERGER), commune("C32", "D3", valid_to=MERGER),
    commune("N1", "P", valid_from=date(2025, 7, 1)), commune("N2", "P", valid_from=date(2025, 7, 1)),
]
HIERARCHY = Hierarchy(UNITS)
Rows = dict[str, dict[str, str]]
MakeSource = Callable[[list[Value]], FigureSource]


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework(FRAMEWORK)


@pytest.fixture(params=["memory", pytest.param("store", marks=pytest.mark.django_db)])
def make_source(request: pytest.FixtureRequest, framework: Framework) -> MakeSource:
    """Values in memory, or the same values in the store (read back through SQL)."""
    if request.param == "memory":
        return lambda values: MemorySource(values, HIERARCHY)

    def stored(values: list[Value]) -> FigureSource:
        from chiso.store import services
        from chiso.store.figures import StoreSource

        services.reset()  # a test may ask for several sources, each holding only its own values
        services.save_bundle(Bundle(frameworks=[framework], org_units=UNITS, values=values))
        return StoreSource()

    return stored


def reported(period: str, rows: Rows) -> list[Value]:
    """Values of ``period`` from {unit: {indicator: value}}."""
    return [Value("t", code, unit, period, text) for unit, by_code in rows.items() for code, text in by_code.items()]


def province(framework: Framework, source: FigureSource, *periods: str, scope: Scope = Scope.UNIT) -> View:
    asked = [Period.parse(p) for p in periods] or None
    return compute_view(framework, HIERARCHY, source, unit="P", periods=asked, scope=scope)


def shown(view: View, unit: str = "P") -> dict[tuple[str, str], str]:
    return {(f.indicator, f.period): f.value for f in view.of_unit(unit)}


def test_sum_adds_the_districts_and_the_communes_of_a_district_that_did_not_report(
        framework: Framework, make_source: MakeSource) -> None:
    values = reported("2025S1", {
        "D1": {"1.1": "100", "1.2": "50"},
        "D2": {"1.1": "10", "1.2": "1"},
        "C31": {"1.1": "20", "1.2": "5"},
        "C32": {"1.1": "30", "1.2": "10"},
    })
    view = province(framework, make_source(values), "2025S1")
    total = view.figure("1.1", "P", "2025S1")
    assert total is not None and (total.value, total.provenance) == ("160", Provenance.AGGREGATED)
    assert total.completeness is not None and total.completeness.text == "4/4 đơn vị"  # districts and communes
    assert shown(view) == {("1.1", "2025S1"): "160", ("1.2", "2025S1"): "66", ("1", "2025S1"): "41.25",
                           ("2", "2025S1"): "41.25"}


def test_rate_is_recomputed_from_the_sums_never_averaged(framework: Framework, make_source: MakeSource) -> None:
    values = reported("2025S1", {
        "D1": {"1.1": "100", "1.2": "50", "1": "50"},  # 50%
        "D2": {"1.1": "10", "1.2": "1", "1": "10"},  # 10%
    })
    view = province(framework, make_source(values), "2025S1")
    rate = view.figure("1", "P", "2025S1")
    assert rate is not None and (rate.value, rate.provenance, rate.inputs) == ("46.36", Provenance.DERIVED,
                                                                               ("1.2", "1.1"))
    assert Decimal(rate.value) != (Decimal("50") + Decimal("10")) / 2  # 51 / 110, not the mean of the rates
    assert rate.completeness is not None and rate.completeness.text == "2/4 đơn vị"  # D3's communes did not report


def test_rate_is_rounded_half_up_to_two_places_by_default(framework: Framework, make_source: MakeSource) -> None:
    values = reported("2025S1", {"D1": {"1.1": "500", "1.2": "1"}, "D2": {"1.1": "300", "1.2": "0"}})
    view = province(framework, make_source(values), "2025S1")
    assert shown(view)[("2", "2025S1")] == "0.13"  # 1 / 800 × 100 = 0,125: half up, not the banker's 0,12


def test_a_unit_that_reported_is_counted_as_reported_and_not_descended(
        framework: Framework, make_source: MakeSource) -> None:
    values = reported("2025S1", {
        "D1": {"1.1": "100"},
        "D3": {"1.1": "60"},  # its own figure, which already includes its communes
        "C31": {"1.1": "20"},
        "C32": {"1.1": "30"},
    })
    view = province(framework, make_source(values), "2025S1", scope=Scope.SUBTREE)
    assert shown(view)[("1.1", "2025S1")] == "160"  # 100 + 60, not 100 + 60 + 50 nor 100 + 50
    official = view.figure("1.1", "D3", "2025S1")
    assert official is not None and official.provenance is Provenance.REPORTED
    assert official.beside is not None and official.beside.value == "50"  # what its communes add up to
    assert official.beside.completeness.text == "2/2 xã"


def test_descent_stops_per_indicator(framework: Framework, make_source: MakeSource) -> None:
    values = reported("2025S1", {"D3": {"1.1": "60"}, "C31": {"1.1": "20", "1.2": "5"}, "C32": {"1.2": "10"}})
    view = province(framework, make_source(values), "2025S1")
    assert (shown(view)[("1.1", "2025S1")], shown(view)[("1.2", "2025S1")]) == ("60", "15")


MERGER_YEAR = {
    "D1": {"1.1": "100", "1.2": "50"},
    "D2": {"1.1": "10", "1.2": "1"},
    "N1": {"1.1": "200", "1.2": "150"},
    "N2": {"1.1": "40", "1.2": "10"},
}


def test_districts_that_ended_on_30_june_2025_count_in_the_first_half_only(
        framework: Framework, make_source: MakeSource) -> None:
    # The same rows filed for both halves: the districts ended on 30/6, the new communes began on 1/7.
    values = reported("2025S1", MERGER_YEAR) + reported("2025S2", MERGER_YEAR)
    view = province(framework, make_source(values))
    found = shown(view)
    assert [found[(c, "2025S1")] for c in ("1.1", "1.2", "1")] == ["110", "51", "46.36"]
    assert [found[(c, "2025S2")] for c in ("1.1", "1.2", "1")] == ["240", "160", "66.67"]
    # The year: the districts' first half and the new communes' second half, each unit rolled up itself.
    assert [found[(c, "2025")] for c in ("1.1", "1.2", "1")] == ["350", "211", "60.29"]


def test_missing_everywhere_gives_no_value_not_zero(framework: Framework, make_source: MakeSource) -> None:
    assert province(framework, make_source([]), "2025S1").figures == {}
    view = province(framework, make_source(reported("2025S1", {"D1": {"1.1": "100"}})), "2025S1")
    assert shown(view) == {("1.1", "2025S1"): "100"}  # no 1.2 anywhere: no 1.2 and no rate
    view = province(framework, make_source(reported("2025S2", {"D1": {"1.1": "100"}})), "2025S1")
    assert view.figures == {}  # a value of another period, and D1 ended before 2025S2 anyway


def test_a_bound_among_the_inputs_makes_the_aggregate_missing(framework: Framework, make_source: MakeSource) -> None:
    values = reported("2025S1", {"D1": {"1.1": "100", "1.2": ">40"}, "D2": {"1.1": "10", "1.2": "1"}})
    assert set(shown(province(framework, make_source(values), "2025S1"))) == {("1.1", "2025S1")}


def test_a_bound_below_a_unit_that_reported_does_not_count(framework: Framework, make_source: MakeSource) -> None:
    values = reported("2025S1", {"D3": {"1.2": "15"}, "C31": {"1.2": ">4"}})
    assert shown(province(framework, make_source(values), "2025S1"))[("1.2", "2025S1")] == "15"


def test_texts_levels_and_formula_less_rates_are_not_aggregated(framework: Framework, make_source: MakeSource) -> None:
    values = reported("2025S1", {"D1": {"3": "Loại A", "4": "90"}, "D2": {"3": "Loại B", "4": "80"}})
    assert province(framework, make_source(values), "2025S1").figures == {}


def test_numbers_with_decimals_are_added_exactly(framework: Framework, make_source: MakeSource) -> None:
    values = reported("2025S1", {"D1": {"6": "0.1"}, "D2": {"6": "0.2"}, "C31": {"6": "1.25"}})
    assert shown(province(framework, make_source(values), "2025S1"))[("6", "2025S1")] == "1.55"


def test_the_lowest_of_the_units(framework: Framework, make_source: MakeSource) -> None:
    values = reported("2025S1", {"D1": {"7": "90"}, "D2": {"7": "75.5"}, "C31": {"7": "100"}})
    assert shown(province(framework, make_source(values), "2025S1"))[("7", "2025S1")] == "75.5"


QUARTERS = {f"2026Q{q}": {"N1": {"1.1": str(100 * q), "1.2": str(10 * q), "5": str(1000 + q)},
                          "N2": {"1.1": "50", "1.2": "5", "5": "7"}} for q in (1, 2, 3, 4)}


def test_a_year_of_flows_is_the_sum_of_its_quarters_and_a_stock_its_last(
        framework: Framework, make_source: MakeSource) -> None:
    values = [v for period, rows in QUARTERS.items() for v in reported(period, rows)]
    view = province(framework, make_source(values), "2026", scope=Scope.CHILDREN)
    assert shown(view) == {("1.1", "2026"): "1200", ("1.2", "2026"): "120", ("1", "2026"): "10.00",
                           ("2", "2026"): "10.00", ("5", "2026"): "1011"}
    year = view.figure("1.1", "N1", "2026")
    assert year is not None and (year.provenance, year.inputs) == (Provenance.ROLLED_UP,
                                                                   ("2026Q1", "2026Q2", "2026Q3", "2026Q4"))
    stock = view.figure("5", "N1", "2026")  # a stock beside a flow: each rolled up its own way
    assert stock is not None and (stock.value, stock.inputs) == ("1004", ("2026Q4",))


def test_a_year_with_a_quarter_missing_has_no_sum_and_says_who_is_counted(
        framework: Framework, make_source: MakeSource) -> None:
    values = [v for period, rows in QUARTERS.items() for v in reported(period, rows)
              if not (v.unit == "N2" and v.period == "2026Q4")]
    view = province(framework, make_source(values), "2026", scope=Scope.CHILDREN)
    assert view.figure("1.1", "N2", "2026") is None  # three quarters are not a year
    total = view.figure("1.1", "P", "2026")
    assert total is not None and total.value == "1000" and total.completeness is not None
    assert (total.completeness.text, total.as_value("t").note) == ("1/2 xã", "Số liệu của 1/2 xã")

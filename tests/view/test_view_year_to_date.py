"""Years to date in the computed view: months 1…n of a year summed (a flow), the last taken (a stock), rates
recomputed from the sums, a reported year to date used where the months are missing.

Every case runs on values in memory and on the same values in the store (rolled up in SQL there).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from chiso.catalog.loader import load_framework
from chiso.catalog.model import Framework
from chiso.io.files import Bundle
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.periods import Period
from chiso.values.model import Value
from chiso.view import FigureSource, MemorySource, Provenance, Scope, View, compute_view

FRAMEWORK = """
code: lk
title: "Thử số liệu lũy kế"
indicators:
  - {code: "1", name: "Tỷ lệ hồ sơ nộp trực tuyến", type: percent, decimals: 2, formula: "{1.2} / {1.1} * 100"}
  - {code: "1.1", name: "Tổng số hồ sơ tiếp nhận", type: count, period_rollup: sum}
  - {code: "1.2", name: "Số hồ sơ nộp trực tuyến", type: count, period_rollup: sum}
  - {code: "2", name: "Số TTHC đang cung cấp", type: count, period_rollup: last}
"""

# A province of three communes: two report each month, the third only its nine months to date.
UNITS = [OrgUnit("T", "Tỉnh Thử", OrgUnitType.PROVINCE),
         *(OrgUnit(code, f"Xã {code}", OrgUnitType.COMMUNE, parent="T") for code in ("X1", "X2", "X3"))]
HIERARCHY = Hierarchy(UNITS)
NINE_MONTHS = "2026M1-9"
MakeSource = Callable[[list[Value]], FigureSource]


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework(FRAMEWORK)


@pytest.fixture(params=["memory", pytest.param("store", marks=pytest.mark.django_db)])
def make_source(request: pytest.FixtureRequest, framework: Framework) -> MakeSource:
    if request.param == "memory":
        return lambda values: MemorySource(values, HIERARCHY)

    def stored(values: list[Value]) -> FigureSource:
        from chiso.store import services
        from chiso.store.figures import StoreSource

        services.reset()
        services.save_bundle(Bundle(frameworks=[framework], org_units=UNITS, values=values))
        return StoreSource()

    return stored


def monthly(unit: str, months: range = range(1, 10), skip: tuple[int, ...] = ()) -> list[Value]:
    """Month m: 10·m dossiers, m of them online, 100 + m procedures offered at its end."""
    return [Value("lk", code, unit, f"2026-{m:02d}", text) for m in months if m not in skip
            for code, text in (("1.1", str(10 * m)), ("1.2", str(m)), ("2", str(100 + m)))]


def reported(unit: str, period: str, **by_code: str) -> list[Value]:
    """Values of one unit and period, the codes written c1_1 for 1.1 (a keyword holds no dot)."""
    return [Value("lk", code.removeprefix("c").replace("_", "."), unit, period, text) for code, text in by_code.items()]


X3_NINE_MONTHS = reported("X3", NINE_MONTHS, c1_1="500", c1_2="100", c2="77")


def view_of(framework: Framework, source: FigureSource, *periods: str, scope: Scope = Scope.UNIT) -> View:
    return compute_view(framework, HIERARCHY, source, unit="T", periods=[Period.parse(p) for p in periods],
                        scope=scope)


def figures(view: View, unit: str, period: str = NINE_MONTHS) -> dict[str, str]:
    return {f.indicator: f.value for f in view.of_unit(unit) if f.period == period}




def test_nine_months_of_a_flow_a_stock_and_a_rate(framework: Framework, make_source: MakeSource) -> None:
    values = monthly("X1") + monthly("X2") + X3_NINE_MONTHS
    for scope in (Scope.UNIT, Scope.CHILDREN):  # the province's own roll-up, and the source's leaf by leaf
        view = view_of(framework, make_source(values), NINE_MONTHS, scope=scope)
        # 10 · (1 + … + 9) = 450 dossiers each, 45 online, 109 procedures in September; X3 as it reported.
        assert figures(view, "T") == {"1.1": "1400", "1.2": "190", "2": "295", "1": "13.57"}, scope
        total = view.figure("1.1", "T", NINE_MONTHS)
        assert total is not None and total.completeness is not None and total.completeness.text == "3/3 xã"
    assert figures(view, "X1") == {"1.1": "450", "1.2": "45", "2": "109", "1": "10.00"}
    flow, stock = view.figure("1.1", "X1", NINE_MONTHS), view.figure("2", "X1", NINE_MONTHS)
    assert flow is not None and flow.provenance is Provenance.ROLLED_UP
    assert flow.inputs == tuple(f"2026-{m:02d}" for m in range(1, 10))
    assert stock is not None and (stock.provenance, stock.inputs) == (Provenance.ROLLED_UP, ("2026-09",))
    own = view.figure("1.1", "X3", NINE_MONTHS)
    assert own is not None and (own.value, own.provenance) == ("500", Provenance.REPORTED)


def test_the_reported_nine_months_count_where_the_months_are_missing(
        framework: Framework, make_source: MakeSource) -> None:
    values = reported("X1", NINE_MONTHS, c1_1="300", c1_2="30", c2="90") + X3_NINE_MONTHS
    view = view_of(framework, make_source(values), NINE_MONTHS)
    assert figures(view, "T") == {"1.1": "800", "1.2": "130", "2": "167", "1": "16.25"}
    total = view.figure("1.1", "T", NINE_MONTHS)
    assert total is not None and total.completeness is not None and total.completeness.text == "2/3 xã"


def test_a_unit_that_reported_its_nine_months_is_taken_at_its_word_beside_its_months(
        framework: Framework, make_source: MakeSource) -> None:
    values = monthly("X1") + reported("X1", NINE_MONTHS, c1_1="452")  # as a reported year beside its months
    view = view_of(framework, make_source(values), NINE_MONTHS, scope=Scope.CHILDREN)
    assert figures(view, "X1") == {"1.1": "452", "1.2": "45", "2": "109", "1": "9.96"}


@pytest.mark.parametrize(("skip", "expected", "counted"), [
    # May missing at X2: its flows have no nine months (eight are not nine), its stock is September's.
    ((5,), {"1.1": "950", "1.2": "145", "2": "295", "1": "15.26"}, "2/3 xã"),
    # September missing: no stock either.
    ((9,), {"1.1": "950", "1.2": "145", "2": "186", "1": "15.26"}, "2/3 xã"),
])
def test_a_missing_month_leaves_the_unit_out_and_says_who_is_counted(
        framework: Framework, make_source: MakeSource, skip: tuple[int, ...], expected: dict[str, str],
        counted: str) -> None:
    values = monthly("X1") + monthly("X2", skip=skip) + X3_NINE_MONTHS
    view = view_of(framework, make_source(values), NINE_MONTHS, scope=Scope.CHILDREN)
    assert view.figure("1.1", "X2", NINE_MONTHS) is None
    assert figures(view, "T") == expected
    total = view.figure("1.1", "T", NINE_MONTHS)
    assert total is not None and total.completeness is not None
    assert (total.completeness.text, total.as_value("lk").note) == (counted, f"Số liệu của {counted}")


def test_quarters_and_half_years_make_a_year_to_date_when_they_cover_it_exactly(
        framework: Framework, make_source: MakeSource) -> None:
    values = [*reported("X1", "2026Q1", c1_1="60", c2="103"), *reported("X1", "2026Q2", c1_1="150", c2="106"),
              *reported("X1", "2026Q3", c1_1="240", c2="109"), *reported("X2", "2026S1", c1_1="210", c2="106")]
    view = view_of(framework, make_source(values), NINE_MONTHS, "2026M1-6", "2026M1-8", scope=Scope.CHILDREN)
    nine = view.figure("1.1", "X1", NINE_MONTHS)
    assert nine is not None and (nine.value, nine.inputs) == ("450", ("2026Q1", "2026Q2", "2026Q3"))
    assert figures(view, "X2", "2026M1-6") == {"1.1": "210", "2": "106"}  # the half-year, the same months
    assert figures(view, "X1", "2026M1-8") == {}  # eight months are no whole quarters
    assert figures(view, "T", "2026M1-6") == {"1.1": "420", "2": "212"}


def test_without_periods_asked_a_reported_year_to_date_is_shown_beside_the_year(
        framework: Framework, make_source: MakeSource) -> None:
    view = compute_view(framework, HIERARCHY, make_source(monthly("X1") + X3_NINE_MONTHS), unit="T")
    assert [p.code for p in view.periods][-3:] == ["2026-09", NINE_MONTHS, "2026"]
    assert figures(view, "T")["1.1"] == "950"

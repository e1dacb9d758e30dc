"""Aggregating values from the units below: sums, rates recomputed from sums, the 2025 mergers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from chiso.catalog.loader import load_framework
from chiso.catalog.model import Framework
from chiso.errors import InputError
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.values.aggregate import SOURCE, aggregate
from chiso.values.model import Value

FRAMEWORK = """
code: t
title: "Thử"
indicators:
  - {code: "1", name: "Tỷ lệ hồ sơ nộp trực tuyến", type: percent, decimals: 2, formula: "{1.2} / {1.1} * 100"}
  - {code: "1.1", name: "Tổng số hồ sơ", type: count}
  - {code: "1.2", name: "Số hồ sơ nộp trực tuyến", type: count}
  - {code: "2", name: "Tỷ lệ hồ sơ trực tuyến trên tổng số (không khai số thập phân)", type: percent,
     formula: "{1.2} / {1.1} * 100"}
  - {code: "3", name: "Xếp loại", type: ordinal, levels: ["Loại A", "Loại B"]}
  - {code: "4", name: "Tỷ lệ báo cáo đúng hạn", type: percent}
"""

MERGER = date(2025, 6, 30)  # the last day of the district level (NQ 202/2025/QH15)


def district(code: str) -> OrgUnit:
    return OrgUnit(code, f"Huyện {code}", OrgUnitType.DISTRICT, parent="P", valid_to=MERGER)


def commune(code: str, parent: str, **validity: date) -> OrgUnit:
    return OrgUnit(code, f"Xã {code}", OrgUnitType.COMMUNE, parent=parent, **validity)


# A province with three districts, the third with two communes, and the communes that replaced them all
# on 1/7/2025 directly under the province.
HIERARCHY = Hierarchy([
    OrgUnit("P", "Tỉnh", OrgUnitType.PROVINCE),
    district("D1"), district("D2"), district("D3"),
    commune("C31", "D3", valid_to=MERGER), commune("C32", "D3", valid_to=MERGER),
    commune("N1", "P", valid_from=date(2025, 7, 1)), commune("N2", "P", valid_from=date(2025, 7, 1)),
])


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework(FRAMEWORK)


def reported(period: str, rows: dict[str, dict[str, str]]) -> list[Value]:
    """Values of ``period`` from {unit: {indicator: value}}."""
    return [Value("t", code, unit, period, text) for unit, by_code in rows.items() for code, text in by_code.items()]


def aggregated(framework: Framework, values: list[Value], period: str = "2025S1") -> dict[str, Value]:
    return {v.indicator: v for v in aggregate(framework, values, HIERARCHY, unit="P", period=period)}


def test_sum_adds_the_districts_and_the_communes_of_a_district_that_did_not_report(framework: Framework) -> None:
    values = reported("2025S1", {
        "D1": {"1.1": "100", "1.2": "50"},
        "D2": {"1.1": "10", "1.2": "1"},
        "C31": {"1.1": "20", "1.2": "5"},
        "C32": {"1.1": "30", "1.2": "10"},
    })
    result = aggregated(framework, values)
    assert result["1.1"] == Value("t", "1.1", "P", "2025S1", "160", note="Tổng hợp từ 4 đơn vị", source=SOURCE)
    assert result["1.2"].value == "66"
    assert result["1"].value == "41.25"  # 66 / 160


def test_rate_is_recomputed_from_the_sums_never_averaged(framework: Framework) -> None:
    values = reported("2025S1", {
        "D1": {"1.1": "100", "1.2": "50", "1": "50"},  # 50%
        "D2": {"1.1": "10", "1.2": "1", "1": "10"},  # 10%
    })
    result = aggregated(framework, values)
    assert (result["1.1"].value, result["1.2"].value) == ("110", "51")
    assert result["1"].value == "46.36"  # 51 / 110 = 46,36%
    mean_of_rates = (Decimal("50") + Decimal("10")) / 2
    assert mean_of_rates == 30 and Decimal(result["1"].value) != mean_of_rates
    assert result["1"].note == ("Tính lại theo công thức {1.2} / {1.1} * 100 từ số liệu tổng hợp: "
                                "{1.2} = 51; {1.1} = 110")
    assert result["1"].source == SOURCE


def test_rate_is_rounded_half_up_to_two_places_by_default(framework: Framework) -> None:
    result = aggregated(framework, reported("2025S1", {"D1": {"1.1": "500", "1.2": "1"}, "D2": {"1.1": "300"}}))
    assert result["2"].value == "0.13"  # 1 / 800 * 100 = 0.125: half up, not the banker's 0.12


def test_a_unit_that_reported_is_counted_as_reported_and_not_descended(framework: Framework) -> None:
    values = reported("2025S1", {
        "D1": {"1.1": "100"},
        "D3": {"1.1": "60"},  # its own figure, which already includes its communes
        "C31": {"1.1": "20"},
        "C32": {"1.1": "30"},
    })
    result = aggregated(framework, values)
    assert result["1.1"].value == "160"  # 100 + 60, not 100 + 60 + 50 nor 100 + 50
    assert result["1.1"].note == "Tổng hợp từ 2 đơn vị"


def test_descent_stops_per_indicator(framework: Framework) -> None:
    values = reported("2025S1", {"D3": {"1.1": "60"}, "C31": {"1.1": "20", "1.2": "5"}, "C32": {"1.2": "10"}})
    result = aggregated(framework, values)
    assert (result["1.1"].value, result["1.2"].value) == ("60", "15")


MERGER_YEAR = {
    "D1": {"1.1": "100", "1.2": "50"},
    "D2": {"1.1": "10", "1.2": "1"},
    "N1": {"1.1": "200", "1.2": "150"},
    "N2": {"1.1": "40", "1.2": "10"},
}


def test_districts_that_ended_on_30_june_2025_count_in_the_first_half_only(framework: Framework) -> None:
    # The same rows filed for both halves: the districts ended on 30/6, the new communes began on 1/7.
    values = reported("2025S1", MERGER_YEAR) + reported("2025S2", MERGER_YEAR)
    first, second = aggregated(framework, values, "2025S1"), aggregated(framework, values, "2025S2")
    assert (first["1.1"].value, first["1.2"].value, first["1"].value) == ("110", "51", "46.36")
    assert (second["1.1"].value, second["1.2"].value, second["1"].value) == ("240", "160", "66.67")
    assert second["1.1"].note == "Tổng hợp từ 2 đơn vị"
    assert {v.period for v in aggregate(framework, values, HIERARCHY, unit="P", period="2025s2")} == {"2025S2"}


def test_missing_everywhere_gives_no_value_not_zero(framework: Framework) -> None:
    assert aggregate(framework, [], HIERARCHY, unit="P", period="2025S1") == []
    result = aggregated(framework, reported("2025S1", {"D1": {"1.1": "100"}}))
    assert set(result) == {"1.1"}  # no 1.2 anywhere: no 1.2 and no rate
    other_period = reported("2025S2", {"D1": {"1.1": "100"}})
    assert aggregated(framework, other_period, "2025S1") == {}


def test_a_bound_among_the_inputs_makes_the_aggregate_missing(framework: Framework) -> None:
    values = reported("2025S1", {"D1": {"1.1": "100", "1.2": ">40"}, "D2": {"1.1": "10", "1.2": "1"}})
    result = aggregated(framework, values)
    assert set(result) == {"1.1"}  # 1.2 cannot be added up, so neither 1.2 nor its rate


def test_a_bound_below_a_unit_that_reported_does_not_count(framework: Framework) -> None:
    values = reported("2025S1", {"D3": {"1.2": "15"}, "C31": {"1.2": ">4"}})
    assert aggregated(framework, values)["1.2"].value == "15"


def test_indicators_that_do_not_aggregate_are_left_out(framework: Framework) -> None:
    values = reported("2025S1", {"D1": {"3": "Loại A", "4": "95"}, "D2": {"3": "Loại B", "4": "85"}})
    assert aggregated(framework, values) == {}


def test_a_district_can_be_aggregated_from_its_communes(framework: Framework) -> None:
    values = reported("2025S1", {"C31": {"1.1": "20", "1.2": "5"}, "C32": {"1.1": "30", "1.2": "10"}})
    result = {v.indicator: v.value for v in aggregate(framework, values, HIERARCHY, unit="D3", period="2025S1")}
    assert result == {"1": "30.00", "1.1": "50", "1.2": "15", "2": "30.00"}


def test_an_unknown_unit_is_an_input_error(framework: Framework) -> None:
    with pytest.raises(InputError, match="XX"):
        aggregate(framework, [], HIERARCHY, unit="XX", period="2025S1")

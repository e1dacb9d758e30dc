"""Many units judged from the computed view give what each unit judged on all its values gives.

The view's path reads only the few figures a judgement needs (chiso.evaluation.points); the single-unit
path reads the whole series. Both must agree for every kind of deadline, with and without a cut-off.
"""

from __future__ import annotations

import pytest

from chiso.catalog.loader import load_framework
from chiso.evaluation import Evaluation
from chiso.evaluation.evaluate import evaluate_series, unit_scope
from chiso.evaluation.series import Point, Series, within
from chiso.evaluation.units import evaluate_units
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.periods import Period
from chiso.values.model import Value
from chiso.view import MemorySource, Scope, compute_view

PLAN = load_framework("""
code: kh
title: Kế hoạch chuyển đổi số thử
settings: {evaluation: {on_track: 0.95, moderate: 0.6}}
indicators:
  - code: "1"
    name: Tỷ lệ hồ sơ trực tuyến
    type: percent
    direction: higher
    aggregation: min
    targets:
      - {period: "2026", value: 90%}
      - {period: "2024:2025", value: 60%, id: giai-doan-1}
      - {period: "2026:2027", value: 95%, id: giai-doan-2}
      - {period: "2024:2027", every: year, value: 70%, id: hang-nam}
      - {period: "2027", value: 50%, id: xa, scope: {types: [commune]}}
  - code: "2"
    name: Số bộ dữ liệu mở công bố
    type: count
    direction: higher
    period_rollup: sum
    targets:
      - {period: "2024:2027", every: year, value: "5", id: mo}
""")

UNITS = Hierarchy([
    OrgUnit("T", "Tỉnh Thử", OrgUnitType.PROVINCE),
    OrgUnit("X1", "Xã Một", OrgUnitType.COMMUNE, "T"),
    OrgUnit("X2", "Xã Hai", OrgUnitType.COMMUNE, "T"),
    OrgUnit("X3", "Xã Ba", OrgUnitType.COMMUNE, "T"),
])

# X1 reports every year, X2 stopped after 2024, X3 reports quarters of 2025 only
RATES = {"X1": {"2023": "40", "2024": "55", "2025": "65", "2026": "80"},
         "X2": {"2022": "30", "2024": "62"},
         "X3": {"2025Q1": "50", "2025Q3": "75"}}
OPEN_DATA = {"X1": {"2025Q1": "1", "2025Q2": "2", "2025Q3": "1", "2025Q4": "2", "2026Q1": "3"},
             "X2": {"2024": "6"}}
VALUES = [Value("kh", code, unit, period, value)
          for code, table in (("1", RATES), ("2", OPEN_DATA))
          for unit, periods in table.items() for period, value in periods.items()]


def on_every_figure(as_of: str | None) -> list[Evaluation]:
    """Each unit judged on its whole series of the view's figures, every period computed: the reference."""
    view = compute_view(PLAN, UNITS, MemorySource(VALUES, UNITS), unit="T", scope=Scope.SUBTREE)
    cutoff = Period.parse(as_of) if as_of else None
    found: list[Evaluation] = []
    for unit in ("T", "X1", "X2", "X3"):
        points = [(f.indicator, Point(Period.parse(f.period), f.number)) for f in view.of_unit(unit)
                  if f.number is not None]
        if any(within(point.period, cutoff) for _, point in points):
            kind, groups = unit_scope(UNITS, unit)
            found += evaluate_series(PLAN, Series.of_points(points, cutoff), [], unit=unit, as_of=cutoff,
                                     unit_type=kind, groups=groups)
    return found


def shown(evaluations: list[Evaluation]) -> list[tuple[object, ...]]:
    return [(e.unit, e.indicator, e.target.id, e.status.value, e.result, e.period,
             e.forecast.to_dict() if e.forecast else None, e.explanation) for e in evaluations]


@pytest.mark.parametrize("as_of", [None, "2024", "2025Q2", "2025", "2026", "2027"])
def test_units_judged_on_the_figures_they_need_are_judged_as_on_every_figure(as_of: str | None) -> None:
    through_view = evaluate_units(PLAN, UNITS, MemorySource(VALUES, UNITS), [], unit="T", as_of=as_of, below=True)
    assert shown(through_view) == shown(on_every_figure(as_of))
    assert {e.target.id for e in through_view if e.forecast} >= ({"2026", "giai-doan-2"} if as_of == "2025" else set())


def test_the_province_is_judged_on_what_its_communes_add_up_to() -> None:
    through_view = evaluate_units(PLAN, UNITS, MemorySource(VALUES, UNITS), [], unit="T", as_of="2025")
    by_target = {(e.indicator, e.target.id): (e.status.value, e.result) for e in through_view}
    assert by_target == {
        # the lowest rate of the communes that reported the year 2025: X1's (X3 reported quarters only)
        ("1", "2026"): ("in_progress", "65%"),
        ("1", "giai-doan-1"): ("exceeded", "65%"),
        ("1", "giai-doan-2"): ("no_data", None),  # the phase has not begun
        ("1", "hang-nam"): ("not_met", "65%"),  # the occurrence 2025 has ended
        ("2", "mo"): ("exceeded", "6"),  # X1's four quarters of 2025
    }

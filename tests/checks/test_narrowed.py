"""The store narrows a check to the slices that may hold a finding (in SQL); the findings must not change.

Each case sets the store's narrowed check against the core's checks over every value in memory.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chiso.catalog.loader import load_framework
from chiso.checks import check_units, run_checks
from chiso.io.files import Bundle
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.values.model import Value
from chiso.view import MemorySource

VIEW_DATA = Path(__file__).parents[1] / "view" / "data"


def both(framework_code: str, unit: str | None) -> tuple[list[object], list[object]]:
    """The store's narrowed findings, and the core's over every stored value."""
    from chiso.store import services
    from chiso.store.figures import StoreSource

    framework, tree = services.frameworks()[framework_code], services.hierarchy()
    narrowed = check_units(framework, tree, StoreSource(), unit=unit)
    values = services.values(framework_code)
    everything = check_units(framework, tree, MemorySource(values, tree), unit=unit)
    assert everything == run_checks(framework, values, unit=unit, hierarchy=tree)
    return narrowed, everything  # type: ignore[return-value]


@pytest.mark.django_db
@pytest.mark.parametrize(("framework", "unit"), [("cqs", "66"), ("cqs", None), ("cds2025", "66"),
                                                  ("tinhmoi", "99"), ("tinhmoi", "99003"), ("tinhmoi", None)])
def test_the_narrowed_check_finds_what_the_full_check_finds(shipped_store: None, framework: str,
                                                           unit: str | None) -> None:
    from chiso.cli.store import load_files

    load_files([VIEW_DATA / n for n in ("framework.yaml", "org_units.csv", "values.csv",
                                        "values-with-problems.csv")])
    narrowed, everything = both(framework, unit)
    assert narrowed == everything
    assert narrowed or framework == "cds2025"  # the seed's errors and the new province's are found


FRAMEWORK = load_framework("""
code: r
title: "Kiểm tra ngẫu nhiên"
settings: {checks: {jump_relative: 0.5, jump_points: 30, jump_min_base: 100}}
indicators:
  - {code: "1", name: "Tổng", type: count}
  - {code: "2", name: "Phần", type: count}
  - {code: "3", name: "Phần khác", type: count}
  - {code: "4", name: "Tỷ lệ", type: percent, decimals: 1, formula: "{2} / {1} * 100"}
  - {code: "5", name: "Tỷ lệ không công thức", type: percent}
  - {code: "6", name: "Có/không", type: yes_no}
relations:
  - {kind: part_of, part: "2", whole: "1"}
  - {kind: sum, total: "1", parts: ["2", "3"]}
rules:
  - {id: r1, check: "{2} + {3} <= {1}", message: "Vượt tổng"}
""")
UNITS = [OrgUnit("T", "Tỉnh", OrgUnitType.PROVINCE), OrgUnit("A", "Xã A", OrgUnitType.COMMUNE, "T"),
         OrgUnit("B", "Xã B", OrgUnitType.COMMUNE, "T")]
TEXTS = {"1": ["100", "150", "99", "0", "1000", "nhiều"], "2": ["40", "60", "100", "0", "151", "99"],
         "3": ["60", "90", "0", "1"], "4": ["40", "40.0", "39.9", "40.05", ">30", "150", "66.7"],
         "5": ["-1", "0", "100", "100.5", "50", "<101"], "6": ["yes", "no", "có lẽ"]}


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.tuples(st.sampled_from(["T", "A", "B"]),
                                 st.sampled_from(["2025", "2026", "2026Q1", "2026Q2"]),
                                 st.sampled_from(sorted(TEXTS))),
                       st.integers(min_value=0, max_value=6), max_size=40))
def test_random_values_narrowed_and_full_agree(chosen: dict[tuple[str, str, str], int]) -> None:
    from chiso.store import services
    from chiso.store.figures import StoreSource

    values = [Value("r", code, unit, period, TEXTS[code][n % len(TEXTS[code])])
              for (unit, period, code), n in chosen.items()]
    services.reset()
    services.save_bundle(Bundle(frameworks=[FRAMEWORK], org_units=UNITS))
    services.save_values(values)
    tree = Hierarchy(UNITS)
    for unit in ("T", "A", None):
        narrowed = check_units(FRAMEWORK, tree, StoreSource(), unit=unit)
        assert narrowed == check_units(FRAMEWORK, tree, MemorySource(values, tree), unit=unit)


@pytest.mark.django_db
def test_only_the_slices_with_something_to_find_are_read(db: None) -> None:
    from chiso.checks.registry import validators
    from chiso.cli.store import load_files
    from chiso.store import services
    from chiso.store.figures import StoreSource

    load_files([VIEW_DATA / n for n in ("framework.yaml", "org_units.csv", "values.csv")])
    framework, kinds = services.frameworks()["tinhmoi"], [v.kind for v in validators()]
    assert StoreSource().suspects(framework, None, kinds) == set()  # 28 clean values: nothing to read
    load_files([VIEW_DATA / "values-with-problems.csv"])
    assert StoreSource().suspects(framework, None, kinds) == {("99003", "2026Q4"), ("99", "2026Q1")}


@pytest.mark.django_db
def test_values_of_an_indicator_the_framework_no_longer_has_are_found(db: None) -> None:
    from chiso.store import services
    from chiso.store.figures import StoreSource

    services.save_bundle(Bundle(frameworks=[FRAMEWORK], org_units=UNITS))
    values = [Value("r", "3", "A", "2026", "5"), Value("r", "1", "B", "2026", "nhiều"),
              Value("r", "1", "A", "2026", "9")]
    services.save_values(values)
    shorter = load_framework(FRAMEWORK.source_text.replace('  - {code: "3", name: "Phần khác", type: count}\n', "")
                             .replace('  - {kind: sum, total: "1", parts: ["2", "3"]}\n', "").replace(" + {3}", ""))
    services.save_bundle(Bundle(frameworks=[shorter]))
    tree = Hierarchy(UNITS)
    for unit in ("T", "A", None):
        narrowed = check_units(shorter, tree, StoreSource(), unit=unit)
        assert narrowed == check_units(shorter, tree, MemorySource(values, tree), unit=unit)
    found = {(f.rule, f.unit, f.indicator) for f in check_units(shorter, tree, StoreSource())}
    assert {("value_type", "A", "3"), ("value_type", "B", "1")} <= found

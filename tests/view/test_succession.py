"""Series that stay continuous across a reorganisation: each kind of link on a small tree of a new province's own.

Two provinces, An and Bình, become one (the new An, which keeps An's code) on 1/7/2025, and their
communes are merged, moved, split with and without declared shares, and renamed. Every case runs on
values in memory and on the same values in the store.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from chiso.catalog.loader import load_framework
from chiso.catalog.model import Framework
from chiso.io.files import Bundle
from chiso.orgunits.links import LinkKind, UnitLink
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
  - {code: "3", name: "Xếp loại", type: ordinal, levels: ["Loại A", "Loại B"]}
  - {code: "7", name: "Tỷ lệ thấp nhất", type: percent, aggregation: min}
"""

END, START = date(2025, 6, 30), date(2025, 7, 1)


def old(code: str, name: str, kind: OrgUnitType, parent: str = "") -> OrgUnit:
    return OrgUnit(code, name, kind, parent, valid_to=END)


def new(code: str, name: str, kind: OrgUnitType = OrgUnitType.COMMUNE, parent: str = "A") -> OrgUnit:
    return OrgUnit(code, name, kind, parent, valid_from=START)


P, C = OrgUnitType.PROVINCE, OrgUnitType.COMMUNE
UNITS = [
    old("A", "Tỉnh An", P), old("B", "Tỉnh Bình", P),
    old("a1", "Xã Một", C, "A"), old("a2", "Xã Hai", C, "A"), old("r", "Xã Cũ", C, "A"),
    old("b1", "Xã Ba", C, "B"), old("s", "Xã Tư", C, "B"), old("u", "Xã Năm", C, "B"),
    new("A", "Tỉnh An", P, ""),
    new("n1", "Xã Một Hai"), new("b1", "Xã Ba"), new("s1", "Xã Tư Đông"), new("s2", "Xã Tư Tây"),
    new("u1", "Xã Năm Bắc"), new("u2", "Xã Năm Nam"), new("r", "Xã Mới"),
]
LINKS = [
    UnitLink("A", "A", START), UnitLink("B", "A", START),
    UnitLink("a1", "n1", START), UnitLink("a2", "n1", START),
    UnitLink("b1", "b1", START),
    UnitLink("s", "s1", START, share=Decimal("0.6"), basis="dân số"),
    UnitLink("s", "s2", START, share=Decimal("0.4"), basis="dân số"),
    UnitLink("u", "u1", START), UnitLink("u", "u2", START),
    UnitLink("r", "r", START),
]
Rows = dict[str, dict[str, str]]
Sourced = Callable[[list[Value]], tuple[FigureSource, Hierarchy]]


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework(FRAMEWORK)


@pytest.fixture(params=["memory", pytest.param("store", marks=pytest.mark.django_db)])
def sourced(request: pytest.FixtureRequest, framework: Framework) -> Sourced:
    """Values in memory, or the same values in the store (units, versions and links read back)."""
    if request.param == "memory":
        def held(values: list[Value]) -> tuple[FigureSource, Hierarchy]:
            tree = Hierarchy(UNITS, (), LINKS)
            return MemorySource(values, tree), tree

        return held

    def stored(values: list[Value]) -> tuple[FigureSource, Hierarchy]:
        from chiso.store import services
        from chiso.store.figures import StoreSource

        services.reset()
        services.save_bundle(Bundle(frameworks=[framework], org_units=UNITS, values=values))
        services.save_org_unit_links(LINKS)
        return StoreSource(), services.hierarchy()

    return stored


def reported(period: str, rows: Rows) -> list[Value]:
    return [Value("t", code, unit, period, text) for unit, by_code in rows.items() for code, text in by_code.items()]


def view_of(framework: Framework, sourced: Sourced, values: list[Value], *periods: str,
            tree: date | None = None, unit: str = "A", scope: Scope = Scope.UNIT) -> View:
    source, hierarchy = sourced(values)
    return compute_view(framework, hierarchy, source, unit=unit, periods=[Period.parse(p) for p in periods] or None,
                        tree=tree, scope=scope)


def shown(view: View, unit: str = "A") -> dict[tuple[str, str], tuple[str, Provenance]]:
    return {(f.indicator, f.period): (f.value, f.provenance) for f in view.of_unit(unit)}


PROVINCES_2023 = reported("2023", {"A": {"1.1": "100", "1.2": "40", "3": "Loại A"},
                                   "B": {"1.1": "50", "1.2": "35", "3": "Loại B"}})
HALVES_2025 = [*reported("2025S1", {"A": {"1.1": "60", "1.2": "30"}, "B": {"1.1": "20", "1.2": "10"}}),
               *reported("2025S2", {"A": {"1.1": "90", "1.2": "45"}})]


def test_the_trees_of_both_days() -> None:
    tree = Hierarchy(UNITS, (), LINKS)
    assert sorted(u.code for u in tree.children("A")) == ["b1", "n1", "r", "s1", "s2", "u1", "u2"]
    before = tree.at(END)
    assert sorted(u.code for u in before.children("A")) == ["a1", "a2", "r"]
    assert before["r"].name == "Xã Cũ" and tree["r"].name == "Xã Mới"
    assert "B" in tree and tree["B"].valid_to == END  # an ended province keeps its own past
    assert tree["A"].valid_from is None  # the new An's figures reach back through An and Bình


def test_kinds_are_inferred_from_the_links_of_the_day() -> None:
    from chiso.orgunits.links import inferred

    kinds = {(link.predecessor, link.successor): link.kind for link in inferred(LINKS, {("r", START)})}
    assert kinds == {("A", "A"): LinkKind.MERGE, ("B", "A"): LinkKind.MERGE, ("a1", "n1"): LinkKind.MERGE,
                     ("a2", "n1"): LinkKind.MERGE, ("b1", "b1"): LinkKind.MOVE, ("s", "s1"): LinkKind.SPLIT,
                     ("s", "s2"): LinkKind.SPLIT, ("u", "u1"): LinkKind.SPLIT, ("u", "u2"): LinkKind.SPLIT,
                     ("r", "r"): LinkKind.RENAME}


def test_a_merged_province_sums_its_predecessors_counts_and_recomputes_its_rate(
        framework: Framework, sourced: Sourced) -> None:
    view = view_of(framework, sourced, PROVINCES_2023, "2023")
    assert shown(view) == {("1.1", "2023"): ("150", Provenance.COMPOSED), ("1.2", "2023"): ("75", Provenance.COMPOSED),
                           ("1", "2023"): ("50.00", Provenance.DERIVED)}  # 75/150, not the mean of 40% and 70%
    total = view.figure("1.1", "A", "2023")
    assert total is not None and total.inputs == ("A", "B")
    assert total.source == "số liệu gộp của tỉnh An (cũ) và tỉnh Bình"
    assert str(view.compositions["A"].names) == "tỉnh An (cũ) và tỉnh Bình"
    assert str(view.gap("3", "A", "2023")).startswith("không gộp được số liệu của tỉnh An (cũ) và tỉnh Bình")


def test_the_old_tree_shows_the_old_province_as_it_was(framework: Framework, sourced: Sourced) -> None:
    view = view_of(framework, sourced, [*PROVINCES_2023, *HALVES_2025], "2023", "2025", tree=END)
    assert shown(view)[("1.1", "2023")] == ("100", Provenance.REPORTED)
    assert shown(view)[("1.1", "2025")] == ("60", Provenance.ROLLED_UP)  # its first half: it ended on 30/6
    assert view.compositions == {} and view.tree == END


def test_the_year_of_the_merger_is_the_first_half_composed_and_the_second_its_own(
        framework: Framework, sourced: Sourced) -> None:
    view = view_of(framework, sourced, HALVES_2025, "2025S1", "2025S2", "2025")
    assert shown(view)[("1.1", "2025S1")] == ("80", Provenance.COMPOSED)
    assert shown(view)[("1.1", "2025S2")] == ("90", Provenance.REPORTED)
    assert shown(view)[("1.1", "2025")] == ("170", Provenance.ROLLED_UP)
    assert shown(view)[("1", "2025")] == ("50.00", Provenance.DERIVED)  # 85 / 170


def test_a_missing_predecessor_leaves_a_gap_naming_it_never_a_partial_sum(
        framework: Framework, sourced: Sourced) -> None:
    values = [*reported("2022", {"A": {"1.1": "90", "1.2": "30"}}), *HALVES_2025[-2:]]
    values += reported("2025S1", {"A": {"1.1": "60", "1.2": "30"}})
    view = view_of(framework, sourced, values, "2022", "2025")
    assert view.figure("1.1", "A", "2022") is None and view.figure("1", "A", "2022") is None
    assert str(view.gap("1.1", "A", "2022")) == "chưa có số liệu của tỉnh Bình"
    assert str(view.gap("1", "A", "2022")) == "chưa có số liệu của tỉnh Bình"  # the rate lacks its counts
    assert view.figure("1.1", "A", "2025") is None  # its first half is incomplete, so is its year
    assert str(view.gap("1.1", "A", "2025")) == "chưa có số liệu của tỉnh Bình"


COMMUNES_2023 = reported("2023", {"a1": {"1.1": "10", "7": "80"}, "a2": {"1.1": "20", "7": "60"},
                                  "b1": {"1.1": "5"}, "s": {"1.1": "101", "7": "50"}, "u": {"1.1": "30"},
                                  "r": {"1.1": "7"}})


def test_communes_are_merged_moved_split_by_their_shares_and_renamed(framework: Framework, sourced: Sourced) -> None:
    view = view_of(framework, sourced, COMMUNES_2023, "2023", scope=Scope.CHILDREN)
    counts = {unit: view.figure("1.1", unit, "2023") for unit in ("n1", "b1", "s1", "s2", "u1", "r")}
    assert {u: f.value if f else None for u, f in counts.items()} == {
        "n1": "30", "b1": "5", "s1": "61", "s2": "40", "u1": None, "r": "7"}  # 60,6 and 40,4 rounded half up
    assert str(view.gap("1.1", "u1", "2023")) == "thiếu tỉ lệ chia của xã Năm (tách một phần)"
    lowest = view.figure("7", "n1", "2023")
    assert lowest is not None and lowest.value == "60"
    assert str(view.gap("7", "s1", "2023")) == "không tính được giá trị nhỏ nhất, lớn nhất từ một phần của xã Tư"
    assert view.figure("1.1", "r", "2023") is not None and view.figure("1.1", "r", "2023").source == (  # type: ignore[union-attr]
        "số liệu gộp của xã Cũ (cũ)")


def test_values_of_a_reused_code_belong_to_the_version_of_their_period(
        framework: Framework, sourced: Sourced) -> None:
    # The old commune b1 reported 2023; the new b1 (moved under An) reports 2025S2. Neither is the other's.
    values = [*reported("2023", {"b1": {"1.1": "5"}}), *reported("2025S2", {"b1": {"1.1": "9"}})]
    new_tree = view_of(framework, sourced, values, "2023", "2025S2", unit="b1")
    assert shown(new_tree, "b1")[("1.1", "2023")] == ("5", Provenance.COMPOSED)
    assert shown(new_tree, "b1")[("1.1", "2025S2")] == ("9", Provenance.REPORTED)
    old_tree = view_of(framework, sourced, values, "2023", "2025S2", unit="b1", tree=END)
    assert shown(old_tree, "b1") == {("1.1", "2023"): ("5", Provenance.REPORTED)}


def test_a_tree_without_versions_computes_as_it_always_did(framework: Framework) -> None:
    units = [OrgUnit("P", "Tỉnh", OrgUnitType.PROVINCE), OrgUnit("x", "Xã", OrgUnitType.COMMUNE, "P")]
    tree = Hierarchy(units)
    assert not tree.versioned and tree.at(END) is tree
    view = compute_view(framework, tree, MemorySource(reported("2023", {"x": {"1.1": "4"}}), tree), unit="P")
    assert shown(view, "P") == {("1.1", "2023"): ("4", Provenance.AGGREGATED)}
    assert view.gaps == {} and view.compositions == {}

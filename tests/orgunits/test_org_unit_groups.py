"""Org-unit groups: the ministries' bloc and the provinces' bloc, with figures of their own.

Two ministries and three provinces (the third reporting through its two communes) report counts; the
blocs' counts are their members' sums and their rates are recomputed from the summed counts, never the
average of the members' rates. Every case runs on values in memory and on the same values in the store.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from chiso.catalog.loader import load_framework_file
from chiso.catalog.model import Framework
from chiso.errors import InputError
from chiso.io.files import Bundle, read_files
from chiso.orgunits.groups import OrgUnitGroup
from chiso.orgunits.model import Hierarchy, OrgUnitType, parse_unit_type
from chiso.periods import Period
from chiso.values.model import Value
from chiso.view import FigureSource, MemorySource, Provenance, Scope, compute_view

DATA = Path(__file__).parent / "data"
MakeSource = Callable[[], FigureSource]


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework_file(DATA / "framework.yaml")


@pytest.fixture(scope="module")
def bundle(framework: Framework) -> Bundle:
    return read_files([DATA / "org_units.csv", DATA / "groups.csv", DATA / "values.csv"], {"khoi": framework}, set())


@pytest.fixture(scope="module")
def tree(bundle: Bundle) -> Hierarchy:
    return Hierarchy(bundle.org_units, bundle.groups)


@pytest.fixture(params=["memory", pytest.param("store", marks=pytest.mark.django_db)])
def source(request: pytest.FixtureRequest, framework: Framework, bundle: Bundle,
           tree: Hierarchy) -> tuple[FigureSource, Hierarchy]:
    """The values in memory, or in the store (the group's members read back through SQL) with its hierarchy."""
    if request.param == "memory":
        return MemorySource(bundle.values, tree), tree
    from chiso.store import services
    from chiso.store.figures import StoreSource

    services.save_bundle(Bundle(frameworks=[framework], org_units=bundle.org_units, groups=bundle.groups,
                                values=bundle.values))
    return StoreSource(), services.hierarchy()


def test_a_ministry_is_a_type_of_unit_under_its_vietnamese_names() -> None:
    cases = {"ministry": OrgUnitType.MINISTRY, "bộ": OrgUnitType.MINISTRY, "Bộ, ngành": OrgUnitType.MINISTRY,
             "bo_nganh": OrgUnitType.MINISTRY, "bộ, ngành trung ương": OrgUnitType.MINISTRY,
             "sở": OrgUnitType.DEPARTMENT, "tỉnh": OrgUnitType.PROVINCE}
    assert {text: parse_unit_type(text) for text in cases} == cases
    assert OrgUnitType.MINISTRY.label == "Bộ, ngành trung ương"
    with pytest.raises(InputError, match="ministry"):
        parse_unit_type("cục")


def test_the_hierarchy_answers_for_its_groups(tree: Hierarchy) -> None:
    assert {code: tree.groups_of(code) for code in ("B01", "91", "92", "93001", "00")} == {
        "B01": {"khoi_bo"},
        "91": {"khoi_tinh"},
        "92": {"khoi_tinh", "mien_nam"},  # a unit may be in several groups
        "93001": frozenset(),  # a member's communes are not members
        "00": frozenset(),
    }
    assert tree.group("khoi_bo") == OrgUnitGroup("khoi_bo", "Khối bộ, ngành", ("B01", "B02"), "Ministries' bloc",
                                                 "khoi")
    assert tree.group("mien_nam").members == ("92", "93")  # blanks around «;» dropped
    assert [u.code for u in tree.members("khoi_tinh")] == ["91", "92", "93"]
    assert (tree.is_group("khoi_tinh"), tree.is_group("91"), "khoi_tinh" in tree) == (True, False, False)
    assert (tree.name("khoi_tinh"), tree.name("91"), tree.name("x")) == ("Khối tỉnh", "Tỉnh Thử Một", "x")
    assert tree.subtree("khoi_tinh") == {"khoi_tinh", "91", "92", "93", "93001", "93002"}
    assert tree.subtree("93") == {"93", "93001", "93002"}


# unit: (services online, procedures, share online, completeness of the share)
EXPECTED = {
    "khoi_tinh": ("500", "800", "62.50", "4/4 đơn vị"),  # 120+300+(50+30), 200+400+(100+100); not (60+75+40)/3
    "khoi_bo": ("130", "180", "72.22", "2/2 bộ, ngành"),
    "mien_nam": ("380", "600", "63.33", "3/3 đơn vị"),
    "00": ("630", "980", "64.29", "6/6 đơn vị"),  # the nation as before: ministries, provinces, communes
}


@pytest.mark.parametrize("unit", list(EXPECTED))
def test_a_group_figure_sums_its_members_counts_and_recomputes_its_rate(
        framework: Framework, source: tuple[FigureSource, Hierarchy], unit: str) -> None:
    figures, hierarchy = source
    view = compute_view(framework, hierarchy, figures, unit=unit, periods=[Period.parse("2024")])

    found = [view.figure(code, unit, "2024") for code in ("1", "2", "3")]
    assert all(f is not None for f in found)
    online, total, share = (f for f in found if f is not None)
    assert (online.value, total.value, share.value) == EXPECTED[unit][:3]
    assert (online.provenance, share.provenance) == (Provenance.AGGREGATED, Provenance.DERIVED)
    assert share.completeness is not None and share.completeness.text == EXPECTED[unit][3]


def test_a_group_view_shows_its_members_beside_it(framework: Framework,
                                                  source: tuple[FigureSource, Hierarchy]) -> None:
    figures, hierarchy = source
    view = compute_view(framework, hierarchy, figures, unit="khoi_tinh", periods=[Period.parse("2024")],
                        scope=Scope.CHILDREN)

    shares = {u: f.value for u in view.units() if (f := view.figure("3", u, "2024")) is not None}
    assert shares == {"khoi_tinh": "62.50", "91": "60.00", "92": "75.00", "93": "40.00"}


def test_a_group_with_one_member_inside_another_is_refused(framework: Framework, bundle: Bundle) -> None:
    nested = Hierarchy(bundle.org_units, [OrgUnitGroup("x", "Lồng nhau", ("93", "93001"))])

    with pytest.raises(InputError, match="93001 thuộc một đơn vị khác của nhóm"):
        compute_view(framework, nested, MemorySource(bundle.values, nested), unit="x")


def test_a_group_has_no_figure_before_any_member_reports(framework: Framework, bundle: Bundle,
                                                         tree: Hierarchy) -> None:
    quiet = [v for v in bundle.values if v.unit not in {"B01", "B02"}]
    view = compute_view(framework, tree, MemorySource(quiet, tree), unit="khoi_bo", periods=[Period.parse("2024")])

    assert view.figures == {}  # missing is never zero


def test_values_are_never_stored_for_a_group(framework: Framework, bundle: Bundle, tmp_path: Path) -> None:
    path = tmp_path / "values.csv"
    path.write_text("framework,indicator,unit,period,value\nkhoi,1,khoi_bo,2024,130\n", encoding="utf-8")

    with pytest.raises(InputError) as raised:
        read_files([DATA / "org_units.csv", DATA / "groups.csv", path], {"khoi": framework}, set())
    assert str(raised.value).startswith(f"tệp {path}, dòng 2, cột «unit»: đơn vị «khoi_bo» không có")


def test_value_of_a_member_changes_its_groups(framework: Framework, bundle: Bundle, tree: Hierarchy) -> None:
    changed = [Value("khoi", "1", "B02", "2024", "70") if (v.unit, v.indicator) == ("B02", "1") else v
               for v in bundle.values]
    view = compute_view(framework, tree, MemorySource(changed, tree), unit="khoi_bo", periods=[Period.parse("2024")])

    share = view.figure("3", "khoi_bo", "2024")
    assert share is not None and share.value == "88.89"  # (90 + 70) / (100 + 80)


def test_a_group_tree_takes_no_unit_type_for_the_group(tree: Hierarchy) -> None:
    from chiso.evaluation.evaluate import unit_scope
    from chiso.view.groups import tree_for

    bloc = tree_for(tree, "khoi_bo")

    assert [u.code for u in bloc.children("khoi_bo")] == ["B01", "B02"]
    assert (bloc.name("khoi_bo"), bloc.is_group("khoi_bo")) == ("Khối bộ, ngành", True)
    assert unit_scope(bloc, "khoi_bo") == unit_scope(tree, "khoi_bo") == ("", frozenset())  # matched by code only
    assert unit_scope(tree, "B01") == ("ministry", frozenset({"khoi_bo"}))
    assert tree_for(tree, "B01") is tree

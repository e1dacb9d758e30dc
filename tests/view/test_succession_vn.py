"""The reorganisation of 1/7/2025 on the official lists: the new Đắk Lắk, made of old Đắk Lắk and Phú Yên.

The tree is read straight from chiso's shipped lists (no store); the figures are Phụ lục VIII's counts
of both old provinces, old Đắk Lắk's as shipped and Phú Yên's as a province's office would type them.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from chiso.catalog.loader import shipped_frameworks
from chiso.catalog.model import Framework
from chiso.orgunits.model import Hierarchy, OrgUnitType
from chiso.orgunits.peers import rank_base
from chiso.orgunits.vn import vn_2025, vn_legacy, vn_links_2025
from chiso.periods import Period
from chiso.values.model import Value
from chiso.view import MemorySource, Provenance, compute_view

OLD_DAY = date(2025, 6, 30)


@pytest.fixture(scope="module")
def tree() -> Hierarchy:
    return Hierarchy([*vn_legacy("66"), *vn_2025("66")], (), vn_links_2025("66"))


@pytest.fixture(scope="module")
def cqs() -> Framework:
    return shipped_frameworks()["cqs"]


def test_the_new_province_has_its_102_communes_and_the_old_two_their_own(tree: Hierarchy) -> None:
    communes = tree.children("66")
    assert Counter(u.name.split()[0] for u in communes) == {"Xã": 88, "Phường": 14}
    assert {u.type for u in communes} == {OrgUnitType.COMMUNE}
    old = tree.at(OLD_DAY)
    assert (len(old.children("66")), len(old.children("54"))) == (15, 9)
    assert sum(len(old.children(d.code)) for d in old.children("66")) == 180
    assert sum(len(old.children(d.code)) for d in old.children("54")) == 106


def test_every_unit_of_old_phu_yen_goes_into_the_new_dak_lak(tree: Hierarchy) -> None:
    old = tree.at(OLD_DAY)
    communes = {c.code for d in old.children("54") for c in old.children(d.code)}
    new_communes = {u.code for u in tree.children("66")}
    for code in communes:
        assert {link.successor for link in old.successors(code)} <= new_communes, code
        assert old.successors(code), code
    assert [link.successor for link in old.successors("54")] == ["66"]
    assert sorted(tree.composed_of("66")) == ["54", "66"]


def test_the_new_province_in_2023_is_the_sum_of_both_old_ones(tree: Hierarchy, cqs: Framework) -> None:
    values = [Value("cqs", code, unit, "2023", text) for unit, code, text in (
        ("66", "5.1.1", "1600"), ("66", "5.1.2", "664"), ("54", "5.1.1", "1500"), ("54", "5.1.2", "600"))]
    view = compute_view(cqs, tree, MemorySource(values, tree), unit="66", periods=[Period.parse("2023")],
                        indicators=["5.1", "5.1.1", "5.1.2"])
    total, rate = view.figure("5.1.1", "66", "2023"), view.figure("5.1", "66", "2023")
    assert total is not None and (total.value, total.provenance, total.inputs) == ("3100", Provenance.COMPOSED,
                                                                                  ("66", "54"))
    assert total.source == "số liệu gộp của tỉnh Đắk Lắk (cũ) và tỉnh Phú Yên"
    assert rate is not None and (rate.value, rate.provenance) == ("40.77", Provenance.DERIVED)  # 1.264 / 3.100
    old = compute_view(cqs, tree, MemorySource(values, tree), unit="66", periods=[Period.parse("2023")],
                       indicators=["5.1.1"], tree=OLD_DAY)
    assert old.figure("5.1.1", "66", "2023").value == "1600"  # type: ignore[union-attr]


def test_a_province_is_ranked_out_of_63_before_the_reorganisation_and_34_after(tree: Hierarchy) -> None:
    assert rank_base(tree, "66", Period.parse("2023")) == 63
    assert rank_base(tree, "66", Period.parse("2025S2")) == 34
    assert rank_base(tree, "24184", Period.parse("2025S2")) == 102  # a commune among the province's
    assert rank_base(tree, "24184", Period.parse("2024")) == 12  # then among the 12 of its district, Ea H'leo

"""Several sources for one figure: the one that counts, and the reconciliation of those that disagree."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from chiso.catalog.loader import load_framework
from chiso.catalog.model import Framework
from chiso.checks import run_checks
from chiso.errors import InputError
from chiso.evaluation.units import evaluate_units
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.values.model import Value
from chiso.values.origins import agree, choose, describe, disagreements
from chiso.view import MemorySource, compute_view

YAML = """
code: nguon
title: "Tỷ lệ hồ sơ trực tuyến theo nhiều nguồn"
sources:
  - {code: motcua, name: "Hệ thống thông tin giải quyết TTHC của tỉnh"}
  - {code: dvcqg, name: "Cổng Dịch vụ công quốc gia"%s}
indicators:
  - code: "1"
    name: "Tỷ lệ hồ sơ trực tuyến"
    type: percent
    decimals: 2
    direction: higher
    targets:
      - {value: "83,49%%", period: "2025"}
  - code: "2"
    name: "Số thủ tục"
    type: count
"""


def framework(official: bool = True) -> Framework:
    return load_framework(YAML % (", official: true" if official else ""), file="nguon.yaml")


def tree() -> Hierarchy:
    return Hierarchy([OrgUnit("90", "Bộ Thử nghiệm", OrgUnitType.PROVINCE, valid_from=date(2020, 1, 1))])


def value(text: str, origin: str = "", code: str = "1", period: str = "2025") -> Value:
    return Value("nguon", code, "90", period, text, origin=origin)


@pytest.mark.parametrize(("first", "second", "places_agree"), [
    ("83.48", "83.49", False),   # two reports of one ministry, 83,48% and 83,49%, at 2 decimals
    ("83.481", "83.48", True),   # the same figure once rounded to 2 places
    ("83.485", "83.48", False),  # 83,485 rounds half up to 83,49
    ("83.48", "83.48", True),
])
def test_two_sources_agree_within_the_indicators_rounding(first: str, second: str, places_agree: bool) -> None:
    fw = framework()
    found = disagreements(fw, [value(first, "dvcqg"), value(second)])

    assert agree(fw.indicator("1"), first, second) is places_agree
    assert len(found) == (0 if places_agree else 1)


def test_a_disagreement_names_both_values_their_sources_the_unit_and_the_period() -> None:
    fw = framework()
    [item] = disagreements(fw, [value("83.49", ""), value("83.48", "dvcqg"), value("12", code="2")])

    assert (item.first.origin, item.second.origin) == ("dvcqg", "")  # the official first
    assert describe(fw, item) == (
        "Chỉ tiêu 1, đơn vị 90, kỳ 2025: Cổng Dịch vụ công quốc gia (dvcqg) ghi 83,48, Báo cáo của đơn vị ghi "
        "83,49: lệch 0,01 (so sánh đến 2 chữ số thập phân); cần đối soát giữa các nguồn")


def test_three_sources_give_each_pair_that_disagrees() -> None:
    found = disagreements(framework(), [value("83.48", "dvcqg"), value("83.49"), value("83.481", "motcua")])

    assert [(d.first.origin, d.second.origin) for d in found] == [("dvcqg", ""), ("", "motcua")]


@pytest.mark.parametrize(("official", "chosen", "expected"), [
    (True, "", "dvcqg"),          # declared by the framework
    (True, "motcua", "dvcqg"),    # the framework's word wins over the admin's
    (False, "motcua", "motcua"),  # the admin's choice when the framework names none
    (False, "", ""),              # neither: the unit's own report
])
def test_the_official_origin_comes_from_the_framework_else_the_admin(official: bool, chosen: str,
                                                                     expected: str) -> None:
    fw = replace(framework(official), chosen_official=chosen)

    assert fw.official_origin == expected


def test_choose_keeps_the_official_value_else_the_units_own() -> None:
    values = [value("83.49"), value("83.48", "dvcqg"), value("10", code="2"), value("11", "motcua", code="2")]

    chosen = {(v.indicator, v.origin) for v in choose(values, "dvcqg")}

    assert chosen == {("1", "dvcqg"), ("2", "")}  # motcua is neither official nor the unit's own


def test_the_view_and_the_evaluation_use_the_official_value() -> None:
    values = [value("83.49"), value("83.48", "dvcqg")]
    for fw, expected, origin in [(framework(), "83.48", "dvcqg"), (framework(official=False), "83.49", "")]:
        view = compute_view(fw, tree(), MemorySource(values, tree()), unit="90")
        figure = view.figures["1", "90", "2025"]
        [evaluation] = evaluate_units(fw, tree(), MemorySource(values, tree()), [], unit="90")

        assert (figure.value, figure.origin) == (expected, origin)
        assert evaluation.status.value == ("not_met" if expected == "83.48" else "met")


def test_chiso_check_reports_the_disagreement_as_a_finding() -> None:
    values = [value("83.49"), value("83.48", "dvcqg"), value("83.481", "motcua", period="2024"),
              value("83.48", period="2024")]

    findings = [f for f in run_checks(framework(), values, hierarchy=tree()) if f.rule == "reconcile"]

    assert [(f.unit, f.period, f.expected, f.reported, f.severity) for f in findings] == [
        ("90", "2025", "83.48", "83.49", "warning")]
    assert "dvcqg" in findings[0].message and "83,49" in findings[0].message


@pytest.mark.parametrize(("sources", "message"), [
    ("[{code: a, name: A, official: true}, {code: b, name: B, official: true}]", "đã là nguồn chính thức"),
    ("[{code: a, name: A}, {code: a, name: A lần nữa}]", "mã nguồn a bị trùng"),
    ("[{code: Sai, name: A}]", "không đúng dạng"),
])
def test_a_framework_declares_its_sources_or_is_refused_where_it_errs(sources: str, message: str) -> None:
    text = f"code: x\ntitle: X\nsources: {sources}\nindicators:\n  - {{code: '1', name: A, type: count}}\n"

    with pytest.raises(InputError, match=message) as caught:
        load_framework(text, file="x.yaml")
    assert caught.value.line == 3

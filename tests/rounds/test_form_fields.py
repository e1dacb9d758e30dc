"""Which indicators a unit is asked for a period (the union of its data sets), and the framework its form holds:
those, their rates' counts, the headings above them, and never a reporting rate or a rate that reads one."""

from __future__ import annotations

from datetime import date

from chiso.catalog.loader import load_framework
from chiso.catalog.model import TargetScope
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.periods import Period, PeriodType
from chiso.rounds import DataSet
from chiso.rounds.fields import held, offered, reads_rounds
from chiso.rounds.gate import asked_indicators

FRAMEWORK = load_framework("""\
code: giao
title: Bộ chỉ tiêu thử của biểu được giao
indicators:
  - {code: "1", name: Hồ sơ, type: heading}
  - {code: "1.1", name: Tổng số hồ sơ, type: count}
  - {code: "1.2", name: Số hồ sơ trực tuyến, type: count}
  - {code: "1.3", name: Tỷ lệ hồ sơ trực tuyến, type: percent, formula: "{1.2} / {1.1} * 100"}
  - {code: "2", name: Cán bộ và hạ tầng, type: heading}
  - {code: "2.1", name: Số cán bộ chuyên trách, type: count}
  - {code: "2.2", name: Có cổng dịch vụ công, type: yes_no}
  - {code: "3", name: Tỷ lệ xã đã gửi báo cáo, type: percent, reporting_rate: {data_set: giao-thang}}
  - {code: "4", name: Tỷ lệ xã chưa gửi, type: percent, formula: "100 - {3}"}
relations:
  - {kind: part_of, part: "1.2", whole: "1.1"}
""")

PROVINCE = OrgUnit("77", "Tỉnh Giao", OrgUnitType.PROVINCE)
COMMUNE = OrgUnit("77001", "Xã Giao", OrgUnitType.COMMUNE, "77", date(2025, 7, 1))
TREE = Hierarchy([PROVINCE, COMMUNE])
MARCH = Period(PeriodType.MONTH, 2026, 3)


def data_set(code: str, indicators: tuple[str, ...], kind: PeriodType = PeriodType.MONTH,
             **assigned: tuple[str, ...]) -> DataSet:
    return DataSet(code, code, "giao", kind, indicators, TargetScope(**assigned))


def test_no_data_set_narrows_nothing() -> None:
    assert asked_indicators([], COMMUNE, TREE, MARCH) is None


def test_the_union_of_the_data_sets_asking_the_unit_for_that_period_type() -> None:
    sets = [data_set("a", ("1.3",)), data_set("b", ("2.2",), types=("commune",)),
            data_set("q", ("2.1",), PeriodType.QUARTER), data_set("p", ("2.1",), units=("77",))]
    assert asked_indicators(sets, COMMUNE, TREE, MARCH) == {"1.3", "2.2"}


def test_one_data_set_asking_every_indicator_asks_them_all() -> None:
    assert asked_indicators([data_set("a", ("1.3",)), data_set("b", ())], COMMUNE, TREE, MARCH) is None


def test_nobody_asking_the_unit_narrows_nothing() -> None:
    assert asked_indicators([data_set("p", ("2.1",), units=("77",))], COMMUNE, TREE, MARCH) is None


def test_a_rate_brings_its_counts_and_the_headings_above_them() -> None:
    form = offered(FRAMEWORK, {"1.3", "2.2"})
    assert [i.code for i in form.indicators] == ["1", "1.1", "1.2", "1.3", "2", "2.2"]
    assert form.code == "giao" and [r.left for r in form.relations] == ["1.2"]


def test_a_count_alone_drops_the_relation_it_cannot_check() -> None:
    form = offered(FRAMEWORK, {"1.2"})
    assert [i.code for i in form.indicators] == ["1", "1.2"] and form.relations == ()


def test_reporting_rates_and_rates_reading_them_are_never_in_a_form() -> None:
    assert reads_rounds(FRAMEWORK, FRAMEWORK.indicator("3")) and reads_rounds(FRAMEWORK, FRAMEWORK.indicator("4"))
    assert not reads_rounds(FRAMEWORK, FRAMEWORK.indicator("1.3"))
    assert held(FRAMEWORK, None) == {"1.1", "1.2", "1.3", "2.1", "2.2"}
    assert held(FRAMEWORK, {"3", "4", "2.1"}) == {"2.1"}


def test_a_framework_without_reporting_rates_or_data_sets_is_the_framework_itself() -> None:
    plain = load_framework('code: p\ntitle: P\nindicators:\n  - {code: "1", name: Một, type: count}\n')
    assert offered(plain, None) is plain
    assert offered(FRAMEWORK, None) is not FRAMEWORK  # its reporting rates leave

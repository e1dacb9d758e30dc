"""Target kinds: each shape read into its kind, judged and worded; a plug-in kind is one class."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from chiso.catalog.loader import load_framework
from chiso.catalog.model import Framework, Indicator, Target, TargetKind, TargetPart
from chiso.errors import InputError
from chiso.evaluation import evaluate
from chiso.evaluation.kinds import (
    Context,
    Judgement,
    TargetKindType,
    kinds,
    register_kind,
    target_text,
    unregister_kind,
)
from chiso.evaluation.text import with_deadline
from chiso.values.model import EvaluationStatus, Value

# A small plan of a province of our own: a rate, a delay (lower is better), a ranking, a rating, words.
PLAN = """
code: kh
title: Kế hoạch chuyển đổi số tỉnh Thử
indicators:
  - {code: "1", name: Tỷ lệ hồ sơ trực tuyến, type: percent, direction: higher}
  - {code: "2", name: Số ngày giải quyết bình quân, type: number, unit: ngày, direction: lower}
  - {code: "3", name: Xếp hạng DTI, type: number, unit: hạng}
  - {code: "4", name: Xếp loại an toàn thông tin, type: ordinal, levels: [Loại A, Loại B, Loại C]}
  - {code: "5", name: Nền tảng đô thị thông minh, type: text}
  - {code: "6", name: Hạ tầng, type: heading, direction: higher}
  - {code: "6.1", name: Tỷ lệ hộ gia đình có cáp quang, type: percent, direction: higher}
  - {code: "6.2", name: Tỷ lệ xã có cáp quang, type: percent, direction: higher}
"""


def plan(code: str, target: str) -> Framework:
    """The plan with one target set on indicator ``code``."""
    lines = PLAN.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(f'  - {{code: "{code}",'))
    lines[index] = lines[index].rstrip("}") + f", targets: [{target}]}}"
    return load_framework("\n".join(lines))


def only_target(framework: Framework) -> tuple[Indicator, Target]:
    [(indicator, target)] = list(framework.targets())
    return indicator, target


@pytest.mark.parametrize(("code", "written", "kind", "parts", "text"), [
    ("1", "{period: 2025, value: 90%}", TargetKind.NUMBER, [(">=", "90")], "90%"),
    ("2", "{period: 2025, value: 5}", TargetKind.NUMBER, [("<=", "5")], "5"),
    ("1", '{period: 2025, value: ">50%"}', TargetKind.BOUND, [(">", "50")], ">50%"),
    ("1", '{period: 2025, value: 50%, comparator: "≥"}', TargetKind.BOUND, [(">=", "50")], "50%"),
    ("1", "{period: 2025, min: 3, max: 7}", TargetKind.RANGE, [(">=", "3"), ("<=", "7")], "từ 3% đến 7%"),
    ("3", "{kind: rank, period: 2030, value: 70}", TargetKind.RANK, [("<=", "70")], "hạng 70"),
    ("4", "{period: 2025, value: Loại A}", TargetKind.LEVEL, [], "Loại A"),
    ("5", "{period: 2025, value: Thành công}", TargetKind.QUALITATIVE, [], "Thành công"),
    ("1", "{kind: qualitative, period: 2025, value: Cơ bản hoàn thành}", TargetKind.QUALITATIVE, [],
     "Cơ bản hoàn thành"),
])
def test_each_shape_is_read_into_its_kind(code: str, written: str, kind: str, parts: list[tuple[str, str]],
                                          text: str) -> None:
    framework = plan(code, written)
    _, target = only_target(framework)
    assert target.kind == kind
    assert [(p.comparator, str(p.value)) for p in target.parts] == parts
    assert target_text(framework, target) == text


def test_a_compound_target_without_text_is_worded_from_its_parts() -> None:
    framework = plan("6", "{period: 2025, parts: [{indicator: '6.1', value: 90, label: hộ gia đình}, "
                          "{indicator: '6.2', value: 100, label: xã}]}")
    _, target = only_target(framework)
    assert (target.kind, target.text) == (TargetKind.COMPOUND, "")
    assert target_text(framework, target) == "90% hộ gia đình, 100% xã"


@pytest.mark.parametrize(("code", "written", "message"), [
    ("1", "{kind: bound, period: 2025, value: 50%}", "cần ghi dấu so sánh"),
    ("3", "{kind: rank, period: 2030, value: '70.5'}", "số nguyên dương"),
    ("5", "{kind: rank, period: 2030, value: 70}", "có giá trị là số"),
    ("1", "{kind: percentile, period: 2025, value: 9}", "loại chỉ tiêu «percentile» chưa được đăng ký"),
    ("5", "{kind: qualitative, period: 2025}", "cần «value» hoặc «text»"),
    ("4", "{period: 2025, value: Loại Z}", "mức «Loại Z» không có"),
])
def test_a_target_of_the_wrong_shape_is_refused_by_line_and_key(code: str, written: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        plan(code, written)
    assert caught.value.line is not None and "targets[0]" in str(caught.value.column)


def judged(framework: Framework, code: str, value: str, period: str = "2030") -> tuple[EvaluationStatus, str, str]:
    [found] = evaluate(framework, [Value(framework.code, code, "T1", period, value)], [], unit="T1")
    return found.status, found.result or "", found.explanation


@pytest.mark.parametrize(("value", "status", "result", "explanation"), [
    ("71", EvaluationStatus.NOT_MET, "hạng 71",
     "Xếp hạng 71, thấp hơn chỉ tiêu hạng 70 (cần hạng 70 hoặc cao hơn)."),
    ("70", EvaluationStatus.MET, "hạng 70", "Xếp hạng 70, đạt chỉ tiêu hạng 70 (cần hạng 70 hoặc cao hơn)."),
    ("12", EvaluationStatus.EXCEEDED, "hạng 12",
     "Xếp hạng 12, cao hơn chỉ tiêu hạng 70 (cần hạng 70 hoặc cao hơn)."),
])
def test_a_rank_is_better_the_smaller_it_is(value: str, status: EvaluationStatus, result: str,
                                            explanation: str) -> None:
    # the indicator's unit is «hạng»: a rank is still written «hạng 71», never «71 hạng»
    framework = plan("3", "{kind: rank, period: 2030, value: 70}")
    assert judged(framework, "3", value) == (status, result, explanation)


@pytest.mark.parametrize(("value", "status", "explanation"), [
    ("4", EvaluationStatus.EXCEEDED, "Kết quả 4 ngày thấp hơn mức chỉ tiêu 5 ngày, vượt chỉ tiêu (cần ≤ 5 ngày)."),
    ("5", EvaluationStatus.MET, "Kết quả 5 ngày đạt chỉ tiêu 5 ngày (cần ≤ 5 ngày)."),
    ("7", EvaluationStatus.NOT_MET, "Kết quả 7 ngày cao hơn chỉ tiêu 5 ngày (cần ≤ 5 ngày)."),
])
def test_lower_is_better_is_worded_the_right_way_round(value: str, status: EvaluationStatus,
                                                       explanation: str) -> None:
    framework = plan("2", "{period: 2030, value: 5}")
    found_status, _, found = judged(framework, "2", value)
    assert (found_status, found) == (status, explanation)


def test_kinds_are_forecast_only_where_a_projection_means_something() -> None:
    assert {k.name for k in kinds() if k.forecastable} == {TargetKind.NUMBER, TargetKind.BOUND}
    assert {TargetKind(k.name) for k in kinds()} == set(TargetKind)


class EvenKind(TargetKindType):
    """A plug-in: the result must be an even number («số chẵn»)."""

    name = "even"
    label = "Số chẵn"

    def parse(self, raw: dict[str, Any], indicator: Indicator, common: dict[str, Any]) -> Target:
        common["text"] = common["text"] or "số chẵn"
        return Target(kind=self.name, parts=(TargetPart(indicator.code, "=", Decimal(0)),), **common)

    def judge(self, context: Context, indicator: Indicator, target: Target) -> Judgement:
        point = context.series.latest(indicator.code)
        assert point is not None and isinstance(point.reading, Decimal)
        even = point.reading % 2 == 0
        status = EvaluationStatus.MET if even else EvaluationStatus.NOT_MET
        return Judgement(status, str(point.reading), point.period.code, "chẵn" if even else "lẻ")

    def explain(self, framework: Framework, target: Target) -> str:
        return "số chẵn"


def test_a_plug_in_kind_is_one_registered_class() -> None:
    register_kind(EvenKind)
    try:
        with pytest.raises(ValueError, match="already registered"):
            register_kind(EvenKind)
        framework = plan("2", "{kind: even, period: 2025}")
        _, target = only_target(framework)
        assert (target.kind, target_text(framework, target)) == ("even", "số chẵn")
        assert judged(framework, "2", "4", "2025")[0] is EvaluationStatus.MET
        assert judged(framework, "2", "3", "2025")[0] is EvaluationStatus.NOT_MET
    finally:
        unregister_kind("even")
    with pytest.raises(InputError, match="chưa được đăng ký"):
        plan("2", "{kind: even, period: 2025}")


@pytest.mark.parametrize(("code", "written", "shown"), [
    ("6", "{period: 2025, parts: [{indicator: '6.1', value: 90, label: hộ gia đình}, "
          "{indicator: '6.2', value: 100, label: xã}]}", "90% hộ gia đình, 100% xã đến năm 2025"),
    ("3", "{kind: rank, period: 2030, value: 70}", "hạng 70 đến năm 2030"),
    ("1", "{period: 2028, value: 100%, text: Hoàn thành vào năm 2028}", "Hoàn thành vào năm 2028"),
    ("1", '{period: "2025:2027", value: 100%}', "100% giai đoạn 2025–2027"),
])
def test_a_target_is_never_shown_empty_nor_with_its_deadline_twice(code: str, written: str, shown: str) -> None:
    framework = plan(code, written)
    _, target = only_target(framework)
    assert with_deadline(target_text(framework, target), target.due) == shown

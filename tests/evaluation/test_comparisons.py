"""Comparing results with targets: comparators, bounds, margins, ranges, compound targets and levels."""

from __future__ import annotations

import pytest

from chiso.catalog.loader import load_framework
from chiso.catalog.model import Framework
from chiso.evaluation import evaluate
from chiso.values.model import EvaluationStatus, Value


def values(rows: list[tuple[str, str, str]], framework: str) -> list[Value]:
    return [Value(framework, code, "66", period, value) for code, period, value in rows]


def number_framework(target: str, direction: str = "higher", margin: int = 0, unit: str = "") -> Framework:
    settings = f"settings: {{evaluation: {{exceeded_margin: {margin}}}}}\n" if margin else ""
    return load_framework(f"""
code: t
title: T
{settings}indicators:
  - code: "1"
    name: Chỉ số
    type: {"number" if unit else "percent"}
    {f"unit: {unit}" if unit else ""}
    direction: {direction}
    targets: [{target}]
""")


def status_of(framework: Framework, rows: list[tuple[str, str, str]], as_of: str | None = None) -> EvaluationStatus:
    found = evaluate(framework, values(rows, framework.code), [], unit="66", as_of=as_of)
    assert len(found) == 1
    return found[0].status


MET, EXCEEDED, NOT_MET = EvaluationStatus.MET, EvaluationStatus.EXCEEDED, EvaluationStatus.NOT_MET

COMPARATOR_CASES = [
    # target, direction, margin, result, expected
    ('{period: 2025, value: 90%}', "higher", 0, "90", MET),
    ('{period: 2025, value: 90%}', "higher", 0, "90.01", EXCEEDED),
    ('{period: 2025, value: 90%}', "higher", 0, "89.99", NOT_MET),
    ('{period: 2025, value: 90%}', "higher", 0, ">90", EXCEEDED),
    ('{period: 2025, value: 90%}', "higher", 0, ">=90", MET),
    ('{period: 2025, value: 90%}', "higher", 0, ">80", NOT_MET),
    ('{period: 2025, value: 90%}', "higher", 0, "<=95", NOT_MET),
    ('{period: 2025, value: 80%}', "higher", 0, "<60", NOT_MET),
    ('{period: 2025, value: 90%}', "higher", 5, "95", MET),
    ('{period: 2025, value: 90%}', "higher", 5, "95.1", EXCEEDED),
    ('{period: 2025, value: 90%}', "higher", 5, ">90", MET),
    ('{period: 2025, value: 90%}', "higher", 5, ">95", EXCEEDED),
    ('{period: 2025, value: ">50%"}', "higher", 0, "50", NOT_MET),
    ('{period: 2025, value: ">50%"}', "higher", 0, "101.9", EXCEEDED),
    ('{period: 2025, value: ">50%"}', "higher", 0, ">=50", NOT_MET),
    ('{period: 2025, value: ">50%"}', "higher", 1, "50.5", MET),
    ('{period: 2025, value: ">50%"}', "higher", 1, "51.5", EXCEEDED),
    ('{period: 2025, value: "10%"}', "lower", 0, "10", MET),
    ('{period: 2025, value: "10%"}', "lower", 0, "8", EXCEEDED),
    ('{period: 2025, value: "10%"}', "lower", 0, "12", NOT_MET),
    ('{period: 2025, value: "10%"}', "lower", 0, "<10", EXCEEDED),
    ('{period: 2025, value: "10%"}', "lower", 0, "<=10", MET),
    ('{period: 2025, value: "10%"}', "lower", 0, "<12", NOT_MET),
    ('{period: 2025, value: "10%"}', "lower", 0, ">5", NOT_MET),
    ('{period: 2025, value: "10%"}', "lower", 2, "8", MET),
    ('{period: 2025, value: "<5%"}', "lower", 0, "5", NOT_MET),
    ('{period: 2025, value: "<5%"}', "lower", 0, "4", EXCEEDED),
    ('{period: 2025, value: 100%, comparator: "="}', "higher", 0, "100", MET),
    ('{period: 2025, value: 100%, comparator: "="}', "higher", 0, "99", NOT_MET),
    ('{period: 2025, value: 100%, comparator: "="}', "higher", 0, ">=100", NOT_MET),
    ('{period: 2025, min: 3, max: 7}', "higher", 0, "5", MET),
    ('{period: 2025, min: 3, max: 7}', "higher", 0, "7", MET),
    ('{period: 2025, min: 3, max: 7}', "higher", 0, "7.5", NOT_MET),
    ('{period: 2025, min: 3, max: 7}', "higher", 0, "2", NOT_MET),
    ('{period: 2025, min: 3, max: 7}', "higher", 0, "<7", NOT_MET),
    ('{period: 2025, min: 3}', "higher", 0, ">3", MET),
]


@pytest.mark.parametrize(("target", "direction", "margin", "result", "expected"), COMPARATOR_CASES)
def test_comparators(target: str, direction: str, margin: int, result: str,
                     expected: EvaluationStatus) -> None:
    framework = number_framework(target, direction, margin)
    # judged at the deadline: before it, a result short of the target is «Đang thực hiện»
    assert status_of(framework, [("1", "2025", result)]) is expected


COMPOUND = load_framework("""
code: c
title: C
settings: {evaluation: {exceeded_margin: 1}}
indicators:
  - code: "1"
    name: Hạ tầng
    type: heading
    direction: higher
    targets:
      - period: 2025
        text: 90% hộ gia đình, 100% xã
        parts: [{indicator: "1.1", value: 90, label: hộ gia đình}, {indicator: "1.2", value: 100, label: xã}]
  - {code: "1.1", name: Hộ gia đình, type: percent, direction: higher}
  - {code: "1.2", name: Xã, type: percent, direction: higher, may_exceed_100: true}
""")


@pytest.mark.parametrize(("households", "communes", "expected", "result"), [
    ("95", "102", EXCEEDED, "95% hộ gia đình, 102% xã"),
    ("95", "100", MET, "95% hộ gia đình, 100% xã"),
    ("90", "100", MET, "90% hộ gia đình, 100% xã"),
    ("91", "102", MET, "91% hộ gia đình, 102% xã"),  # 91 is not more than the margin of 1 beyond 90
    ("89", "102", NOT_MET, "89% hộ gia đình, 102% xã"),
    (None, "100", EvaluationStatus.NO_DATA, "100% xã"),
    (None, "98.9", NOT_MET, "98,9% xã"),
    ("95", None, EvaluationStatus.NO_DATA, "95% hộ gia đình"),
    (None, None, EvaluationStatus.NO_DATA, None),
])
def test_compound_targets(households: str | None, communes: str | None, expected: EvaluationStatus,
                          result: str | None) -> None:
    rows = [(code, "2025", v) for code, v in (("1.1", households), ("1.2", communes)) if v is not None]
    [found] = evaluate(COMPOUND, values(rows, "c"), [], unit="66")
    assert (found.status, found.result) == (expected, result)


def test_compound_result_period_is_the_latest_of_its_parts() -> None:
    rows = [("1.1", "2023", "95"), ("1.2", "2024S1", "100")]
    [found] = evaluate(COMPOUND, values(rows, "c"), [], unit="66")
    assert found.period == "2024S1"


@pytest.mark.parametrize(("result", "expected"), [("Loại A", EXCEEDED), ("Loại B", MET), ("Loại C", NOT_MET)])
def test_levels_compare_by_position_best_first(result: str, expected: EvaluationStatus) -> None:
    framework = load_framework("""
code: o
title: O
indicators:
  - {code: "1", name: Xếp loại, type: ordinal, levels: [Loại A, Loại B, Loại C],
     targets: [{period: 2025, value: Loại B}]}
""")
    assert status_of(framework, [("1", "2025", result)]) is expected

"""Evaluating results against targets: the Steering Committee appendix (unit 66, 6/2023) and inline cases."""

from __future__ import annotations

import pytest

from chiso.catalog.loader import load_framework
from chiso.catalog.model import Framework
from chiso.errors import InputError
from chiso.evaluation import Evaluation, evaluate
from chiso.values.model import EvaluationStatus, RecordedEvaluation, Value

# Báo cáo của Ban Chỉ đạo về Chuyển đổi số, 8/2023: targets for 2025 and results at 6/2023.
STEERING = """
code: bcd
title: Chỉ tiêu chuyển đổi số đến năm 2025
sections:
  - code: I
    title: Phát triển chính quyền số
    indicators:
      - {code: I.2, name: Tỷ lệ hồ sơ công việc cấp tỉnh xử lý trên môi trường mạng, type: percent,
         direction: higher, targets: [{period: 2025, value: 90%}]}
      - {code: I.3, name: Tỷ lệ hồ sơ công việc cấp huyện xử lý trên môi trường mạng, type: percent,
         direction: higher, targets: [{period: 2025, value: 80%}]}
  - code: II
    title: Phát triển kinh tế số
    indicators:
      - {code: II.4, name: Doanh nghiệp có quy mô từ 500 đến 1000 người, type: count, unit: doanh nghiệp,
         direction: higher, targets: [{period: 2025, value: 20, text: 20 doanh nghiệp}]}
  - code: III
    title: Phát triển xã hội số
    indicators:
      - code: III.1
        name: Hạ tầng mạng băng rộng cáp quang
        type: heading
        direction: higher
        targets:
          - period: 2025
            text: 90% hộ gia đình, 100% xã
            parts:
              - {indicator: III.1.1, value: 90, label: hộ gia đình}
              - {indicator: III.1.2, value: 100, label: xã}
      - {code: III.1.1, name: Tỷ lệ hộ gia đình có cáp quang, type: percent, direction: higher}
      - {code: III.1.2, name: Tỷ lệ xã có cáp quang, type: percent, direction: higher}
      - {code: III.3, name: Tỷ lệ dân số có tài khoản thanh toán điện tử, type: percent, direction: higher,
         may_exceed_100: true, targets: [{period: 2025, value: ">50%"}]}
      - {code: III.4, name: Xây dựng nền tảng đô thị thông minh tại tỉnh, type: text,
         targets: [{period: 2025, value: Thành công}]}
      - {code: III.5, name: Xếp loại an toàn an ninh mạng, type: ordinal,
         levels: [Loại A, Loại B, Loại C, Loại D], targets: [{period: 2025, value: Loại A}]}
"""

STEERING_VALUES = [
    ("I.2", "2023S1", ">90"),
    ("I.3", "2023S1", "60"),
    ("III.1.2", "2023S1", "98.9"),
    ("III.3", "2023S1", "101.9"),
    ("III.4", "2023S1", "Hình thành đô thị thông minh tại tỉnh"),
    ("III.5", "2021", "Loại B"),
]


def values(rows: list[tuple[str, str, str]], framework: str = "bcd", unit: str = "66") -> list[Value]:
    return [Value(framework, code, unit, period, value) for code, period, value in rows]


def recorded(code: str, status: EvaluationStatus | None, period: str = "2023S1", unit: str = "66",
             target: str = "2025") -> RecordedEvaluation:
    return RecordedEvaluation("bcd", code, target, unit, period, status)


@pytest.fixture(scope="module")
def steering() -> dict[str, Evaluation]:
    framework = load_framework(STEERING)
    records = [recorded("I.2", EvaluationStatus.EXCEEDED), recorded("III.1", EvaluationStatus.MET)]
    found = evaluate(framework, values(STEERING_VALUES), records, unit="66", as_of="2023S1")
    return {e.indicator: e for e in found}


def test_one_evaluation_per_target_in_catalogue_order(steering: dict[str, Evaluation]) -> None:
    assert list(steering) == ["I.2", "I.3", "II.4", "III.1", "III.3", "III.4", "III.5"]


@pytest.mark.parametrize(("code", "status", "result", "period"), [
    ("I.2", EvaluationStatus.EXCEEDED, ">90%", "2023S1"),
    # short of a 2025 target in 6/2023: not reached yet, the deadline still to come
    ("I.3", EvaluationStatus.IN_PROGRESS, "60%", "2023S1"),
    ("II.4", EvaluationStatus.NO_DATA, None, None),
    ("III.1", EvaluationStatus.IN_PROGRESS, "98,9% xã", "2023S1"),
    ("III.3", EvaluationStatus.EXCEEDED, "101,9%", "2023S1"),
    ("III.4", EvaluationStatus.MANUAL, "Hình thành đô thị thông minh tại tỉnh", "2023S1"),
    ("III.5", EvaluationStatus.IN_PROGRESS, "Loại B", "2021"),
])
def test_steering_committee_statuses(steering: dict[str, Evaluation], code: str, status: EvaluationStatus,
                                     result: str | None, period: str | None) -> None:
    found = steering[code]
    assert (found.status, found.result, found.period) == (status, result, period)


def test_recorded_evaluation_agrees_or_not(steering: dict[str, Evaluation]) -> None:
    # the official wrote "Đạt chỉ tiêu" for III.1 although households have no figure and communes are at 98,9%
    assert [(c, e.disagrees) for c, e in steering.items() if e.recorded] == [("I.2", False), ("III.1", True)]
    assert steering["III.1"].recorded == recorded("III.1", EvaluationStatus.MET)


def test_explanations_are_vietnamese_sentences(steering: dict[str, Evaluation]) -> None:
    assert steering["I.3"].explanation == ("Kết quả 60% thấp hơn chỉ tiêu 80% (cần ≥ 80%). "
                                           "Chưa đến hạn (hết năm 2025) nên đang thực hiện.")
    assert steering["I.2"].explanation == "Kết quả >90% vượt chỉ tiêu 90% (cần ≥ 90%)."
    assert steering["II.4"].explanation == (
        "Chưa có số liệu của chỉ tiêu II.4 cho đơn vị 66 đến hết 6 tháng đầu năm 2023.")
    assert steering["III.1"].explanation == ("Hộ gia đình: chưa có số liệu; "
                                             "xã: 98,9% thấp hơn chỉ tiêu 100% (cần ≥ 100%). "
                                             "Chưa đến hạn (hết năm 2025) nên đang thực hiện.")
    assert steering["III.5"].explanation == ("Kết quả Loại B thấp hơn mức chỉ tiêu Loại A. "
                                             "Chưa đến hạn (hết năm 2025) nên đang thực hiện.")
    assert steering["III.4"].explanation == ("Chỉ tiêu định tính «Thành công» cần được đánh giá thủ công; "
                                             "kết quả ghi nhận: Hình thành đô thị thông minh tại tỉnh.")


def test_to_dict(steering: dict[str, Evaluation]) -> None:
    assert steering["III.1"].to_dict() == {
        "framework": "bcd", "indicator": "III.1", "unit": "66", "target_id": "2025",
        "target": "90% hộ gia đình, 100% xã", "scope": {"units": [], "types": [], "groups": []},
        "deadline": {"kind": "period", "start": "", "end": "2025", "every": ""},
        "result": "98,9% xã", "period": "2023S1", "status": "in_progress", "status_label": "Đang thực hiện",
        "recorded_status": "met", "disagrees": True, "forecast": None,
    }
    assert steering["I.2"].to_dict()["forecast"] == {
        "status": "target_achieved", "label": "Đã đạt chỉ tiêu", "progress": None, "ratio": None,
        "projected": None, "baseline_period": "2023S1",
        "reason": "Kết quả 6 tháng đầu năm 2023 (>90%) đã đạt chỉ tiêu.",
    }


def number_framework(target: str, unit: str = "") -> Framework:
    return load_framework(f"""
code: t
title: T
indicators:
  - code: "1"
    name: Chỉ số
    type: {"number" if unit else "percent"}
    {f"unit: {unit}" if unit else ""}
    direction: higher
    targets: [{target}]
""")


def status_of(framework: Framework, rows: list[tuple[str, str, str]], as_of: str | None = None) -> EvaluationStatus:
    found = evaluate(framework, values(rows, framework.code), [], unit="66", as_of=as_of)
    assert len(found) == 1
    return found[0].status


def test_qualitative_without_result_is_still_manual() -> None:
    framework = load_framework(STEERING)
    [found] = evaluate(framework, [], [], unit="66", indicator="III.4")
    assert (found.status, found.result, found.period) == (EvaluationStatus.MANUAL, None, None)
    assert found.explanation.endswith("chưa có kết quả ghi nhận.")


def test_result_is_the_latest_value_up_to_as_of() -> None:
    framework = number_framework("{period: 2025, value: 90%}")
    rows = [("1", "2022", "95"), ("1", "2023S1", "85"), ("1", "2023S2", "91")]
    found = {as_of: evaluate(framework, values(rows, "t"), [], unit="66", as_of=as_of)[0]
             for as_of in ("2022", "2023S1", "2023")}
    assert [(f.result, f.period) for f in found.values()] == [
        ("95%", "2022"), ("85%", "2023S1"), ("91%", "2023S2")]
    assert evaluate(framework, values(rows, "t"), [], unit="66")[0].period == "2023S2"
    assert status_of(framework, rows, as_of="2021") is EvaluationStatus.NO_DATA


def test_a_year_figure_wins_over_the_half_year_ending_the_same_day() -> None:
    framework = number_framework("{period: 2025, value: 90%}")
    rows = [("1", "2023", "92"), ("1", "2023S2", "85")]
    assert evaluate(framework, values(rows, "t"), [], unit="66")[0].period == "2023"


def test_other_units_and_frameworks_are_ignored() -> None:
    framework = number_framework("{period: 2025, value: 90%}")
    rows = values([("1", "2023", "95")], "t", unit="67") + values([("1", "2023", "95")], "other")
    assert status_of(framework, [("1", "2023", "95")]) is EvaluationStatus.EXCEEDED  # unit 66 does count
    assert evaluate(framework, rows, [], unit="66")[0].status is EvaluationStatus.NO_DATA


def test_recorded_evaluation_is_the_latest_made_by_as_of_for_the_same_target_and_unit() -> None:
    framework = load_framework(STEERING)
    records = iter([  # an iterator: evaluate must read it once for all targets
        recorded("I.3", EvaluationStatus.MET, "2022S2"),
        recorded("I.3", EvaluationStatus.NOT_MET, "2023S1"),
        recorded("I.3", EvaluationStatus.EXCEEDED, "2023S2"),
        recorded("I.3", EvaluationStatus.EXCEEDED, "2023S1", unit="67"),
        recorded("I.3", EvaluationStatus.EXCEEDED, "2023S1", target="2030"),
        recorded("I.2", None, "2023S1"),
    ])
    found = {e.indicator: e for e in evaluate(framework, values(STEERING_VALUES), records, unit="66",
                                              as_of="2023S1")}
    assert found["I.3"].recorded == recorded("I.3", EvaluationStatus.NOT_MET, "2023S1")
    assert found["I.3"].disagrees is False
    # a blank recorded status cannot disagree with anything
    assert (found["I.2"].recorded is not None, found["I.2"].disagrees) == (True, False)
    assert found["I.2"].to_dict()["recorded_status"] is None


def test_one_indicator_only_and_unknown_codes() -> None:
    framework = load_framework(STEERING)
    assert [e.indicator for e in evaluate(framework, [], [], unit="66", indicator="III.5")] == ["III.5"]
    with pytest.raises(InputError, match="không có chỉ tiêu IX.9"):
        evaluate(framework, [], [], unit="66", indicator="IX.9")


def test_count_results_carry_their_unit() -> None:
    framework = number_framework("{period: 2025, value: 20, text: 20 doanh nghiệp}", unit="doanh nghiệp")
    [found] = evaluate(framework, values([("1", "2024", "1500")], "t"), [], unit="66")
    assert (found.status, found.result) == (EvaluationStatus.EXCEEDED, "1.500 doanh nghiệp")
    assert found.explanation == (
        "Kết quả 1.500 doanh nghiệp vượt chỉ tiêu 20 doanh nghiệp (cần ≥ 20 doanh nghiệp).")

"""Deadlines: one period, a phase, a recurring target; «Đang thực hiện» before the deadline, «Chưa đạt» from it."""

from __future__ import annotations

import pytest

from chiso.catalog.loader import load_framework
from chiso.catalog.model import Deadline, DeadlineKind, Framework
from chiso.errors import InputError
from chiso.evaluation import Evaluation, evaluate
from chiso.evaluation.text import deadline_label, with_deadline
from chiso.values.model import EvaluationStatus, RecordedEvaluation, Value

IN_PROGRESS, NOT_MET, MET = EvaluationStatus.IN_PROGRESS, EvaluationStatus.NOT_MET, EvaluationStatus.MET


def plan(targets: str, settings: str = "settings: {evaluation: {on_track: 0.95, moderate: 0.6}}") -> Framework:
    return load_framework(f"""
code: dl
title: Kế hoạch thử
{settings}
indicators:
  - {{code: "1", name: Tỷ lệ hồ sơ trực tuyến, type: percent, direction: higher, targets: {targets}}}
  - {{code: "2", name: Số bộ dữ liệu mở công bố, type: count, unit: bộ dữ liệu, direction: higher,
     period_rollup: sum}}
""")


def run(framework: Framework, rows: list[tuple[str, str, str]], as_of: str | None = None,
        recorded: list[RecordedEvaluation] | None = None) -> list[Evaluation]:
    values = [Value("dl", code, "T1", period, value) for code, period, value in rows]
    return evaluate(framework, values, recorded or [], unit="T1", as_of=as_of)


@pytest.mark.parametrize(("written", "deadline", "label"), [
    ("{period: 2025, value: 90%}", Deadline("2025"), "năm 2025"),
    ("{period: 2025s1, value: 90%}", Deadline("2025S1"), "6 tháng đầu năm 2025"),
    ('{period: "2025:2027", value: 90%}', Deadline("2027", "2025"), "giai đoạn 2025–2027"),
    ('{period: "2025Q1:2025Q4", value: 90%}', Deadline("2025Q4", "2025Q1"), "giai đoạn quý I/2025–quý IV/2025"),
    ('{period: "2025:2030", every: year, value: 90%}', Deadline("2030", "2025", "year"),
     "hằng năm, giai đoạn 2025–2030"),
    ('{period: "2025:2026", every: quarter, value: 90%}', Deadline("2026", "2025", "quarter"),
     "hằng quý, giai đoạn 2025–2026"),
    ('{period: "2025:2026", every: half, value: 90%}', Deadline("2026", "2025", "half"),
     "mỗi nửa năm, giai đoạn 2025–2026"),
])
def test_deadlines_are_read_and_labelled(written: str, deadline: Deadline, label: str) -> None:
    [(_, target)] = list(plan(f"[{written}]").targets())
    assert (target.due, target.period, deadline_label(target.due)) == (deadline, deadline.end, label)


def test_kinds_and_default_ids_of_deadlines() -> None:
    framework = plan('[{period: 2025, value: 50%}, {period: "2025:2027", value: 70%}, '
                     '{period: "2025:2030", every: year, value: 90%}]')
    targets = [t for _, t in framework.targets()]
    assert [(t.id, t.due.kind) for t in targets] == [
        ("2025", DeadlineKind.PERIOD), ("2025:2027", DeadlineKind.PHASE), ("2025:2030", DeadlineKind.RECURRING)]


@pytest.mark.parametrize(("written", "message"), [
    ('{period: "2027:2025", value: 90%}', "phải bắt đầu trước khi kết thúc"),
    ('{period: "2025:2025", value: 90%}', "phải bắt đầu trước khi kết thúc"),
    ('{period: "2025:20x7", value: 90%}', "«2025:20x7» không đúng dạng"),
    ('{period: "2025:2025Q5", value: 90%}', "hạn của chỉ tiêu «2025:2025Q5» không hợp lệ"),
    ('{period: "2025Q5", value: 90%}', "không hợp lệ"),
    ("{period: 2025, every: year, value: 90%}", "cần một giai đoạn"),
    ('{period: "2025:2030", every: week, value: 90%}', "every: «week»|week"),
    ('{period: "2025Q2:2026Q1", every: year, value: 90%}', "không gồm trọn các kỳ năm"),
])
def test_bad_deadlines_are_refused_with_their_line(written: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        plan(f"[{written}]")
    assert caught.value.line is not None


@pytest.mark.parametrize(("as_of", "value", "status", "forecast"), [
    ("2024", "60", IN_PROGRESS, True),  # not reached, a year left: in progress, with its forecast
    ("2024", "92", EvaluationStatus.EXCEEDED, True),  # reached before the deadline: exceeded already
    ("2025", "60", NOT_MET, False),  # at the deadline: failed, nothing left to forecast
    ("2026", "60", NOT_MET, False),  # after it: the same
    ("2025S1", "60", IN_PROGRESS, True),  # half a year left
])
def test_a_status_around_the_deadline(as_of: str, value: str, status: EvaluationStatus, forecast: bool) -> None:
    framework = plan("[{period: 2025, value: 90%}]")
    [found] = run(framework, [("1", "2021", "20"), ("1", as_of, value)], as_of=as_of)
    assert (found.status, found.forecast is not None) == (status, forecast)


def test_without_as_of_the_latest_result_is_the_evaluation_point() -> None:
    framework = plan("[{period: 2025, value: 90%}]")
    assert run(framework, [("1", "2024", "60")])[0].status is IN_PROGRESS
    [late] = run(framework, [("1", "2024", "60"), ("1", "2025", "70")])
    assert (late.status, late.forecast, late.status.label) == (NOT_MET, None, "Chưa đạt")


def test_an_officials_not_met_before_the_deadline_is_no_disagreement() -> None:
    framework = plan("[{period: 2025, value: 90%}]")
    said = [RecordedEvaluation("dl", "1", "2025", "T1", "2024", NOT_MET)]
    [found] = run(framework, [("1", "2024", "60")], recorded=said)
    assert (found.status, found.disagrees) == (IN_PROGRESS, False)
    said = [RecordedEvaluation("dl", "1", "2025", "T1", "2024", MET)]
    assert run(framework, [("1", "2024", "60")], recorded=said)[0].disagrees is True


def test_a_phase_is_judged_on_its_own_results_from_its_start() -> None:
    framework = plan('[{period: "2025:2027", value: 90%}]')
    rows = [("1", "2023", "95"), ("1", "2024", "50"), ("1", "2025", "60"), ("1", "2026", "75")]
    [found] = run(framework, rows, as_of="2026")
    # 95% in 2023 is before the phase and does not count; 75% in 2026 is short, a year of the phase left
    assert (found.status, found.result, found.period) == (IN_PROGRESS, "75%", "2026")
    assert found.forecast is not None and found.forecast.baseline_period == "2024"  # the latest before it
    [ended] = run(framework, [*rows, ("1", "2027", "80")])
    assert (ended.status, ended.forecast) == (NOT_MET, None)
    [before] = run(framework, [("1", "2023", "95")], as_of="2024")
    assert before.status is EvaluationStatus.NO_DATA  # nothing within the phase yet


def test_a_phase_without_earlier_results_starts_from_its_earliest() -> None:
    framework = plan('[{period: "2025:2027", value: 90%}]')
    [found] = run(framework, [("1", "2025", "60"), ("1", "2026", "75")], as_of="2026")
    assert found.forecast is not None and found.forecast.baseline_period == "2025"


@pytest.mark.parametrize(("rows", "as_of", "status", "result", "starts"), [
    ([("2", "2025", "6"), ("2", "2026Q1", "2")], "2026S1", IN_PROGRESS, "2 bộ dữ liệu", "Năm 2026: "),
    ([("2", "2025", "6"), ("2", "2026", "4")], "2026", NOT_MET, "4 bộ dữ liệu", "Năm 2026: "),
    ([("2", "2025", "6"), ("2", "2026", "4")], "2025", EvaluationStatus.EXCEEDED, "6 bộ dữ liệu", "Năm 2025: "),
    ([("2", "2025", "6"), ("2", "2026", "5")], None, MET, "5 bộ dữ liệu", "Năm 2026: "),
    ([("2", "2024", "9")], "2024", EvaluationStatus.NO_DATA, None, "Năm 2025: "),
])
def test_a_recurring_target_is_judged_on_the_occurrence_of_the_evaluation_point(
        rows: list[tuple[str, str, str]], as_of: str | None, status: EvaluationStatus, result: str | None,
        starts: str) -> None:
    framework = load_framework("""
code: dl
title: Kế hoạch thử
indicators:
  - {code: "2", name: Số bộ dữ liệu mở công bố, type: count, unit: bộ dữ liệu, direction: higher,
     targets: [{period: "2025:2030", every: year, value: 5, text: mỗi năm 05 bộ dữ liệu mở}]}
""")
    [found] = run(framework, rows, as_of=as_of)
    assert (found.status, found.result) == (status, result)
    assert found.explanation.startswith(starts)


def test_each_occurrence_is_its_own_deadline_and_gets_no_forecast_once_over() -> None:
    framework = plan('[{period: "2025:2030", every: year, value: 90%}]')
    [during] = run(framework, [("1", "2025", "70"), ("1", "2026S1", "80")], as_of="2026S1")
    [over] = run(framework, [("1", "2025", "70"), ("1", "2026", "80")], as_of="2026")
    assert (during.status, during.forecast is not None) == (IN_PROGRESS, True)
    assert (over.status, over.forecast) == (NOT_MET, None)
    assert "hết năm 2026" in during.explanation


@pytest.mark.parametrize(("text", "deadline", "shown"), [
    ("80%", Deadline("2025"), "80% đến năm 2025"),
    ("Hoàn thành vào năm 2028", Deadline("2028"), "Hoàn thành vào năm 2028"),
    ("100%", Deadline("2027", "2025"), "100% giai đoạn 2025–2027"),
    ("mỗi năm 05 bộ dữ liệu mở giai đoạn 2025–2030", Deadline("2030", "2025", "year"),
     "mỗi năm 05 bộ dữ liệu mở giai đoạn 2025–2030"),
    ("5", Deadline("2030", "2025", "year"), "5 hằng năm, giai đoạn 2025–2030"),
])
def test_a_target_with_its_deadline_never_says_it_twice(text: str, deadline: Deadline, shown: str) -> None:
    assert with_deadline(text, deadline) == shown


@pytest.mark.parametrize(("today", "as_of", "status"), [
    ("2025-12-31", None, IN_PROGRESS),  # the last day of the deadline: still under way
    ("2026-01-01", None, NOT_MET),  # the day after: the latest result (2024) missed it
    ("2026-01-01", "2024", IN_PROGRESS),  # an evaluation as of a period is judged at that period, whatever today
    (None, None, IN_PROGRESS),  # no day given: judged at the latest result, as before
])
def test_a_deadline_passed_today_is_due_even_on_older_results(today: str | None, as_of: str | None,
                                                                  status: EvaluationStatus) -> None:
    from datetime import date

    from chiso.evaluation.evaluate import evaluate_series
    from chiso.evaluation.series import Series
    from chiso.periods import Period

    framework = plan("[{period: 2025, value: 90%}]")
    cutoff = Period.parse(as_of) if as_of else None
    series = Series(framework, [Value("dl", "1", "T1", "2024", "70")], "T1", cutoff)
    [found] = evaluate_series(framework, series, [], unit="T1", as_of=cutoff,
                              today=date.fromisoformat(today) if today else None)
    assert found.status is status
    assert (found.forecast is None) is (status is NOT_MET)

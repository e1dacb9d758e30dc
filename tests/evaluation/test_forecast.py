"""Forecasts: compound annual growth since the baseline, projected to the deadline (UNSD 2023 / EUSTAT)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chiso.catalog.loader import load_framework
from chiso.catalog.model import Framework
from chiso.evaluation import Forecast, ForecastStatus, evaluate
from chiso.values.model import Value

# Days between the period ends, as years_between counts them: 2021→2024 spans a leap day.
YEARS_2021_2024 = 1096 / 365.25
YEARS_2024_2025 = 365 / 365.25


def framework(target: str, direction: str = "higher", thresholds: tuple[str, str] | None = ("0.95", "0.6"),
              settings: str = "") -> Framework:
    if thresholds is not None:
        settings = f"settings: {{evaluation: {{on_track: {thresholds[0]}, moderate: {thresholds[1]}}}}}"
    return load_framework(f"""
code: f
title: F
{settings}
indicators:
  - {{code: "1", name: Chỉ số, type: percent, direction: {direction}, targets: [{target}]}}
""")


def forecast_of(fw: Framework, rows: list[tuple[str, str]], as_of: str | None = None) -> Forecast:
    found = evaluate(fw, [Value("f", "1", "66", period, value) for period, value in rows], [], unit="66",
                     as_of=as_of)
    assert found[0].forecast is not None
    return found[0].forecast


WITH_BASELINE = '{period: 2025, value: 50%, baseline: {period: 2021, value: "18.95"}}'
WITHOUT_BASELINE = "{period: 2025, value: 50%}"


def by_hand(base: float, latest: float, target: float, years: float, horizon: float,
            sign: int = 1) -> tuple[float, float, float]:
    """(projected, ratio, progress) written out from the formulas, independently of the code."""
    growth = (latest / base) ** (1 / years)  # 1 + CAGR
    projected = latest * growth ** horizon
    span = abs(target - base)
    return projected, sign * (projected - base) / span, sign * (latest - base) / span


def test_worked_example_from_a_declared_baseline() -> None:
    # 18,95 in 2021, 37,96 in 2024: CAGR ≈ 26,05%/year → ≈ 47,84 by the end of 2025, short of 50.
    projected, ratio, progress = by_hand(18.95, 37.96, 50, YEARS_2021_2024, YEARS_2024_2025)
    found = forecast_of(framework(WITH_BASELINE), [("2024", "37.96")])
    assert found.projected is not None and found.ratio is not None and found.progress is not None
    assert float(found.projected) == pytest.approx(projected, abs=5e-5)
    assert float(found.ratio) == pytest.approx(ratio, abs=5e-5)
    assert float(found.progress) == pytest.approx(progress, abs=5e-5)
    assert [n.as_tuple().exponent for n in (found.projected, found.ratio, found.progress)] == [-4, -4, -4]
    assert (found.status, found.label, found.baseline_period) == (
        ForecastStatus.MODERATE, "Có tiến bộ nhưng cần đẩy nhanh", "2021")


def test_worked_example_reason_and_dict() -> None:
    found = forecast_of(framework(WITH_BASELINE), [("2024", "37.96")])
    assert found.to_dict() == {
        "status": "moderate", "label": "Có tiến bộ nhưng cần đẩy nhanh",
        "progress": "0.6122", "ratio": "0.9305", "projected": "47.8417", "baseline_period": "2021",
        "reason": "Tăng bình quân 26,05%/năm từ năm 2021 (18,95%) đến năm 2024 (37,96%); giữ tốc độ này "
                  "thì đến hết năm 2025 dự kiến đạt 47,84%, bằng 0,9305 chặng đường từ kỳ gốc đến chỉ tiêu "
                  "(ngưỡng đúng tiến độ 0,95, có tiến bộ 0,6).",
    }


def test_without_a_declared_baseline_the_earliest_value_is_the_baseline() -> None:
    rows = [("2024", "37.96"), ("2022", "25"), ("2021", "18.95"), ("2025", "49")]
    found = forecast_of(framework(WITHOUT_BASELINE), rows, as_of="2024")
    assert (found.baseline_period, found.projected, found.ratio) == (
        "2021", Decimal("47.8417"), Decimal("0.9305"))


@pytest.mark.parametrize(("thresholds", "expected"), [
    (("0.9", "0.6"), ForecastStatus.ON_TRACK),
    (("0.9305", "0.6"), ForecastStatus.ON_TRACK),  # the ratio as shown, 0,9305, reaches the threshold
    (("0.9306", "0.6"), ForecastStatus.MODERATE),
    (("0.95", "0.6"), ForecastStatus.MODERATE),
    (("0.99", "0.95"), ForecastStatus.OFF_TRACK),
])
def test_thresholds_rate_the_ratio(thresholds: tuple[str, str], expected: ForecastStatus) -> None:
    fw = framework(WITH_BASELINE, thresholds=thresholds)
    assert forecast_of(fw, [("2024", "37.96")]).status is expected


def test_thresholds_written_in_the_framework_file() -> None:
    settings = "settings: {evaluation: {on_track: 1, moderate: 0}}"
    fw = framework(WITH_BASELINE, thresholds=None, settings=settings)
    assert forecast_of(fw, [("2024", "37.96")]).status is ForecastStatus.MODERATE


def test_missing_thresholds_are_not_silently_defaulted() -> None:
    found = forecast_of(framework(WITH_BASELINE, thresholds=None), [("2024", "37.96")])
    assert found.status is ForecastStatus.NOT_AVAILABLE
    assert found.label == "Không đủ số liệu để dự báo"
    assert found.reason.startswith("Chưa cấu hình ngưỡng xếp loại tiến độ (on_track, moderate")
    assert found.ratio == Decimal("0.9305")  # the numbers are still shown; only the rating is withheld


def test_one_point_is_not_enough() -> None:
    found = forecast_of(framework(WITHOUT_BASELINE), [("2024", "37.96")])
    assert (found.status, found.ratio, found.projected, found.progress) == (
        ForecastStatus.NOT_AVAILABLE, None, None, None)
    assert "cần ít nhất hai kỳ" in found.reason


def test_no_value_at_all() -> None:
    found = forecast_of(framework(WITH_BASELINE), [])
    assert (found.status, found.baseline_period, found.reason) == (
        ForecastStatus.NOT_AVAILABLE, None, "Chưa có số liệu để dự báo.")


def test_a_sign_change_cannot_be_projected() -> None:
    found = forecast_of(framework(WITHOUT_BASELINE, direction="higher"), [("2021", "-5"), ("2024", "3")])
    assert found.status is ForecastStatus.NOT_AVAILABLE
    assert "cùng dấu" in found.reason


def test_deterioration() -> None:
    projected, ratio, _ = by_hand(40, 30, 50, 730 / 365.25, 731 / 365.25)
    found = forecast_of(framework(WITHOUT_BASELINE), [("2021", "40"), ("2023", "30")])
    assert ratio < 0  # the hand computation itself says "worse than the baseline"
    assert found.status is ForecastStatus.DETERIORATION
    assert found.ratio is not None and found.projected is not None
    assert float(found.ratio) == pytest.approx(ratio, abs=5e-5)
    assert float(found.projected) == pytest.approx(projected, abs=5e-5)
    assert found.reason.startswith("Giảm bình quân 13,41%/năm")


def test_lower_is_better_flips_the_sign() -> None:
    # 20% in 2022 down to 15% in 2024 against a ceiling of 10% by 2025: the fall is progress.
    projected, ratio, progress = by_hand(20, 15, 10, 731 / 365.25, YEARS_2024_2025, sign=-1)
    found = forecast_of(framework('{period: 2025, value: "10%"}', direction="lower"),
                        [("2022", "20"), ("2024", "15")])
    assert found.ratio is not None and found.progress is not None
    assert ratio > 0  # by hand: the fall counts as progress
    assert float(found.ratio) == pytest.approx(ratio, abs=5e-5)
    assert float(found.progress) == pytest.approx(progress, abs=5e-5)
    assert found.status is ForecastStatus.MODERATE


def test_target_already_reached() -> None:
    found = forecast_of(framework(WITH_BASELINE), [("2024", "52")])
    assert (found.status, found.label) == (ForecastStatus.TARGET_ACHIEVED, "Đã đạt chỉ tiêu")
    assert found.progress == Decimal("1.0644")  # (52 − 18,95) / (50 − 18,95) = 33,05 / 31,05
    assert found.reason.startswith("Kết quả năm 2024 (52%) đã đạt chỉ tiêu.")


def test_after_the_deadline_there_is_no_forecast() -> None:
    fw = framework('{period: 2025, value: 50%, baseline: {period: 2021, value: "10"}}')
    for period in ("2025", "2026"):
        [found] = evaluate(fw, [Value("f", "1", "66", period, "40")], [], unit="66")
        assert (found.status.value, found.forecast) == ("not_met", None)


def test_only_single_number_targets_get_a_forecast() -> None:
    fw = load_framework("""
code: f
title: F
indicators:
  - {code: "1", name: Khoảng, type: percent, direction: higher, targets: [{period: 2025, min: 3, max: 7}]}
  - {code: "2", name: Mức, type: ordinal, levels: [A, B], targets: [{period: 2025, value: A}]}
  - {code: "3", name: Chữ, type: text, targets: [{period: 2025, value: Thành công}]}
  - {code: "4", name: Số, type: percent, direction: higher, targets: [{period: 2025, value: 5%}]}
""")
    rows = [("1", "2021", "4"), ("1", "2023", "5"), ("2", "2021", "B"), ("3", "2021", "x")]
    found = evaluate(fw, [Value("f", code, "66", p, v) for code, p, v in rows], [], unit="66")
    assert [e.forecast is None for e in found] == [True, True, True, False]

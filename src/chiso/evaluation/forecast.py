"""Will the target be reached by its deadline? The UNSD 2023 projection, as EUSTAT reads it.

The latest value is carried to the deadline at its compound annual growth since the baseline, and the
projected change is set against the change the target asks for:
``ratio = d·(projected − base) / |target − base|`` with d = +1 when higher is better, −1 otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from chiso.catalog.model import Direction, Framework, Indicator, Target, TargetPart
from chiso.evaluation.compare import part_status
from chiso.evaluation.judge import Window
from chiso.evaluation.kinds import is_forecastable
from chiso.evaluation.series import Point, Series
from chiso.evaluation.settings import EvaluationSettings
from chiso.evaluation.text import in_sentence, number_text, reading_text
from chiso.periods import Period, years_between
from chiso.values.model import Bound, EvaluationStatus, Reading
from chiso.values.numbers import format_decimal

_PLACES = Decimal("0.0001")


class ForecastStatus(StrEnum):
    TARGET_ACHIEVED = "target_achieved"
    ON_TRACK = "on_track"
    MODERATE = "moderate"
    OFF_TRACK = "off_track"
    DETERIORATION = "deterioration"
    NOT_AVAILABLE = "not_available"

    @property
    def label(self) -> str:
        return FORECAST_LABELS[self]


FORECAST_LABELS = {
    ForecastStatus.TARGET_ACHIEVED: "Đã đạt chỉ tiêu",
    ForecastStatus.ON_TRACK: "Đúng tiến độ",
    ForecastStatus.MODERATE: "Có tiến bộ nhưng cần đẩy nhanh",
    ForecastStatus.OFF_TRACK: "Chậm tiến độ",
    ForecastStatus.DETERIORATION: "Đi xuống",
    ForecastStatus.NOT_AVAILABLE: "Không đủ số liệu để dự báo",
}


@dataclass(frozen=True)
class Forecast:
    """Where a numeric target is heading; numbers are None when they cannot be computed."""

    status: ForecastStatus
    progress: Decimal | None  # share of the way from baseline to target already covered
    ratio: Decimal | None  # share of that way covered by the deadline at the current growth
    projected: Decimal | None  # value expected at the deadline
    baseline_period: str | None
    reason: str

    @property
    def label(self) -> str:
        return self.status.label

    def to_dict(self) -> dict[str, str | None]:
        numbers = {"progress": self.progress, "ratio": self.ratio, "projected": self.projected}
        shown = {key: None if value is None else str(value) for key, value in numbers.items()}
        return {"status": self.status.value, "label": self.label, **shown,
                "baseline_period": self.baseline_period, "reason": self.reason}


@dataclass(frozen=True)
class _Anchor:
    period: Period
    value: Decimal


@dataclass(frozen=True)
class _Trend:
    base: _Anchor
    latest: _Anchor
    deadline: Period
    growth: Decimal  # compound annual growth rate, 0.26 = 26% a year
    projected: Decimal
    ratio: Decimal
    progress: Decimal


def forecast(framework: Framework, target: Target, series: Series, settings: EvaluationSettings,
             window: Window | None = None) -> Forecast | None:
    """The forecast of a single-number target to the end of ``window`` (its deadline by default); None for
    kinds that cannot be projected."""
    if not is_forecastable(target.kind):
        return None
    window = window or Window(None, Period.parse(target.period))
    part = target.parts[0]
    indicator = framework.indicator(part.indicator)
    point = window.results(series).latest(part.indicator)
    latest = _anchor(point.period, point.reading) if point else None
    if point is None or latest is None:
        return Forecast(ForecastStatus.NOT_AVAILABLE, None, None, None, None, "Chưa có số liệu để dự báo.")
    base = _baseline(target, series, part.indicator, window)
    trend = _trend(indicator, part, base, latest, window.end)
    if _achieved(point.reading, part, settings):
        return _achieved_forecast(indicator, point, trend, base)
    return _judged(indicator, trend, base, settings)


def _anchor(period: Period, reading: Reading) -> _Anchor | None:
    # a bound counts by its bound, as everywhere else in arithmetic
    if isinstance(reading, Bound):
        return _Anchor(period, reading.limit)
    return _Anchor(period, reading) if isinstance(reading, Decimal) else None


def _baseline(target: Target, series: Series, code: str, window: Window) -> _Anchor | None:
    """Declared, else for a phase the latest result before it starts or the earliest within it, else the
    earliest result of all."""
    if target.baseline is not None:
        return _Anchor(Period.parse(target.baseline.period), target.baseline.value)
    before = series.latest_before(code, window.start) if window.start is not None else None
    found = before or window.results(series).earliest(code)
    return _anchor(found.period, found.reading) if found else None


def _achieved(reading: Reading, part: TargetPart, settings: EvaluationSettings) -> bool:
    if not isinstance(reading, Decimal | Bound):
        return False
    status = part_status(reading, part.comparator, part.value, settings.exceeded_margin)
    return status is not EvaluationStatus.NOT_MET


def _trend(indicator: Indicator, part: TargetPart, base: _Anchor | None, latest: _Anchor,
           deadline: Period) -> _Trend | str:
    """The projection, or the reason (in Vietnamese) why the data cannot support one."""
    problem = _unusable(indicator, part, base, latest)
    if problem or base is None:
        return problem or "Chưa có giá trị kỳ gốc."
    years = years_between(base.period, latest.period)
    # A growth rate is an estimate shown to a hundredth of a percent: floating point is precise enough for
    # its fractional powers, which in Decimal cost a hundred times as much.
    growth = Decimal(repr(float(latest.value / base.value) ** (1 / years)))
    # once the deadline has passed there is nothing left to extrapolate: the latest value is final
    horizon = max(0.0, years_between(latest.period, deadline))
    projected = latest.value * Decimal(repr(float(growth) ** horizon))
    sign = 1 if indicator.direction is Direction.HIGHER else -1
    span = abs(part.value - base.value)
    return _Trend(base, latest, deadline, growth - 1, projected,
                  sign * (projected - base.value) / span, sign * (latest.value - base.value) / span)


def _unusable(indicator: Indicator, part: TargetPart, base: _Anchor | None, latest: _Anchor) -> str:
    if indicator.direction is None:
        return f"Chỉ tiêu {indicator.code} chưa khai báo hướng tốt (direction)."
    if base is None:
        return "Chưa có giá trị kỳ gốc."
    if years_between(base.period, latest.period) <= 0:
        return (f"Chỉ có số liệu {in_sentence(latest.period)}; cần ít nhất hai kỳ, "
                f"kỳ gốc trước kỳ mới nhất, để tính tốc độ tăng bình quân.")
    if base.value * latest.value <= 0:
        return "Giá trị kỳ gốc và kỳ mới nhất phải khác 0 và cùng dấu để tính tốc độ tăng bình quân."
    if part.value == base.value:
        return "Chỉ tiêu bằng giá trị kỳ gốc nên không đo được chặng đường cần đi."
    return ""


def _achieved_forecast(indicator: Indicator, latest: Point, trend: _Trend | str,
                       base: _Anchor | None) -> Forecast:
    shown = reading_text(indicator, latest.reading)
    reason = f"Kết quả {in_sentence(latest.period)} ({shown}) đã đạt chỉ tiêu."
    if isinstance(trend, str):
        return Forecast(ForecastStatus.TARGET_ACHIEVED, None, None, None, _code(base), reason)
    return _from_trend(ForecastStatus.TARGET_ACHIEVED, trend, reason)


def _judged(indicator: Indicator, trend: _Trend | str, base: _Anchor | None,
            settings: EvaluationSettings) -> Forecast:
    if isinstance(trend, str):
        return Forecast(ForecastStatus.NOT_AVAILABLE, None, None, None, _code(base), trend)
    if settings.on_track is None or settings.moderate is None:
        reason = ("Chưa cấu hình ngưỡng xếp loại tiến độ (on_track, moderate trong settings.evaluation) "
                  "nên chưa thể dự báo. " + _projection(indicator, trend) + ".")
        return _from_trend(ForecastStatus.NOT_AVAILABLE, trend, reason)
    # rated on the ratio as shown, so a reader comparing it with the thresholds sees the same verdict
    status = _rating(_quantized(trend.ratio), settings.on_track, settings.moderate)
    thresholds = f"ngưỡng đúng tiến độ {_num(settings.on_track)}, có tiến bộ {_num(settings.moderate)}"
    return _from_trend(status, trend, f"{_projection(indicator, trend)} ({thresholds}).")


def _rating(ratio: Decimal, on_track: Decimal, moderate: Decimal) -> ForecastStatus:
    if ratio >= on_track:
        return ForecastStatus.ON_TRACK
    if ratio >= moderate:
        return ForecastStatus.MODERATE
    return ForecastStatus.OFF_TRACK if ratio >= 0 else ForecastStatus.DETERIORATION


def _projection(indicator: Indicator, trend: _Trend) -> str:
    """ "Tăng bình quân 26,04%/năm từ năm 2021 (18,95) đến năm 2024 (37,96); … dự kiến đạt …" """
    change = "Tăng" if trend.growth >= 0 else "Giảm"
    rate = format_decimal(abs(trend.growth) * 100, "vi", decimals=2)
    since = f"{in_sentence(trend.base.period)} ({number_text(indicator, trend.base.value)})"
    until = f"{in_sentence(trend.latest.period)} ({number_text(indicator, trend.latest.value)})"
    projected = number_text(indicator, trend.projected, decimals=2)
    return (f"{change} bình quân {rate}%/năm từ {since} đến {until}; giữ tốc độ này thì đến hết "
            f"{in_sentence(trend.deadline)} dự kiến đạt {projected}, "
            f"bằng {_num(_quantized(trend.ratio))} chặng đường từ kỳ gốc đến chỉ tiêu")


def _from_trend(status: ForecastStatus, trend: _Trend, reason: str) -> Forecast:
    return Forecast(status, _quantized(trend.progress), _quantized(trend.ratio), _quantized(trend.projected),
                    trend.base.period.code, reason)


def _quantized(value: Decimal) -> Decimal:
    return value.quantize(_PLACES, rounding=ROUND_HALF_UP)


def _num(value: Decimal) -> str:
    return format_decimal(value, "vi")


def _code(anchor: _Anchor | None) -> str | None:
    return anchor.period.code if anchor else None

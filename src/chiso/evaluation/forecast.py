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
from chiso.evaluation.text import number_text, period_words, reading_words
from chiso.i18n import N_, Phrase, joined, phrase
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
        """Vietnamese, as reports and the API write it; a page translates it (``chiso.i18n.translate``)."""
        return FORECAST_LABELS[self]


# The catalogue's msgids.
FORECAST_LABELS = {
    ForecastStatus.TARGET_ACHIEVED: N_("Đã đạt chỉ tiêu"),
    ForecastStatus.ON_TRACK: N_("Đúng tiến độ"),
    ForecastStatus.MODERATE: N_("Có tiến bộ nhưng cần đẩy nhanh"),
    ForecastStatus.OFF_TRACK: N_("Chậm tiến độ"),
    ForecastStatus.DETERIORATION: N_("Đi xuống"),
    ForecastStatus.NOT_AVAILABLE: N_("Không đủ số liệu để dự báo"),
}


@dataclass(frozen=True)
class Forecast:
    """Where a numeric target is heading; numbers are None when they cannot be computed."""

    status: ForecastStatus
    progress: Decimal | None  # share of the way from baseline to target already covered
    ratio: Decimal | None  # share of that way covered by the deadline at the current growth
    projected: Decimal | None  # value expected at the deadline
    baseline_period: str | None
    why: Phrase  # written out in the reader's language as ``reason``

    @property
    def label(self) -> str:
        return self.status.label

    @property
    def reason(self) -> str:
        return self.why.render()

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
        return Forecast(ForecastStatus.NOT_AVAILABLE, None, None, None, None, phrase("Chưa có số liệu để dự báo."))
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
           deadline: Period) -> _Trend | Phrase:
    """The projection, or the reason why the data cannot support one."""
    problem = _unusable(indicator, part, base, latest)
    if problem or base is None:
        return problem or phrase("Chưa có giá trị kỳ gốc.")
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


def _unusable(indicator: Indicator, part: TargetPart, base: _Anchor | None, latest: _Anchor) -> Phrase | None:
    if indicator.direction is None:
        return phrase("Chỉ tiêu {code} chưa khai báo hướng tốt (direction).", code=indicator.code)
    if base is None:
        return phrase("Chưa có giá trị kỳ gốc.")
    if years_between(base.period, latest.period) <= 0:
        return phrase("Chỉ có số liệu {period}; cần ít nhất hai kỳ, kỳ gốc trước kỳ mới nhất, để tính tốc độ tăng "
                      "bình quân.", period=period_words(latest.period))
    if base.value * latest.value <= 0:
        return phrase("Giá trị kỳ gốc và kỳ mới nhất phải khác 0 và cùng dấu để tính tốc độ tăng bình quân.")
    if part.value == base.value:
        return phrase("Chỉ tiêu bằng giá trị kỳ gốc nên không đo được chặng đường cần đi.")
    return None


def _achieved_forecast(indicator: Indicator, latest: Point, trend: _Trend | Phrase,
                       base: _Anchor | None) -> Forecast:
    reason = phrase("Kết quả {period} ({shown}) đã đạt chỉ tiêu.", period=period_words(latest.period),
                    shown=reading_words(indicator, latest.reading))
    if isinstance(trend, Phrase):
        return Forecast(ForecastStatus.TARGET_ACHIEVED, None, None, None, _code(base), reason)
    return _from_trend(ForecastStatus.TARGET_ACHIEVED, trend, reason)


def _judged(indicator: Indicator, trend: _Trend | Phrase, base: _Anchor | None,
            settings: EvaluationSettings) -> Forecast:
    if isinstance(trend, Phrase):
        return Forecast(ForecastStatus.NOT_AVAILABLE, None, None, None, _code(base), trend)
    if settings.on_track is None or settings.moderate is None:
        reason = phrase("Chưa cấu hình ngưỡng xếp loại tiến độ (on_track, moderate trong settings.evaluation) nên "
                        "chưa thể dự báo. {projection}.", projection=_projection(indicator, trend))
        return _from_trend(ForecastStatus.NOT_AVAILABLE, trend, reason)
    # rated on the ratio as shown, so a reader comparing it with the thresholds sees the same verdict
    status = _rating(_quantized(trend.ratio), settings.on_track, settings.moderate)
    reason = phrase("{projection} (ngưỡng đúng tiến độ {on_track}, có tiến bộ {moderate}).",
                    projection=_projection(indicator, trend), on_track=_num(settings.on_track),
                    moderate=_num(settings.moderate))
    return _from_trend(status, trend, reason)


def _rating(ratio: Decimal, on_track: Decimal, moderate: Decimal) -> ForecastStatus:
    if ratio >= on_track:
        return ForecastStatus.ON_TRACK
    if ratio >= moderate:
        return ForecastStatus.MODERATE
    return ForecastStatus.OFF_TRACK if ratio >= 0 else ForecastStatus.DETERIORATION


def _projection(indicator: Indicator, trend: _Trend) -> Phrase:
    """ "Tăng bình quân 26,04%/năm từ năm 2021 (18,95) đến năm 2024 (37,96); … dự kiến đạt …" """
    rose = N_("Tăng bình quân {rate}%/năm từ {since} đến {until}; giữ tốc độ này thì đến hết {deadline} dự kiến "
              "đạt {projected}, bằng {ratio} chặng đường từ kỳ gốc đến chỉ tiêu")
    fell = N_("Giảm bình quân {rate}%/năm từ {since} đến {until}; giữ tốc độ này thì đến hết {deadline} dự kiến "
              "đạt {projected}, bằng {ratio} chặng đường từ kỳ gốc đến chỉ tiêu")
    return phrase(rose if trend.growth >= 0 else fell, rate=format_decimal(abs(trend.growth) * 100, "vi", decimals=2),
                  since=_anchored(indicator, trend.base), until=_anchored(indicator, trend.latest),
                  deadline=period_words(trend.deadline), projected=number_text(indicator, trend.projected, decimals=2),
                  ratio=_num(_quantized(trend.ratio)))


def _anchored(indicator: Indicator, anchor: _Anchor) -> Phrase:
    """ «năm 2021 (18,95)»: a period and its value."""
    return joined(" ", [period_words(anchor.period), f"({number_text(indicator, anchor.value)})"])


def _from_trend(status: ForecastStatus, trend: _Trend, reason: Phrase) -> Forecast:
    return Forecast(status, _quantized(trend.progress), _quantized(trend.ratio), _quantized(trend.projected),
                    trend.base.period.code, reason)


def _quantized(value: Decimal) -> Decimal:
    return value.quantize(_PLACES, rounding=ROUND_HALF_UP)


def _num(value: Decimal) -> str:
    return format_decimal(value, "vi")


def _code(anchor: _Anchor | None) -> str | None:
    return anchor.period.code if anchor else None

"""Evaluating results against targets (đánh giá kết quả thực hiện chỉ tiêu) and forecasting progress."""

from chiso.evaluation.evaluate import Evaluation, evaluate
from chiso.evaluation.forecast import FORECAST_LABELS, Forecast, ForecastStatus
from chiso.evaluation.settings import EvaluationSettings, evaluation_settings

__all__ = [
    "FORECAST_LABELS",
    "Evaluation",
    "EvaluationSettings",
    "Forecast",
    "ForecastStatus",
    "evaluate",
    "evaluation_settings",
]

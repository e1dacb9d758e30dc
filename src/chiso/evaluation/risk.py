"""Targets at risk: still under way, and the forecast says that at the current pace the deadline will be missed."""

from __future__ import annotations

from collections.abc import Iterable

from chiso.evaluation.evaluate import Evaluation
from chiso.evaluation.forecast import ForecastStatus
from chiso.values.model import EvaluationStatus

# The forecasts of a deadline missed at the current pace, worst first.
MISSING_PACE = (ForecastStatus.DETERIORATION, ForecastStatus.OFF_TRACK, ForecastStatus.MODERATE)


def at_risk(evaluations: Iterable[Evaluation]) -> list[Evaluation]:
    """The targets still under way (not reached, not yet due) whose forecast says the deadline will be missed,
    worst forecast first; a target already missed is «Chưa đạt», not at risk."""
    risky = [e for e in evaluations if e.status is EvaluationStatus.IN_PROGRESS
             and e.forecast is not None and e.forecast.status in MISSING_PACE]
    return sorted(risky, key=lambda e: MISSING_PACE.index(e.forecast.status) if e.forecast else 0)

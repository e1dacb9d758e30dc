"""Reading values and recorded evaluations out of the store, only the columns the core's types hold."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import QuerySet

from chiso.store import models
from chiso.values import model as core

VALUE_FIELDS = ("framework__code", "indicator", "org_unit__code", "period", "value", "note", "source",
                "recorded_by", "recorded_at", "origin")
Q = TypeVar("Q", bound=QuerySet[Any])


def _scoped(query: Q, framework: str | None, unit: str | None, units: Iterable[str] | None) -> Q:
    if framework:
        query = query.filter(framework__code=framework)
    if unit:
        query = query.filter(org_unit__code=unit)
    if units is not None:
        query = query.filter(org_unit__code__in=list(units))
    return query


def values(framework: str | None = None, unit: str | None = None,
           units: Iterable[str] | None = None) -> list[core.Value]:
    query = _scoped(models.Value.objects.all(), framework, unit, units)
    query = query.order_by("framework__code", "org_unit__code", "period_end", "period", "indicator", "origin")
    return [core.Value(*row) for row in query.values_list(*VALUE_FIELDS)]


def recorded_evaluations(framework: str | None = None, unit: str | None = None,
                         units: Iterable[str] | None = None) -> list[core.RecordedEvaluation]:
    query = _scoped(models.RecordedEvaluation.objects.all(), framework, unit, units)
    query = query.order_by("framework__code", "org_unit__code", "period", "indicator", "target")
    rows = query.values_list("framework__code", "indicator", "target", "org_unit__code", "period", "status", "note",
                             "source", "recorded_by", "recorded_at")
    return [core.RecordedEvaluation(fw, ind, target, unit, period, core.EvaluationStatus(status) if status else None,
                                    note, source, by, at)
            for fw, ind, target, unit, period, status, note, source, by, at in rows]

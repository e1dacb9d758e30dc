"""Evaluating a unit's results against a framework's targets, next to what officials recorded."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from chiso.catalog.model import Framework, Indicator, Target
from chiso.errors import InputError
from chiso.evaluation.forecast import Forecast, forecast
from chiso.evaluation.judge import Context, judge
from chiso.evaluation.kinds import target_text
from chiso.evaluation.series import Series, latest_recorded
from chiso.evaluation.settings import evaluation_settings
from chiso.i18n import Phrase, verbatim
from chiso.orgunits.model import Hierarchy
from chiso.periods import Period
from chiso.values.model import EvaluationStatus, RecordedEvaluation, Value

# Both say the target is not reached: an official writing «Chưa đạt» before the deadline does not disagree.
_NOT_REACHED = frozenset({EvaluationStatus.NOT_MET, EvaluationStatus.IN_PROGRESS})


@dataclass(frozen=True)
class Evaluation:
    """One target of one indicator for one unit: computed status, recorded status and forecast."""

    framework: str
    indicator: str
    target: Target
    result: str | None
    period: str | None
    status: EvaluationStatus
    recorded: RecordedEvaluation | None
    disagrees: bool  # the official recorded a status and it says otherwise than the computed one
    forecast: Forecast | None
    explained: Phrase  # why the status: written out in the reader's language as ``explanation``
    unit: str = ""
    target_text: str = ""  # the target as shown: as written, else in its kind's words

    @property
    def explanation(self) -> str:
        return self.explained.render()

    def to_dict(self) -> dict[str, object]:
        recorded = self.recorded.status if self.recorded else None
        return {
            "framework": self.framework,
            "indicator": self.indicator,
            "unit": self.unit,
            "target_id": self.target.id,
            "target": self.target_text or self.target.text,
            "scope": self.target.scope.to_dict(),
            "deadline": self.target.due.to_dict(),
            "result": self.result,
            "period": self.period,
            "status": self.status.value,
            "status_label": self.status.label,
            "recorded_status": recorded.value if recorded else None,
            "disagrees": self.disagrees,
            "forecast": self.forecast.to_dict() if self.forecast else None,
        }


def evaluate(framework: Framework, values: Iterable[Value], recorded: Iterable[RecordedEvaluation], *,
             unit: str, as_of: str | None = None, indicator: str | None = None, unit_type: str = "",
             groups: frozenset[str] = frozenset()) -> list[Evaluation]:
    """One Evaluation per (indicator, target) set for the unit, in catalogue order, from results up to ``as_of``.

    Without ``unit_type`` and ``groups`` only the targets set for everyone or naming ``unit`` apply.
    """
    cutoff = Period.parse(as_of) if as_of else None
    return evaluate_series(framework, Series(framework, values, unit, cutoff), recorded, unit=unit, as_of=cutoff,
                           indicator=indicator, unit_type=unit_type, groups=groups)


def evaluate_series(framework: Framework, series: Series, recorded: Iterable[RecordedEvaluation], *, unit: str,
                    as_of: Period | None, indicator: str | None = None, unit_type: str = "",
                    groups: frozenset[str] = frozenset(), today: date | None = None,
                    out_of: Callable[[Period], int | None] | None = None) -> list[Evaluation]:
    """The evaluations of one unit whose results are already read (e.g. from the computed view).

    ``today`` (without ``as_of``) makes a deadline that has passed due even when the latest result is older;
    ``out_of`` says among how many units the unit's rank of a period was given.
    """
    context = Context(framework, series, evaluation_settings(framework), unit, as_of, today, out_of)
    records = list(recorded)  # read once per target, so an iterator must not run dry
    return [_evaluation(context, records, ind, target) for ind, target in _targets(framework, indicator)
            if target.scope.applies(unit, unit_type, groups)]


def unit_scope(hierarchy: Hierarchy, unit: str) -> tuple[str, frozenset[str]]:
    """The type and groups that choose a unit's targets; a group, or a unit the hierarchy lacks, is matched by
    code only."""
    if unit not in hierarchy or hierarchy.is_group(unit):
        return "", frozenset()
    return hierarchy[unit].type.value, hierarchy.groups_of(unit)


def _targets(framework: Framework, code: str | None) -> Iterator[tuple[Indicator, Target]]:
    if code is not None and not framework.has(code):
        raise InputError(f"bộ chỉ tiêu {framework.code} không có chỉ tiêu {code}",
                         expected="mã một chỉ tiêu có trong bộ chỉ tiêu")
    return ((i, t) for i, t in framework.targets() if code is None or i.code == code)


def _evaluation(context: Context, records: list[RecordedEvaluation], indicator: Indicator,
                target: Target) -> Evaluation:
    judged = judge(context, indicator, target)
    judgement = judged.judgement
    key = (context.framework.code, indicator.code, target.id, context.unit)
    record = latest_recorded(records, key, context.as_of)
    disagrees = record is not None and record.status is not None and not _agree(record.status, judgement.status)
    projection = None if judged.due else forecast(context.framework, target, context.series, context.settings,
                                                  judged.window)
    return Evaluation(context.framework.code, indicator.code, target, judgement.result, judgement.period,
                      judgement.status, record, disagrees, projection, verbatim(judgement.explanation), context.unit,
                      target_text(context.framework, target))


def _agree(recorded: EvaluationStatus, computed: EvaluationStatus) -> bool:
    return recorded is computed or {recorded, computed} <= _NOT_REACHED

"""What a target kind is: how it is read, judged and worded. Each kind is one class in one file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from chiso.catalog.model import Framework, Indicator, Target
from chiso.evaluation import text
from chiso.evaluation.series import Point, Series
from chiso.evaluation.settings import EvaluationSettings
from chiso.i18n import Phrase
from chiso.periods import Period
from chiso.values.model import EvaluationStatus


@dataclass(frozen=True)
class Judgement:
    status: EvaluationStatus
    result: str | None  # the result as a Vietnamese report writes it
    period: str | None  # code of the period the result is from
    explanation: Phrase | str  # a plug-in kind may give plain words, shown as written in every language


@dataclass(frozen=True)
class Context:
    """What every target of one evaluation run is judged against; ``series`` holds the results that count."""

    framework: Framework
    series: Series
    settings: EvaluationSettings
    unit: str
    as_of: Period | None
    today: date | None = None  # with no ``as_of``: a deadline passed by this day is due, whatever the results
    out_of: Callable[[Period], int | None] | None = None  # among how many units the unit is ranked in a period


class TargetKindType:
    """A kind of target. Subclasses set ``name`` and ``label`` and register with ``@register_kind``."""

    name: ClassVar[str]
    label: ClassVar[str]  # Vietnamese name of the kind: «Số», «Khoảng»; a catalogue msgid (N_) for a built-in
    forecastable: ClassVar[bool] = False  # whether a growth projection to the deadline means anything

    def matches(self, raw: dict[str, Any], indicator: Indicator) -> bool:
        """Whether a mapping without ``kind:`` is written in this kind's shape; plug-ins are named, not guessed."""
        return False

    def parse(self, raw: dict[str, Any], indicator: Indicator, common: dict[str, Any]) -> Target:
        """The Target of a mapping, given the fields every kind shares; InputError when it cannot be read."""
        raise NotImplementedError

    def judge(self, context: Context, indicator: Indicator, target: Target) -> Judgement:
        raise NotImplementedError

    def explain(self, framework: Framework, target: Target) -> str:
        """The target in Vietnamese words when the framework wrote no ``text:``."""
        raise NotImplementedError


def code_of(point: Point | None) -> str | None:
    return point.period.code if point else None


def no_data(context: Context, code: str) -> Judgement:
    return Judgement(EvaluationStatus.NO_DATA, None, None, text.no_data(code, context.unit, context.as_of))

"""What a cell of an appendix would write: a value or an official's evaluation, new, changed or as stored."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from chiso.appendix.model import Place
from chiso.values.model import EvaluationStatus


class Change(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    SAME = "same"


@dataclass(frozen=True)
class Proposal:
    """One figure a cell would write: a value, or an official's evaluation (then ``status``)."""

    indicator: str
    period: str
    text: str  # the canonical value, or the evaluation's note
    note: str
    place: Place
    change: Change = Change.NEW
    stored: str | None = None  # the value stored now, for a change
    status: EvaluationStatus | None = None
    target: str = ""
    judged: bool = False  # an official's evaluation (its status, or only its note), not a value


def value_proposal(code: str, period: str, text: str, note: str, place: Place,
                   stored: Mapping[tuple[str, str], str]) -> Proposal:
    """A value, told new, changed or as stored against ``stored`` (indicator, period) → the value stored now."""
    old = stored.get((code, period))
    change = Change.NEW if old is None else (Change.SAME if old == text else Change.CHANGED)
    return Proposal(code, period, text, note, place, change, old)

"""What a user asks of a report, and the data it is drawn from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from chiso.orgunits.model import Hierarchy
from chiso.periods import Period
from chiso.values.model import RecordedEvaluation, Value
from chiso.view.trees import DEFAULT_TREE, TreeChoice


@dataclass(frozen=True)
class ReportOptions:
    unit: str
    periods: tuple[Period, ...] = ()  # statistics layout: one column each; empty = every year with data
    as_of: Period | None = None  # evaluation layout: results up to this period; None = the latest
    doc_number: str = ""  # "125/BC-UBND"; blank keeps the framework's, with the number left open
    doc_date: date | None = None
    issuer: str = ""
    charts: bool = False
    summary: bool = False
    computed_only: bool = False  # evaluation column: chiso's evaluation even where an official gave one
    by_unit: bool = False  # statistics layout: a column for the unit and one for each unit below it
    tree: TreeChoice = DEFAULT_TREE  # the units of which day: by default those of the last period covered


@dataclass(frozen=True)
class ReportData:
    """The store's content a layout needs, as plain data."""

    values: tuple[Value, ...]
    recorded: tuple[RecordedEvaluation, ...] = ()
    hierarchy: Hierarchy = field(default_factory=lambda: Hierarchy([]))

    def unit_name(self, code: str) -> str:
        return self.hierarchy[code].name if code in self.hierarchy else code

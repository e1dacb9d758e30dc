"""The rows of an entry form, laid out like the appendix: sections, group headings, inputs, computed rates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from chiso.catalog.model import Framework, Indicator, ValueType
from chiso.checks import ERROR, Finding
from chiso.store import models
from chiso.view import Figure
from chiso.web.entry import sheet as sheets
from chiso.web.entry.history import Change
from chiso.web.entry.sheet import Sheet

SECTION, HEADING, INPUT, DERIVED = "section", "heading", "input", "derived"


@dataclass
class Row:
    """One line of the form. ``index`` is the indicator's place in the catalogue, used for element ids."""

    kind: str
    index: int
    code: str
    name: str
    unit: str = ""
    widget: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)
    text: str = ""  # the input's text, or the value shown when read-only or computed
    note: str = ""
    version: int = 0
    stored: str = ""  # a rate's stored value, when it differs from the one computed now
    error: str = ""
    findings: list[Finding] = field(default_factory=list)
    history: list[Change] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The value as a reader sees it: a select shows its option's label, not its key."""
        return dict(self.options).get(self.text, self.text)


@dataclass(frozen=True)
class State:
    """Everything a form's rows are drawn from."""

    framework: Framework
    stored: Mapping[str, models.Value]
    rates: Mapping[str, Figure]  # code → the rate the core computed (or the one stored, on a read-only form)
    findings: Iterable[Finding] = ()
    history: Mapping[str, list[Change]] = field(default_factory=dict)
    sheet: Sheet | None = None  # what was posted, shown again instead of the stored values


def build(state: State) -> list[Row]:
    by_code: dict[str, list[Finding]] = {}
    for finding in state.findings:
        by_code.setdefault(finding.indicator, []).append(finding)
    rows: list[Row] = []
    section = ""
    for index, indicator in enumerate(state.framework.indicators):
        if indicator.section and indicator.section != section:
            section = indicator.section
            rows.append(_section_row(state.framework, indicator, index))
        row = _row(state, indicator, index)
        row.findings = by_code.get(indicator.code, [])
        row.history = state.history.get(indicator.code, [])
        rows.append(row)
    return rows


def _section_row(framework: Framework, indicator: Indicator, index: int) -> Row:
    found = framework.section_of(indicator)
    return Row(SECTION, index, indicator.section, found.title if found else "")


def _row(state: State, indicator: Indicator, index: int) -> Row:
    if indicator.value_type is ValueType.HEADING:
        return Row(HEADING, index, indicator.code, indicator.name)
    if indicator.is_derived:
        return _derived_row(state, indicator, index)
    return _input_row(state, indicator, index)


def _derived_row(state: State, indicator: Indicator, index: int) -> Row:
    figure = state.rates.get(indicator.code)
    record = state.stored.get(indicator.code)
    row = Row(DERIVED, index, indicator.code, indicator.name, _unit(indicator),
              text=sheets.display(indicator, figure.value) if figure else "", version=_version(state, indicator.code))
    if record is not None and (figure is None or record.value != figure.value):
        row.stored = sheets.display(indicator, record.value)
    return row


def _input_row(state: State, indicator: Indicator, index: int) -> Row:
    row = Row(INPUT, index, indicator.code, indicator.name, _unit(indicator), sheets.widget(indicator),
              sheets.options(indicator), version=_version(state, indicator.code))
    if state.sheet is not None:
        row.text = state.sheet.texts.get(indicator.code, "")
        row.note = state.sheet.notes.get(indicator.code, "")
        row.error = state.sheet.errors.get(indicator.code, "")
    elif (record := state.stored.get(indicator.code)) is not None:
        row.text, row.note = sheets.input_text(indicator, record.value), record.note
    return row


def _version(state: State, code: str) -> int:
    # A form shown again after a refused save keeps the versions it was loaded with, so that saving
    # again is refused too until it is reloaded.
    if state.sheet is not None:
        return state.sheet.versions.get(code, 0)
    record = state.stored.get(code)
    return record.version if record is not None else 0


def _unit(indicator: Indicator) -> str:
    return "%" if indicator.value_type is ValueType.PERCENT else indicator.unit


def counts(findings: Iterable[Finding]) -> tuple[int, int]:
    """How many errors and warnings."""
    found = list(findings)
    errors = sum(1 for f in found if f.severity == ERROR)
    return errors, len(found) - errors

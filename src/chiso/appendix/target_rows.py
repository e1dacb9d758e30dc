"""A row of a target table (TT | Nội dung chỉ tiêu | Chỉ tiêu | Kết quả | Đánh giá/Ghi chú) read for its indicator.

Its result is a value as of the result column's period, unless the cell or the note dates it («Loại B (năm
2021)», «Năm 2021 tỉnh xếp loại B»). A compound target's result gives its parts' values («98,9% xã» is the
«xã» part's). Figures inside the note that the indicator's formula turns into the printed result
(«(1.954.846/1.918.440)» of a rate of 101,9%) are its inputs' values. The printed target is checked against the
framework's: a framework's target is changed in the framework, never by an import. The «Đánh giá/Ghi chú»
cell is the official's evaluation, unless chiso marked the status as its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from chiso.appendix.cells import read_cell, read_evaluation
from chiso.appendix.headers import Kind, Meaning
from chiso.appendix.matching import folded
from chiso.appendix.model import Place, SourceCell
from chiso.appendix.proposals import Proposal, value_proposal
from chiso.catalog.model import Framework, Indicator, Target
from chiso.errors import InputError
from chiso.periods import Period, PeriodType, period_from_label
from chiso.values.model import canonical_value

_DATED = re.compile(r"(.*\S)\s*\(([^()]*\d{4})\)")  # «Loại B (năm 2021)»
_NOTE_YEAR = re.compile(r"\bnăm (\d{4})\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.;])\s+")
_QUOTIENT = re.compile(r"\(?\s*(\d[\d.]*)\s*/\s*(\d[\d.]*)\s*\)?")
_PARTS = re.compile(r",\s+|;\s*")  # «90% hộ gia đình, 100% xã»; «98,9%» keeps its decimal comma
_PART = re.compile(r"((?:[<>≥≤]=?)?\s*[\d.,]+\s*%?)\s+(\D.*)")
Cells = Sequence[tuple[SourceCell, Meaning]]


@dataclass
class TargetRow:
    """What the row writes, what stands in its way, and its target as printed."""

    proposals: list[Proposal] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    target: str = ""


def read_target_row(framework: Framework, code: str, cells: Cells,
                    stored: Mapping[tuple[str, str], str]) -> TargetRow:
    """The row of ``code`` whose cells and their columns' meanings are ``cells``."""
    indicator = framework.indicator(code)
    found = TargetRow()
    evaluation = " ".join(cell.text for cell, meaning in cells if meaning.kind is Kind.EVALUATION and cell.text)
    status, note = read_evaluation(evaluation)
    target = _check_target(framework, indicator, cells, found)
    results = [(cell, meaning.period) for cell, meaning in cells if meaning.kind is Kind.RESULT and meaning.period]
    for cell, period in results:
        _read_result(framework, indicator, cell, period, note, stored, found)
    place = next((cell.place for cell, meaning in cells if meaning.kind is Kind.EVALUATION), None)
    if results and target is not None and place is not None and (status is not None or note):
        found.proposals.append(Proposal(code, results[-1][1].code, note, "", place, status=status,
                                        target=target.id, judged=True))
    return found


def _check_target(framework: Framework, indicator: Indicator, cells: Cells, found: TargetRow) -> Target | None:
    """The framework's target the row's target column prints, a problem if it prints another."""
    printed = next(((cell, meaning) for cell, meaning in cells if meaning.kind is Kind.TARGET), None)
    target = _target(indicator, printed[1].period if printed else None)
    if printed is None or not printed[0].text.strip():
        return target
    found.target = " ".join(printed[0].text.split())
    if target is None:
        found.problems.append(f"{printed[0].place.text}: bảng ghi chỉ tiêu «{found.target}» cho {indicator.code}, "
                              f"bộ chỉ tiêu {framework.code} chưa có chỉ tiêu này: thêm vào bộ chỉ tiêu trước")
    elif not _same_target(indicator, target, found.target):
        found.problems.append(f"{printed[0].place.text}: bảng ghi chỉ tiêu «{found.target}» cho {indicator.code}, "
                              f"bộ chỉ tiêu {framework.code} ghi «{target.text}»: nếu chỉ tiêu đã đổi, sửa bộ "
                              "chỉ tiêu trước rồi nhập lại")
    return target


def _target(indicator: Indicator, deadline: Period | None) -> Target | None:
    """The indicator's target to ``deadline`` (its only one when the header names no deadline)."""
    if deadline is not None:
        due = [t for t in indicator.targets if Period.parse(t.period).year == deadline.year]
        if len(due) == 1:
            return due[0]
    return indicator.targets[0] if len(indicator.targets) == 1 else None


def _same_target(indicator: Indicator, target: Target, printed: str) -> bool:
    if folded(printed) == folded(target.text):
        return True
    mine, theirs = read_cell(indicator, printed), read_cell(indicator, target.text)
    return mine.value is not None and mine.value == theirs.value


def _read_result(framework: Framework, indicator: Indicator, cell: SourceCell, period: Period, note: str,
                 stored: Mapping[tuple[str, str], str], found: TargetRow) -> None:
    text, dated = _dated(" ".join(cell.text.split()))
    if not text:
        return
    compound = next((t for t in indicator.targets if t.kind == "compound"), None)
    if compound is not None:
        _read_parts(framework, compound, text, cell, dated or period, stored, found)
        return
    reading = read_cell(indicator, text)
    if reading.problem:
        found.problems.append(f"{cell.place.text}: {reading.problem}")
        return
    if reading.value is None:
        return
    sentence, year = _dating_sentence(note, text)
    when = dated or year or period
    value_note = reading.note or (f"Theo ghi chú: «{sentence}»" if sentence else "")
    found.proposals.append(value_proposal(indicator.code, when.code, reading.value, value_note, cell.place, stored))
    found.proposals += _inputs_in_note(framework, indicator, reading.value, note, when, cell.place, stored)


def _dated(text: str) -> tuple[str, Period | None]:
    """A result and the period it is of, when the cell says it («Loại B (năm 2021)»)."""
    found = _DATED.fullmatch(text)
    if found is None:
        return text, None
    try:
        return found.group(1), period_from_label(found.group(2))
    except InputError:
        return text, None


def _dating_sentence(note: str, result: str) -> tuple[str, Period | None]:
    """The note's sentence that says which year the result is of («Năm 2021 tỉnh xếp loại B»), if one does."""
    for sentence in _SENTENCE.split(note):
        year = _NOTE_YEAR.search(sentence)
        if year and folded(result) in folded(sentence):
            return sentence.strip(" .;"), Period(PeriodType.YEAR, int(year.group(1)))
    return "", None


def _read_parts(framework: Framework, target: Target, text: str, cell: SourceCell, period: Period,
                stored: Mapping[tuple[str, str], str], found: TargetRow) -> None:
    """«98,9% xã»: each figure followed by a part's label is that part's value."""
    labels = {folded(part.label): part.indicator for part in target.parts if part.label}
    for piece in _PARTS.split(text):
        split = _PART.fullmatch(piece.strip())
        code = labels.get(folded(split.group(2))) if split else None
        if split is None or code is None:
            wanted = ", ".join(p.label for p in target.parts)
            found.problems.append(f"{cell.place.text}: kết quả «{piece}» không ghi phần nào của chỉ tiêu "
                                  f"«{target.text}» (cần: một số và một trong {wanted})")
            continue
        reading = read_cell(framework.indicator(code), split.group(1))
        if reading.value is None:
            found.problems.append(f"{cell.place.text}: {reading.problem or f'kết quả «{piece}» không có số'}")
            continue
        found.proposals.append(value_proposal(code, period.code, reading.value, f"Kết quả in «{text}»",
                                              cell.place, stored))


def _inputs_in_note(framework: Framework, indicator: Indicator, value: str, note: str, period: Period,
                    place: Place, stored: Mapping[tuple[str, str], str]) -> list[Proposal]:
    """The two figures of a note («(1.954.846/1.918.440)») that the indicator's formula of two inputs turns
    into the result as printed, as those inputs' values; none when the numbers do not bear it out."""
    formula = indicator.formula
    if formula is None or len(formula.references) != 2:
        return []
    for found in _QUOTIENT.finditer(note):
        figures = [_number(text) for text in found.groups()]
        if None in figures:
            continue
        for first, second in (figures, figures[::-1]):
            inputs = dict(zip(formula.references, (first, second), strict=True))
            if _gives(formula.evaluate(inputs), value):
                why = f"Số liệu trong ghi chú của chỉ tiêu {indicator.code} «{found.group(0).strip()}»"
                return [value_proposal(code, period.code, canonical_value(framework.indicator(code), str(figure)),
                                       why, place, stored) for code, figure in inputs.items()]
    return []


def _number(text: str) -> Decimal | None:
    """A whole number as a table prints it, «1.954.846»."""
    try:
        return Decimal(text.replace(".", ""))
    except InvalidOperation:
        return None


def _gives(computed: Decimal | bool | None, printed: str) -> bool:
    """Whether ``computed``, rounded to the places of ``printed``, is ``printed``."""
    if not isinstance(computed, Decimal):
        return False
    try:
        wanted = Decimal(printed)
    except InvalidOperation:
        return False
    exponent = wanted.as_tuple().exponent
    places = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return computed.quantize(places, rounding=ROUND_HALF_UP) == wanted

"""What an appendix's cell becomes for its row's indicator: a value read as ``chiso load --locale vi`` reads one,
a note for the words after its number, nothing for a dash, or a problem saying what was expected.

«1.543» is 1543, «46,14» 46.14, «>90%» a bound; «–» and a blank cell are no figure, never zero; «374 theo QĐ
2741/QĐ-UBND ngày 22/12/2023» is 374 with the rest as its note; «20 Doanh nghiệp» is 20, the indicator's unit
dropped. The «Đánh giá/Ghi chú» column is an official's status (read as ``chiso load`` reads evaluations) or,
when it names none, a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chiso.appendix.matching import folded
from chiso.catalog.model import Indicator, ValueType
from chiso.errors import InputError
from chiso.reports.layouts.targets import COMPUTED_MARK
from chiso.values.model import STATUS_LABELS, EvaluationStatus, canonical_value, parse_status

_NONE = re.compile(r"[-–—−]+|\.{3}|…")  # no figure was reported: a dash as a table writes it
_NUMBER_THEN_WORDS = re.compile(r"((?:[<>≥≤]=?)?\s*-?[\d.,]+\s*%?)\s+(\D.*)")
_LINE_HYPHEN = re.compile(r"(?<=[^\s-])- (?=\S)")  # «2741/QĐ-» ending a line, joined to «UBND» by a blank
_CLAUSE = re.compile(r"\s*[.;:(–-]")
_LINE_SLASH = re.compile(r"(?<=\d/) (?=\d)")
MAX_STATUS_WORDS = 4  # the longest status label: «Không đạt chỉ tiêu»


@dataclass(frozen=True)
class CellReading:
    """A cell's text, the canonical value it gives (None: no figure), its note, or why it cannot be read."""

    text: str
    value: str | None = None
    note: str = ""
    problem: str = ""


def read_cell(indicator: Indicator, text: str) -> CellReading:
    """What ``text`` written in an appendix means for ``indicator``."""
    text = " ".join(text.split())
    if not text or _NONE.fullmatch(text):
        return CellReading(text)
    try:
        return CellReading(text, canonical_value(indicator, _level(indicator, text), "vi"))
    except InputError as error:
        whole = error
    split = _NUMBER_THEN_WORDS.fullmatch(text) if indicator.value_type.is_numeric else None
    if split is None:
        return CellReading(text, problem=_problem(indicator, text, whole))
    try:
        value = canonical_value(indicator, split.group(1), "vi")
    except InputError:
        return CellReading(text, problem=_problem(indicator, text, whole))
    return CellReading(text, value, _note(indicator, split.group(2)))


def _level(indicator: Indicator, text: str) -> str:
    """An ordinal's level as the framework writes it, whatever the case the table wrote it in («loại b»)."""
    if indicator.value_type is not ValueType.ORDINAL:
        return text
    return next((level for level in indicator.levels if level.casefold() == text.casefold()), text)


def _note(indicator: Indicator, words: str) -> str:
    """The words after a number, none when they are the indicator's unit («Doanh nghiệp» of a count of
    doanh nghiệp); more words than the unit are kept whole, so the note says what the cell said."""
    unit = indicator.unit.strip()
    if unit and folded(words) == folded(unit):
        return ""
    return _LINE_HYPHEN.sub("-", words)


def _problem(indicator: Indicator, text: str, error: InputError) -> str:
    expected = f" (cần: {error.expected})" if error.expected else ""
    return f"ô «{text}» của chỉ tiêu {indicator.code}: {error.message}{expected}"


def read_evaluation(text: str) -> tuple[EvaluationStatus | None, str]:
    """The status an official wrote in «Đánh giá/Ghi chú» and the rest as a note; text naming no status is a
    note only («Năm 2022 chưa tính được tỷ trọng kinh tế số …»), and a status chiso marked as its own
    («Đang thực hiện (*)») is no official's: only its note is read."""
    text = _joined(text)
    status = _status(text.rstrip(" ."))
    if status is not None or not text:
        return status, ""
    status, rest = leading_status(text)
    if status is not None:
        if rest.startswith(COMPUTED_MARK):
            return None, rest[len(COMPUTED_MARK):].strip(" .;:–-")
        return status, rest.strip(" .;:–-")
    clause = _CLAUSE.search(text)
    if clause is not None and clause.start():
        status = _status(text[:clause.start()])
        if status is not None:
            return status, text[clause.start():].strip(" .;:–-")
    return None, text


def _joined(text: str) -> str:
    """A cell's lines joined as one text, a word broken at a line's end («QĐ-» «UBND», «1.954.846/» «1.918.440»)
    made whole again."""
    text = _LINE_HYPHEN.sub("-", " ".join(text.split()))
    return _LINE_SLASH.sub("", text)


def leading_status(text: str) -> tuple[EvaluationStatus | None, str]:
    """The status its first words name («Vượt chỉ tiêu» of «Vượt chỉ tiêu Một người có …») and the rest."""
    words = text.split()
    for count in range(min(len(words), MAX_STATUS_WORDS), 0, -1):
        status = _status(" ".join(words[:count]).rstrip(".,;:"))
        if status is not None:
            return status, " ".join(words[count:])
    return None, text


def _status(text: str) -> EvaluationStatus | None:
    """The status ``text`` names, as ``chiso load`` reads it, or without its accents («Dat chi tieu»)."""
    try:
        return parse_status(text)
    except InputError:
        pass
    bare = folded(text)
    return next((status for status, label in STATUS_LABELS.items() if folded(label) == bare), None)

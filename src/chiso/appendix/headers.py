"""What a column of an appendix holds, read from its header: the row's number, its name, a period's figures,
the target to a deadline, the result to a month, the official's evaluation.

Headers are compared without accents or case, and periods are read by :func:`chiso.periods.period_from_label`
(the words :attr:`Period.label` writes), so a report and chiso share one vocabulary of periods. A header
whose text layer lost letters («C t u đượ t u t đ 2025») is read when the letters left, in their order, fit
the known headers of one kind only; the reading then says it was restored. A header with no letters left,
or fitting several kinds, is UNKNOWN with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache

from chiso.appendix.matching import folded
from chiso.errors import InputError
from chiso.periods import Period, PeriodType, period_from_label


class Kind(StrEnum):
    """What a column holds."""

    CODE = "code"  # the row's number: «STT», «TT»
    NAME = "name"  # the indicator's name: «Chỉ tiêu», «Nội dung chỉ tiêu»
    PERIOD = "period"  # the figures of one period: «Năm 2021», «Quý II/2025»
    TARGET = "target"  # the target to a deadline: «Chỉ tiêu đến năm 2025»
    RESULT = "result"  # the result as of a period: «Kết quả thực hiện đến tháng 6/2023»
    EVALUATION = "evaluation"  # the official's status and note: «Đánh giá», «Ghi chú», «Đánh giá/Ghi chú»
    OTHER = "other"  # words that name no kind, e.g. a unit («Tỉnh Đắk Lắk»): left to the importer
    UNKNOWN = "unknown"  # cannot be read: ``reason`` says why


@dataclass(frozen=True)
class Meaning:
    """A column's kind, its header text, its period (PERIOD, RESULT; a TARGET's deadline, None if unsaid),
    ``reason`` (why UNKNOWN, or what a damaged header was read as), ``group``: the text of a header row above
    that spans it and does not change its meaning («Tỉnh Đắk Lắk» over «Năm 2021»)."""

    kind: Kind
    text: str
    period: Period | None = None
    reason: str = ""
    group: str = ""
    restored: bool = False  # read from a text that lost letters: to be confirmed


_CODES = frozenset({"stt", "tt", "so tt", "so thu tu", "thu tu", "ma", "ma so", "ma chi tieu"})
_NAMES = frozenset({"chi tieu", "noi dung chi tieu", "noi dung", "ten chi tieu", "ten", "chi so", "ten chi so"})
_EVALUATIONS = frozenset({"danh gia", "ghi chu", "nhan xet", "danh gia ket qua", "tu danh gia"})
_PARTS = re.compile(r"\s*(?:/|;|,|-|–|\bva\b)\s*")
_RESULT = re.compile(r"(?:ket qua(?: thuc hien)?|thuc hien)(?: duoc)?(?: tinh)?(?: (.*))?")
_TARGET = re.compile(r"(?:chi tieu|muc tieu|ke hoach)(?: (.*))?")
_GIVEN = re.compile(r"\b(?:giao|theo)\b|^(?:muc tieu|ke hoach)")  # a target's words, not a name's
_TO_YEAR = re.compile(r"(?:.* )?den (?:het )?((?:nam )?\d{4})")  # «đến 2025», «theo … đến hết năm 2025»
_SEEMS_PERIOD = re.compile(r"\d{4}|\b(?:nam|quy|thang|ky)\b")
_LETTERS = re.compile(r"[^\W\d_]")


def column_meaning(text: str) -> Meaning:
    """What a column whose header reads ``text`` holds."""
    text = " ".join(text.split())
    words = _words(text)
    if not words:
        return Meaning(Kind.UNKNOWN, text, reason=_empty_reason(text))
    found = _plain(text, words)
    if found is not None:
        return found
    restored = _restored(text)
    if restored is not None:
        return restored
    if _SEEMS_PERIOD.search(words):
        return _unread(text)
    return Meaning(Kind.OTHER, text)


def header_columns(rows: Sequence[Sequence[str | None]]) -> list[Meaning]:
    """The meaning of each column of a header of one or more rows (top to bottom), each column's texts
    joined: «Năm» over «2021» is «Năm 2021». A None cell is covered by the merged cell on its left and
    shares its text. A top text that spans periods («Tỉnh Đắk Lắk») becomes their ``group``."""
    width = max((len(row) for row in rows), default=0)
    spread = [_spread_row(row, width) for row in rows]
    return _evaluation_last([_column(n + 1, [row[n] for row in spread]) for n in range(width)])


def _evaluation_last(columns: list[Meaning]) -> list[Meaning]:
    """A target table's last column, right of its result's, is its «Đánh giá/Ghi chú» even when its header
    lost every letter: no other column stands there. The reading is marked restored, for review."""
    if len(columns) < 2 or columns[-1].kind is not Kind.UNKNOWN or _LETTERS.search(columns[-1].text):
        return columns
    if columns[-2].kind is not Kind.RESULT:
        return columns
    reason = "tiêu đề không còn chữ nào; cột cuối, sau cột kết quả, của bảng chỉ tiêu được đọc là «Đánh giá/Ghi chú»"
    return [*columns[:-1], replace(columns[-1], kind=Kind.EVALUATION, reason=reason, restored=True)]


def _spread_row(row: Sequence[str | None], width: int) -> list[str]:
    texts: list[str] = []
    for cell in [*row, *([""] * (width - len(row)))]:
        texts.append(texts[-1] if cell is None and texts else " ".join((cell or "").split()))
    return texts


def _column(number: int, texts: list[str]) -> Meaning:
    parts: list[str] = []
    for text in texts:
        if text and (not parts or parts[-1] != text):  # a merge a reader repeated in each row counts once
            parts.append(text)
    if not parts:
        return Meaning(Kind.UNKNOWN, "", reason=f"cột {number} không có tiêu đề")
    whole = column_meaning(" ".join(parts))
    if _known(whole):
        return whole
    for start in range(1, len(parts)):
        below = column_meaning(" ".join(parts[start:]))
        if _known(below):
            return replace(below, group=" ".join(parts[:start]))
    return whole


def _known(meaning: Meaning) -> bool:
    return meaning.kind not in (Kind.OTHER, Kind.UNKNOWN)


def _words(text: str) -> str:
    """The header folded, brackets dropped, a year parted from a word stuck to it («Năm2021»)."""
    words = re.sub(r"[()\[\]:.]+", " ", folded(text))
    return " ".join(re.sub(r"(?<=[a-z])(?=\d)", " ", words).split())


def _empty_reason(text: str) -> str:
    if text:
        return f"tiêu đề «{text}» không còn chữ nào để đọc (lớp chữ của tệp đã mất chữ)"
    return "tiêu đề trống (có thể lớp chữ của tệp đã mất chữ)"


def _unread(text: str) -> Meaning:
    return Meaning(Kind.UNKNOWN, text, reason=f"không đọc được kỳ trong tiêu đề «{text}»")


def _plain(text: str, words: str) -> Meaning | None:
    """The meaning of an undamaged header, or None if it names no kind."""
    if words in _CODES:
        return Meaning(Kind.CODE, text)
    if words in _NAMES:
        return Meaning(Kind.NAME, text)
    if all(part in _EVALUATIONS for part in _PARTS.split(words)):
        return Meaning(Kind.EVALUATION, text)
    result = _RESULT.fullmatch(words)
    if result:
        return _result(text, result.group(1) or "")
    target = _TARGET.fullmatch(words)
    if target:
        return _target(text, words, target.group(1) or "")
    period = _period(words)
    return Meaning(Kind.PERIOD, text, period) if period is not None else None


def _result(text: str, rest: str) -> Meaning:
    """A result is as of the period ending the month it names: June is the first half-year, December the year."""
    period = _period(rest)
    if period is None:
        return replace(_unread(text), reason=f"không đọc được kết quả đến kỳ nào trong tiêu đề «{text}»")
    if rest.startswith("den") and period.type is PeriodType.YTD and period.index == 6:
        period = Period(PeriodType.HALF, period.year, 1)
    return Meaning(Kind.RESULT, text, period)


def _target(text: str, words: str, rest: str) -> Meaning | None:
    """A target and its deadline; one that says none has no period, for the importer to take the framework's."""
    if not re.search(r"\d", rest):
        if not _GIVEN.search(words):
            return None
        return Meaning(Kind.TARGET, text, reason=f"tiêu đề «{text}» không nói hạn của chỉ tiêu")
    period = _period(rest)
    if period is None:
        return replace(_unread(text), reason=f"không đọc được hạn của chỉ tiêu trong tiêu đề «{text}»")
    return Meaning(Kind.TARGET, text, period)


def _period(words: str) -> Period | None:
    """The period folded words name, read in chiso's words for periods; None if they name none."""
    to_year = _TO_YEAR.fullmatch(words)
    words = to_year.group(1) if to_year else words
    accented = " ".join(_label_words().get(word, word) for word in words.split())
    try:
        return period_from_label(accented)
    except InputError:
        return None


@cache
def _label_words() -> dict[str, str]:
    """Folded word → the word chiso's period labels write: «thang» → «tháng»."""
    periods = [Period(kind, 2000, 1) for kind in PeriodType] + [Period(PeriodType.HALF, 2000, 2)]
    phrases = [p.label for p in periods] + ["lũy kế từ đầu năm đến hết tháng"]
    words = {word for phrase in phrases for word in phrase.lower().split() if word.isalpha()}
    return {folded(word): word for word in words}


# Headers as appendices write them, for reading one that lost letters; {year} and {month} are the numbers
# left in it (digits survive where letters do not).
_DAMAGED_FORMS = (
    "STT", "TT", "Nội dung chỉ tiêu", "Chỉ tiêu", "Tên chỉ tiêu", "Nội dung",
    "Chỉ tiêu được giao theo Nghị quyết đến {year}", "Chỉ tiêu được giao đến năm {year}",
    "Chỉ tiêu đến năm {year}", "Mục tiêu đến năm {year}",
    "Kết quả thực hiện được đến tháng {month}/{year}", "Kết quả thực hiện đến tháng {month}/{year}",
    "Kết quả thực hiện năm {year}",
    "Đánh giá/Ghi chú", "Ghi chú/Đánh giá", "Đánh giá", "Ghi chú",
)


@cache
def _damaged_forms() -> tuple[str, ...]:
    """The forms above and a year's and a month's labels, so that a damaged «N m 2021» fitting a target's
    header and a year's is not taken for either."""
    year, month = Period(PeriodType.YEAR, 2000).label, Period(PeriodType.MONTH, 2000, 11).label
    labels = (year.replace("2000", "{year}"), month.replace("11", "{month}").replace("2000", "{year}"))
    return _DAMAGED_FORMS + labels


def _restored(text: str) -> Meaning | None:
    """The reading of a header that lost letters, if its letters left fit the forms of one kind only."""
    if not _damaged(text):
        return None
    numbers = re.findall(r"\d+", text)
    letters = _letters(re.sub(r"\d+", " ", text))
    fits: list[tuple[str, Meaning]] = []
    for form in _damaged_forms():
        filled = _filled(form, numbers)
        if filled is not None and _subsequence(letters, _letters(filled)):
            meaning = _plain(filled, _words(filled))
            if meaning is not None and meaning.kind not in {m.kind for _, m in fits}:
                fits.append((filled, meaning))
    if len(fits) > 1:
        readings = " hoặc ".join(f"«{filled}»" for filled, _ in fits)
        return Meaning(Kind.UNKNOWN, text, reason=f"tiêu đề «{text}» đã mất chữ, có thể là {readings}")
    if not fits:
        return None
    filled, meaning = fits[0]
    return replace(meaning, text=text, restored=True, reason=f"tiêu đề «{text}» đã mất chữ, đọc là «{filled}»")


def _damaged(text: str) -> bool:
    """Whether a text looks like one whose text layer lost letters: a word of one letter left of it."""
    return any(len(word) == 1 and _LETTERS.match(word) for word in re.split(r"[\s/]+", text))


def _filled(form: str, numbers: list[str]) -> str | None:
    slots = re.findall(r"\{(\w+)\}", form)
    if len(slots) != len(numbers):
        return None
    return form.format(**dict(zip(slots, numbers, strict=True)))


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", folded(text))


def _subsequence(short: str, long: str) -> bool:
    """Whether ``short``'s letters appear in ``long`` in the same order (the letters a damaged text kept)."""
    remaining = iter(long)
    return len(short) < len(long) and all(letter in remaining for letter in short)

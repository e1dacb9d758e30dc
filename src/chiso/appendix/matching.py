"""Which indicator a row of an appendix is: by its number (STT) and by its name, with a confidence.

A number alone is not enough (a row may be numbered within its section, «2» under «I»; a table may skip a
row), nor is a name (a damaged text layer loses letters: «Ph t triển ch nh quyền số»). Both are compared:
names accent- and case-insensitively, with rapidfuzz's similarity, which tolerates lost letters. A row
whose number and name agree is sure; a row found by one of them only, or whose name differs from its
number's indicator, has a lower confidence and must be confirmed by whoever imports it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from chiso.catalog.model import Framework
from chiso.reports.layouts.targets import row_numbers

SURE = 90.0  # at or above: taken without asking
FOUND = 60.0  # at or above: proposed, to be confirmed; below: the row is not matched


@dataclass(frozen=True)
class Match:
    """A row's indicator (None: not matched), how sure (0–100) and why."""

    indicator: str | None
    confidence: float
    reason: str

    @property
    def sure(self) -> bool:
        return self.indicator is not None and self.confidence >= SURE


def folded(text: str) -> str:
    """Text without accents, case or repeated blanks: «Tỷ lệ  TTHC» → «ty le tthc»."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def number_of(text: str) -> str:
    """A row's number as written: «5.1.» → «5.1», «I.» → «I», «1 » → «1»."""
    return text.strip().rstrip(".").strip()


class Matcher:
    """Matches the rows of one table, top to bottom: a section row («I», «II») sets where short numbers are."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        rows = framework.indicators
        self._names = {i.code: folded(i.name) for i in rows}
        self._sections = {s.code: folded(s.title) for s in framework.sections}
        shown = row_numbers(framework)
        self._numbered = {(i.section, shown[i.code]): i.code for i in rows}
        self._codes = {i.code for i in rows}
        self._section = ""

    def match(self, number: str, name: str) -> Match:
        code = number_of(number)
        if code in self._sections:  # its title may have lost every letter: its number is enough
            self._section = code
            return Match(None, 100.0, f"mục {code}")
        by_number = self._by_number(code)
        by_name, score = self._by_name(name)
        if by_number is not None:
            similarity = self._similar(name, self._names[by_number]) if name else 100.0
            if similarity >= FOUND:
                return Match(by_number, max(similarity, SURE), f"số thứ tự {code}, tên giống {similarity:.0f}%")
            if by_name is not None and score >= SURE:
                return Match(by_name, FOUND, f"tên giống chỉ tiêu {by_name} ({score:.0f}%), không phải số "
                                             f"thứ tự {code} (chỉ tiêu {by_number})")
            return Match(by_number, FOUND, f"số thứ tự {code}, nhưng tên chỉ giống {similarity:.0f}%")
        if by_name is not None and score >= FOUND:
            return Match(by_name, min(score, SURE - 1), f"theo tên, giống {score:.0f}%; số thứ tự «{code}» không có")
        return Match(None, score, f"không khớp chỉ tiêu nào: số thứ tự «{code}», tên «{name[:60]}»")

    def _by_number(self, code: str) -> str | None:
        if code in self._codes:
            return code
        return self._numbered.get((self._section, code))

    def _by_name(self, name: str) -> tuple[str | None, float]:
        if not name.strip():
            return None, 0.0
        found = process.extractOne(folded(name), self._names, scorer=_similarity)
        if found is None:
            return None, 0.0
        _text, score, code = found
        return str(code), float(score)

    @staticmethod
    def _similar(name: str, known: str) -> float:
        return _similarity(folded(name), known)


def _similarity(text: str, known: str, **_: object) -> float:
    """The better of the words compared in any order and the letters compared without the blanks a lost
    letter leaves («ph t triển» against «phát triển»)."""
    return max(float(fuzz.token_sort_ratio(text, known)),
               float(fuzz.ratio(text.replace(" ", ""), known.replace(" ", ""))))

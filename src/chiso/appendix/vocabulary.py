"""The Vietnamese words a damaged text is restored from: the syllables of a word list shipped with chiso
(``chiso/data/vi/syllables.txt``, see its NOTICE) and the words and word pairs of the frameworks' own texts.

A word the frameworks use is far likelier in an appendix than one only in the word list, and a pair of words
they write together («chuyển đổi», «hồ sơ») likelier still; the frequencies say how much.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from functools import cache
from importlib import resources

from chiso.catalog.model import Framework

BLANK = " "
START = "<s>"  # what comes before a text's first word
END = "</s>"  # what comes after its last
DOC_WEIGHT = 20  # a word seen in the frameworks counts this many times a word only in the word list
SMOOTHING = 2.0  # how much a word's own frequency weighs against what followed the word before it
_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*|[^\w\s]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@cache
def syllables() -> frozenset[str]:
    """The shipped word list: Vietnamese syllables, lower case."""
    text = resources.files("chiso.data.vi").joinpath("syllables.txt").read_text("utf-8")
    return frozenset(nfc(line.strip()) for line in text.splitlines() if line.strip())


def tokens(text: str) -> list[str]:
    """A text's words, numbers and marks, in order: «số, 2025» → [«số», «,», «2025»]."""
    return _TOKEN.findall(nfc(text))


def is_word(token: str) -> bool:
    return token.isalpha()


def damage(text: str, kept: Set[str]) -> str:
    """The text as a font keeping only the letters ``kept`` leaves it: every other letter a blank."""
    return "".join(c if c in kept or not c.isalpha() else BLANK for c in text)


def flat(text: str) -> str:
    """Blanks collapsed, as a reader gives a cell's text."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Index:
    """The known word forms by what a font keeping given letters leaves of them, the likeliest first: ``exact``
    by the blanked form («  át» for «Phát»), ``shown`` by its blanks collapsed («át»)."""

    exact: dict[str, list[str]]
    shown: dict[str, list[str]]
    longest: int


class Vocabulary:
    """Words with frequencies: the word list's syllables once each, the documents' words and pairs as seen."""

    def __init__(self, texts: Iterable[str], words: Iterable[str] = ()) -> None:
        self.texts = tuple(dict.fromkeys(nfc(t).strip() for t in texts if t.strip()))
        self.syllables = frozenset(words)
        self.surface: Counter[str] = Counter()  # the documents' words as written («Đắk», «UBND»)
        self.pairs: Counter[tuple[str, str]] = Counter()  # (a token, the next one), lower case
        self.following: dict[str, Counter[str]] = {}
        for text in self.texts:
            found = tokens(text)
            self.surface.update(t for t in found if is_word(t))
            sequence = [START, *(t.lower() for t in found), END]
            self.pairs.update(zip(sequence, sequence[1:], strict=False))
        for (before, after), count in self.pairs.items():
            self.following.setdefault(before, Counter())[after] = count
        self.counts: Counter[str] = Counter()
        self.written: dict[str, list[str]] = {}
        for word, count in self.surface.items():
            self.counts[word.lower()] += count
            self.written.setdefault(word.lower(), []).append(word)
        self.total = len(self.syllables) + DOC_WEIGHT * sum(self.counts.values()) or 1
        self._indexes: dict[frozenset[str], Index] = {}

    def words(self) -> set[str]:
        """Every word known, lower case."""
        return set(self.syllables) | set(self.counts)

    def forms(self) -> Iterator[str]:
        """Every way a known word may be written: lower case, capitalised, in capitals, and as the
        documents wrote it."""
        for word in sorted(self.words()):
            yield from dict.fromkeys((word, word.capitalize(), word.upper()))
        yield from (form for form in self.surface if form not in (form.lower(), form.capitalize(), form.upper()))

    def spellings(self, word: str) -> list[str]:
        """The ways the word (lower case) may be written: lower case, capitalised, in capitals, as written."""
        return list(dict.fromkeys((word, word.capitalize(), word.upper(), *self.written.get(word, ()))))

    def frequency(self, word: str) -> float:
        """How likely the word (lower case) is on its own."""
        known = (word in self.syllables) + DOC_WEIGHT * self.counts[word]
        return (known or 0.05) / self.total

    def log_next(self, before: str, word: str) -> float:
        """The log-likelihood of ``word`` after ``before`` (both lower case), the pair's count smoothed by the
        word's frequency."""
        after = self.following.get(before)
        seen = after[word] if after else 0
        return math.log((seen + SMOOTHING * self.frequency(word)) / ((after.total() if after else 0) + SMOOTHING))

    def index(self, kept: frozenset[str]) -> Index:
        """The forms by what a font keeping ``kept`` leaves of them (made once for each set of letters)."""
        if kept not in self._indexes:
            exact: dict[str, list[str]] = {}
            shown: dict[str, list[str]] = {}
            for form in sorted(self.forms(), key=lambda f: -self.frequency(f.lower())):
                blanked = damage(form, kept)
                exact.setdefault(blanked, []).append(form)
                shown.setdefault(flat(blanked), []).append(form)
            self._indexes[kept] = Index(exact, shown, max(map(len, exact), default=1))
        return self._indexes[kept]

    def seen_as(self, form: str) -> bool:
        """Whether the documents wrote the word so (its capitals as they are)."""
        return self.surface[form] > 0


def framework_texts(framework: Framework) -> Iterator[str]:
    """The texts a framework writes: its title, its sections' titles, its indicators' names and notes, its
    targets' texts and notes."""
    yield from (framework.title, framework.appendix)
    yield from (section.title for section in framework.sections)
    for indicator in framework.indicators:
        yield from (indicator.name, indicator.notes)
        for target in indicator.targets:
            yield from (target.text, target.note)


def vocabulary(frameworks: Iterable[Framework]) -> Vocabulary:
    """The word list's syllables with the words and pairs of the frameworks' texts (the documents of the store,
    or the shipped frameworks)."""
    return Vocabulary((text for framework in frameworks for text in framework_texts(framework)), syllables())

"""The reading of a damaged text word by word: a dynamic programme over the text that chooses, at each point,
words of the vocabulary whose letters the font keeps are those the text shows there, preferring the frequent
words and the pairs of words the vocabulary's documents write.

Each restored word keeps the other readings that fit in its place and how sure it is against them, given its
neighbours. A stretch no known word fits is left as damaged (a run of blanks «…»), and said so.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from chiso.appendix.vocabulary import BLANK, END, START, Index, Vocabulary, damage, flat

BEAM = 10  # readings kept at each point of the text, the likeliest
CANDIDATES = 12  # words tried for one stretch of the text, the most frequent (and those the previous predicts)
HIDDEN_RUN = 2  # words wholly lost in a row that a collapsed text may hide
RAW = -40.0  # the log-likelihood of a character left as damaged: far below any reading
ALTERNATIVES = 4
SURE_AT_MOST = 0.99  # a restored word is never certain: it is to be checked against the printed appendix
CLOSING = ",.;:)%!?…»”]"
OPENING = "(«“["


def collapsed(damaged: str) -> bool:
    """Whether the text may have had its blanks collapsed: it has no run of blanks, nor one at either end."""
    return damaged == flat(damaged)


@dataclass(frozen=True)
class RestoredWord:
    """A word of a restoration: as restored, what the damaged text showed of it, whether letters of it were
    lost (then it is to be reviewed), the other readings that fit there, and how sure it is (0 to 1)."""

    text: str
    damaged: str
    restored: bool
    alternatives: tuple[str, ...] = ()
    confidence: float = 1.0
    known: bool = True  # False: no known word fits there, the damaged characters are kept


@dataclass(frozen=True)
class Restoration:
    """A damaged text's likeliest reading, word by word."""

    damaged: str
    text: str
    words: tuple[RestoredWord, ...]

    @property
    def review(self) -> tuple[RestoredWord, ...]:
        """The words restored: every one is to be checked against the printed appendix."""
        return tuple(w for w in self.words if w.restored)

    @property
    def complete(self) -> bool:
        """Whether every lost letter was restored."""
        return all(w.known for w in self.words)


@dataclass(frozen=True)
class _Token:
    text: str
    damaged: str
    kind: str  # "word", "hidden" (wholly lost), "literal" (figures, marks), "raw" (no word fits)
    space: bool  # a blank before it
    bucket: str = ""  # the index key it was found under


@dataclass(frozen=True)
class _Node:
    token: _Token
    parent: _Node | None


_START, _SPACE, _GLUED, _JOINED, _RAW, _END = range(6)  # what the text was just after: what may come next
_WORD_AFTER = (_START, _SPACE, _JOINED, _RAW)
_LITERAL_AFTER = (_START, _SPACE, _GLUED, _RAW)

_State = tuple[int, int, str, int]  # position, what came just before, the previous token lower-cased, hidden run


class Reading:
    """The dynamic programme over a damaged text: at each position, the likeliest readings of what precedes."""

    def __init__(self, damaged: str, words: Vocabulary, keep: frozenset[str]) -> None:
        self.text = damaged
        self.exact = not collapsed(damaged)
        self.words = words
        self.keep = keep
        self.index: Index = words.index(keep)
        self.next_forms: dict[str, dict[str, list[str]]] = {}
        self.upper = any(c.isupper() for c in damaged) and not any(c.islower() for c in damaged)
        self.padded = damaged + BLANK * self.index.longest if self.exact else damaged
        self.length = len(damaged.rstrip())  # a reading may end in the blanks trailing it, or past them
        self.states: dict[int, dict[_State, tuple[float, _Node | None]]] = {}
        self.ends: list[tuple[float, _Node | None]] = []

    def best(self) -> Restoration:
        self._add((0, _START, START, 0), 0.0, None)
        for position in range(len(self.text)):
            while position in self.states:  # a hidden word adds readings at the same position
                found = self.states.pop(position)
                for state, (score, node) in sorted(found.items(), key=lambda s: -s[1][0])[:BEAM]:
                    self._expand(state, score, node)
        chosen = max(self.ends, key=lambda e: e[0], default=(0.0, None))[1]
        path: list[_Token] = []
        while chosen is not None:
            path.append(chosen.token)
            chosen = chosen.parent
        return self._restoration(path[::-1])

    def _add(self, state: _State, score: float, node: _Node | None) -> None:
        position, after, before, _ = state
        if after == _END or position >= self.length:
            self.ends.append((score + self.words.log_next(before, END), node))
            if after == _END or position >= len(self.text):
                return
        found = self.states.setdefault(position, {})
        if state not in found or found[state][0] < score:
            found[state] = (score, node)

    def _expand(self, state: _State, score: float, node: _Node | None) -> None:
        position, after, before, hidden = state
        if after in _LITERAL_AFTER and not self.text[position].isalpha() and self.text[position] != BLANK:
            self._literal(state, score, node)
        if after in _WORD_AFTER:
            for end, bucket in self._stretches(position):
                for form in self._candidates(bucket, before):
                    token = _Token(form, self.text[position:end].strip(), "word", after == _SPACE, bucket)
                    self._word(end, token, score + self._log(before, form), node)
            written = self._as_written(position)
            if written:  # no known word: a name, a numeral («II»), left as it is
                token = _Token(written, written, "word", after == _SPACE, written)
                self._word(position + len(written), token, score + self._log(before, written), node)
            if not self.exact and hidden < HIDDEN_RUN:
                self._hidden(state, score, node)
        raw = _Token(self.text[position], self.text[position], "raw", after == _SPACE)
        self._add((position + 1, _RAW, self.text[position], 0), score + RAW, _Node(raw, node))

    def _literal(self, state: _State, score: float, node: _Node | None) -> None:
        position, after, _, _ = state
        end = position
        while end < len(self.text) and not self.text[end].isalpha() and self.text[end] != BLANK:
            end += 1
        literal = self.text[position:end]
        new = _Node(_Token(literal, literal, "literal", after == _SPACE), node)
        if end < len(self.text) and self.text[end] == BLANK:
            self._add((end + 1, _SPACE, literal, 0), score, new)
        if end >= len(self.text) or self.text[end] != BLANK or (self.exact and literal[-1] in OPENING):
            self._add((end, _JOINED, literal, 0), score, new)

    def _word(self, end: int, token: _Token, score: float, node: _Node | None) -> None:
        new = _Node(token, node)
        before = token.text.lower()
        if end >= len(self.text):
            self._add((end, _END, before, 0), score, new)
        elif self.text[end] == BLANK:
            self._add((end + 1, _SPACE, before, 0), score, new)
        elif not self.text[end].isalpha():
            self._add((end, _GLUED, before, 0), score, new)

    def _hidden(self, state: _State, score: float, node: _Node | None) -> None:
        """Words wholly lost, which a collapsed text does not show: only those the documents write after the
        previous word."""
        position, _, before, hidden = state
        for form in self._predicted("", before):
            token = _Token(form, "", "hidden", True, "")
            self._add((position, _SPACE, form.lower(), hidden + 1), score + self._log(before, form), _Node(token, node))

    def _as_written(self, position: int) -> str:
        """The letters from here to the next blank or mark, when they are a word of their own, none lost."""
        end = position
        while end < len(self.text) and self.text[end].isalpha():
            end += 1
        return self.text[position:end]

    def _stretches(self, position: int) -> Iterator[tuple[int, str]]:
        """Where a word starting here may end, with the key its forms are indexed by."""
        if self.exact:
            for end in range(position + 1, position + self.index.longest + 1):
                yield end, self.padded[position:end]
            return
        for end in range(position + 1, min(len(self.text), position + self.index.longest) + 1):
            if end == len(self.text) or not self.text[end].isalpha():
                yield end, self.text[position:end]

    def _candidates(self, bucket: str, before: str) -> list[str]:
        table = self.index.exact if self.exact else self.index.shown
        found = table.get(bucket, [])
        return list(dict.fromkeys([*found[:CANDIDATES], *self._predicted(bucket, before)])) if found else []

    def _predicted(self, bucket: str, before: str) -> list[str]:
        """The forms under ``bucket`` of the words the documents write after ``before``."""
        if before not in self.next_forms:
            found: dict[str, list[str]] = {}
            for word in self.words.following.get(before, {}):
                for form in self.words.spellings(word):
                    left = damage(form, self.keep)
                    found.setdefault(left if self.exact else flat(left), []).append(form)
            self.next_forms[before] = found
        return self.next_forms[before].get(bucket, [])

    def _log(self, before: str, form: str) -> float:
        return self.words.log_next(before, form.lower()) + math.log(self._case(before, form))

    def _case(self, before: str, form: str) -> float:
        """How likely the word is written so in its place: capitals in a text in capitals, a capital at its
        start, lower case elsewhere but for the forms the documents write so."""
        seen = 0.3 if self.words.seen_as(form) else 0.0
        if self.upper:
            return 1.0 if form.isupper() else 0.001
        if form.islower():
            return 0.2 if before == START else 1.0
        if form == form.capitalize():
            return 1.0 if before == START else seen or 0.02
        return seen or 0.001

    def _restoration(self, tokens: list[_Token]) -> Restoration:
        path = list(_merged(tokens))
        texts = [t.text.lower() for t in path]
        found = []
        for n, token in enumerate(path):
            before = texts[n - 1] if n else START
            after = texts[n + 1] if n + 1 < len(texts) else END
            found.append(self._word_of(token, before, after))
        return Restoration(self.text, self._joined(path), tuple(found))

    def _word_of(self, token: _Token, before: str, after: str) -> RestoredWord:
        if token.kind == "literal":
            return RestoredWord(token.text, token.damaged, False)
        if token.kind == "raw":
            return RestoredWord(token.text, token.damaged, True, known=False, confidence=0.0)
        table = self.index.exact if self.exact else self.index.shown
        rivals = table.get(token.bucket, []) if token.kind == "word" else self._predicted("", before)
        written = [token.damaged] if token.damaged.isalpha() else []  # the text as it is, a name or a numeral
        rivals = list(dict.fromkeys([token.text, *rivals[:CANDIDATES * 4], *self._predicted(token.bucket, before),
                                     *written]))
        if token.text == token.damaged and (self.exact or rivals == [token.text]):
            return RestoredWord(token.text, token.damaged, False)  # blanks collapsed, a longer word could be it
        scores = {r: self._log(before, r) + self.words.log_next(r.lower(), after) for r in rivals}
        top = max(scores.values())
        total = sum(math.exp(s - top) for s in scores.values())
        others = sorted((r for r in rivals if r != token.text), key=lambda r: -scores[r])[:ALTERNATIVES]
        sure = min(SURE_AT_MOST, math.exp(scores[token.text] - top) / total)
        return RestoredWord(token.text, token.damaged, True, tuple(others), round(sure, 2))

    def _joined(self, path: list[_Token]) -> str:
        text = ""
        for token in path:
            if text and (self._spaced(token, text) if not self.exact else token.space):
                text += BLANK
            text += token.text
        return text

    @staticmethod
    def _spaced(token: _Token, text: str) -> bool:
        return not (token.text[0] in CLOSING or text[-1] in OPENING)


def _merged(path: list[_Token]) -> Iterator[_Token]:
    """The tokens, characters left as damaged run together (a run of blanks one «…»)."""
    raw: list[_Token] = []
    for token in [*path, None]:
        if token is not None and token.kind == "raw":
            raw.append(token)
            continue
        if raw:
            shown = re.sub(" +", "…", "".join(t.text for t in raw))
            yield _Token(shown, shown, "raw", raw[0].space)
            raw = []
        if token is not None:
            yield token

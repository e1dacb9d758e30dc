"""Texts of past appendices whose letters were lost, and their restoration.

A PDF whose font's glyphs do not map back to letters loses, in its text layer, every occurrence of those letters:
each becomes a blank, while the other letters survive («Phát triển» is «  át tr ể » when P, h, i and n are
lost). A letter that survives once in a document survives everywhere in it, so what a candidate reading would
have left is known exactly: its letters the document shows anywhere stay, every other letter is a blank.

A reader that collapsed the blanks («át tr ể») still tells the surviving letters apart, not how many were lost:
such a text is compared blanks collapsed, and its restoration is less sure.

Nothing restored is trusted: :func:`restore` marks every word it restored, with the other readings that fit
and a confidence, for whoever reviews it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass

from chiso.appendix.restoration import SURE_AT_MOST, Reading, Restoration, RestoredWord, collapsed
from chiso.appendix.vocabulary import (
    BLANK,
    Vocabulary,
    damage,
    flat,
    nfc,
    syllables,
    tokens,
    vocabulary,
)

__all__ = ["FontLoss", "Restoration", "RestoredWord", "Vocabulary", "damaged_texts", "fits", "is_damaged",
           "letters_lost",
           "restore", "restored_by", "vocabulary"]

FRAGMENT_SHARE = 0.2  # a text this much of whose words are no word at all lost letters
SINGLE_LETTER_WORDS = frozenset("ởyýàaôe")  # the one-letter words an indicator's name may have («y tế»)
SPACED = re.compile(r"\S {2,}\S")  # blanks inside a text: a lost letter each


def _blanked(text: str) -> str:
    """NFC, every kind of blank a plain one, none collapsed."""
    return re.sub(r"\s", BLANK, nfc(text))


def _shown(text: str) -> set[str]:
    return {c for c in text if c.isalpha()}


# Telling a damaged text


def is_damaged(text: str) -> bool:
    """Whether the text looks like one whose letters were lost: several of its words are no word at all
    («tr», «ể», «đượ»), a fifth of them at least, or they are spread by blanks inside it."""
    words = _words(text)
    broken = sum(_fragment(w) for w in words)
    return broken >= 2 and (broken >= FRAGMENT_SHARE * len(words) or bool(SPACED.search(_blanked(text))))


def damaged_texts(texts: Iterable[str]) -> list[str]:
    """The texts of one document whose letters were lost: those :func:`is_damaged` tells, and, once there is
    one, each with a word that is no word at all: the same font lost the same letters in them, though few."""
    found = list(dict.fromkeys(texts))
    if not any(is_damaged(text) for text in found):
        return []
    return [text for text in found if any(_fragment(w) for w in _words(text))]


def _words(text: str) -> list[str]:
    return [t for t in re.findall(r"[\w']+", nfc(text)) if t.isalpha()]  # nor «4G» nor «H'Leo» a fragment


def _fragment(word: str) -> bool:
    """Whether the word is no syllable, no name or acronym («Đắk Lắk», «Ia HLốp», «UBND») and no foreign word
    («online»)."""
    if len(word) == 1:
        return word not in SINGLE_LETTER_WORDS
    if word.lower() in syllables() or word[0].isupper():
        return False
    return not (word.isascii() and len(word) >= 3 and (len(word) >= 4 or not word.islower()))


# Comparing a reading with the damaged text


def fits(damaged: str | Sequence[str], candidate: str, *, lost: Set[str] = frozenset(),
         kept: Set[str] = frozenset()) -> bool:
    """Whether ``candidate`` could have been damaged into ``damaged``: every letter the damaged text (or
    ``kept``) shows stays, every other letter is a blank, one blank a letter, the candidate's blanks blank;
    blanks trailing either may have been trimmed. A damaged text without a run of blanks may have had them
    collapsed, and is compared so. ``damaged`` may be a cell's lines, each kept apart (a line ends where the
    candidate has a blank). ``lost`` and ``kept``: the letters the document's font is known to lose and keep."""
    lines = [_blanked(damaged)] if isinstance(damaged, str) else [_blanked(line) for line in damaged]
    keep = (set(kept) | {c for line in lines for c in _shown(line)}) - set(lost)
    left = damage(nfc(candidate), keep)
    if isinstance(damaged, str):
        return flat(left) == flat(lines[0]) if collapsed(lines[0]) else _same_blanks(lines[0], left)
    return _lines_fit(lines, left)


def _same_blanks(damaged: str, left: str) -> bool:
    width = max(len(damaged), len(left))
    return damaged.ljust(width) == left.ljust(width)


def _lines_fit(lines: list[str], left: str) -> bool:
    """Whether the lines, in order, fit pieces of ``left`` ending at its blanks (or its end)."""
    breaks = [q for q in range(len(left) + 1) if q == len(left) or left[q] == BLANK]
    starts = {0}
    for number, line in enumerate(lines):
        last = number == len(lines) - 1
        starts = {q + 1 for p in starts for q in breaks
                  if q >= p and (q == len(left) or not last) and _same_blanks(line, left[p:q])}
    return len(left) + 1 in starts


@dataclass(frozen=True)
class FontLoss:
    """The letters a document's font loses, and those it keeps, as its texts already restored show."""

    lost: frozenset[str]
    kept: frozenset[str]


def letters_lost(pairs: Iterable[tuple[str, str]]) -> FontLoss:
    """What the pairs (damaged text, its known reading) tell of the font: the letters the damaged texts show
    are kept, those of the readings they never show lost. A pair that does not fit tells nothing."""
    lost: set[str] = set()
    kept: set[str] = set()
    for damaged, reading in pairs:
        if fits(damaged, reading):
            shown = _shown(_blanked(damaged))
            kept |= shown
            lost |= _shown(nfc(reading)) - shown
    return FontLoss(frozenset(lost - kept), frozenset(kept))


def restored_by(damaged: str | Sequence[str], known_texts: Iterable[str], *, lost: Set[str] = frozenset(),
                kept: Set[str] = frozenset()) -> str | None:
    """The one known text that fits the damaged one (:func:`fits`), or None when none does or several do."""
    found = [t for t in dict.fromkeys(known_texts) if t.strip() and fits(damaged, t, lost=lost, kept=kept)]
    return found[0] if len(found) == 1 else None


# Restoring


def restore(damaged: str, words: Vocabulary, *, lost: Set[str] = frozenset(),
            kept: Set[str] = frozenset()) -> Restoration:
    """The likeliest reading of ``damaged`` from the vocabulary: a known text of its documents when exactly one
    fits, else the words, chosen over the whole text, that fit it together, the most frequent and the pairs its
    documents write preferred. ``lost`` and ``kept``: what the document's font is known to lose and keep."""
    text = _blanked(damaged)
    keep = frozenset((set(kept) | _shown(text)) - set(lost))
    known = restored_by(text, words.texts, kept=keep)
    if known is not None:
        return _as_known(text, known, keep)
    return Reading(text, words, keep).best()


def _as_known(damaged: str, known: str, keep: frozenset[str]) -> Restoration:
    """The known text as a restoration: the words whose letters were lost restored, the only reading that fits
    the whole, but still to be checked."""
    found = []
    for token in tokens(known):
        left = damage(token, keep)
        sure = SURE_AT_MOST if left != token else 1.0
        found.append(RestoredWord(token, left if not collapsed(damaged) else flat(left), left != token, (), sure))
    return Restoration(damaged, nfc(known), tuple(found))

"""The core's messages in the reader's language: Vietnamese unless English is chosen.

Every message is written in Vietnamese, and that text is its msgid in the core's catalogue
(``locale/en/LC_MESSAGES/chiso.po``, compiled to ``chiso.mo`` beside it), as in the web app's.
``_()`` translates a message now; ``N_()`` only marks a module-level constant, translated where it is shown.
A message a result keeps (a finding, an explanation, a forecast's reason) is a :class:`Phrase`: the msgid
and its arguments, written out when it is read, so one computed, cached or pickled result reads in the
language of whoever reads it, and nothing in English is ever stored.

The language is, first, the one chosen with :func:`speaking` (or :func:`choose`: the command line's
``--lang``); else the one a host application follows (:func:`follow`: the web app follows Django's
language of the request); else ``CHISO_LANG``; else Vietnamese.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Union

LANGUAGES = ("vi", "en")
DOMAIN = "chiso"
LOCALE = Path(__file__).parent / "locale"

_chosen: ContextVar[str | None] = ContextVar("chiso_language", default=None)
_followed: list[Callable[[], str | None]] = []


def normalized(code: str | None) -> str:
    """ "en-us", "en_GB", "EN" → "en"; anything not offered → "vi"."""
    base = (code or "").replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else "vi"


def language() -> str:
    """The language messages are written in now: "vi" or "en"."""
    chosen = _chosen.get()
    if chosen is None and _followed:
        chosen = _followed[-1]()
    return normalized(chosen if chosen is not None else os.environ.get("CHISO_LANG"))


def choose(code: str | None) -> Token[str | None]:
    """Write messages in ``code`` from now on in this context; the token undoes it (``_chosen.reset``)."""
    return _chosen.set(None if code is None else normalized(code))


def unchoose(token: Token[str | None]) -> None:
    _chosen.reset(token)


@contextmanager
def speaking(code: str) -> Iterator[None]:
    """Messages in ``code`` within the block, whatever the host follows: ``with speaking("vi"): report()``."""
    token = choose(code)
    try:
        yield
    finally:
        unchoose(token)


def follow(current: Callable[[], str | None]) -> None:
    """Take the language from ``current()`` when none is chosen; once per host (a second call replaces it)."""
    _followed[:] = [current]


@cache
def _catalogue(code: str) -> gettext.NullTranslations:
    # fallback: a catalogue not built yet leaves the messages Vietnamese rather than breaking a page
    return gettext.translation(DOMAIN, LOCALE, languages=[code], fallback=True)


def translate(msgid: str, code: str | None = None) -> str:
    """``msgid`` in ``code`` (the current language by default); Vietnamese is the msgid itself."""
    code = normalized(code) if code is not None else language()
    return msgid if code == "vi" else _catalogue(code).gettext(msgid)


def _(msgid: str) -> str:
    """The message in the current language."""
    return translate(msgid)


def N_(msgid: str) -> str:  # noqa: N802 (gettext's name for "mark, translate later")
    """Marks a constant for the catalogue; whoever shows it translates it (``_()``, ``translate``)."""
    return msgid


@dataclass(frozen=True)
class Either:
    """Words that differ by language but come from the data's own two forms (a period's label), not the catalogue."""

    vi: str
    en: str

    def render(self, code: str) -> str:
        return self.en if code == "en" else self.vi


Part = Union[str, "Phrase", Either]


def _render(part: Part, code: str) -> str:
    return part if isinstance(part, str) else part.render(code)


@dataclass(frozen=True)
class Phrase:
    """A message written out when it is read: ``str(phrase)`` in the current language, ``render("vi")``.

    ``msgid`` holds ``{name}`` placeholders filled from ``args``, which are text as is (numbers, codes,
    names), other phrases, or :class:`Either`. A phrase not ``translated`` is written as its msgid (a
    framework's own wording, or a joint of phrases); a ``capital`` one starts with a capital letter.
    """

    msgid: str
    args: tuple[tuple[str, Part], ...] = ()
    translated: bool = True
    capital: bool = False

    def render(self, code: str | None = None) -> str:
        code = normalized(code) if code is not None else language()
        template = translate(self.msgid, code) if self.translated else self.msgid
        text = template.format_map({k: _render(v, code) for k, v in self.args}) if self.args else template
        return text[:1].upper() + text[1:] if self.capital else text

    def __str__(self) -> str:
        return self.render()


def phrase(msgid: str, **args: Part) -> Phrase:
    """A catalogue message with its arguments, written out when read."""
    return Phrase(msgid, tuple(args.items()))


def verbatim(text: str | Phrase) -> Phrase:
    """Text that is not a catalogue message (a framework's rule message, a plug-in's words), shown as written."""
    return text if isinstance(text, Phrase) else Phrase(text, translated=False)


def joined(separator: str, parts: Iterable[Part]) -> Phrase:
    """The parts one after the other, ``separator`` between them: ``joined("; ", clauses)``."""
    args = tuple((f"p{i}", part) for i, part in enumerate(parts))
    escaped = separator.replace("{", "{{").replace("}", "}}")
    return Phrase(escaped.join(f"{{{name}}}" for name, _part in args), args, translated=False)


def capitalized(text: Phrase) -> Phrase:
    return replace(text, capital=True)

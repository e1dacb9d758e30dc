"""Exact numbers as Vietnamese reports write them: ``1.247.855`` and ``46,14``.

Everything is :class:`~decimal.Decimal`, never float, and keeps the number of decimals written
(``99,20`` stays ``Decimal("99.20")``).

Locales: ``"vi"`` (dot groups thousands, comma marks decimals) and ``"en"``/``"c"`` (comma groups
thousands, dot marks decimals). Region suffixes such as ``vi_VN`` or ``en-US`` are accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, getcontext, localcontext
from functools import cache, cached_property, lru_cache

from babel.numbers import format_decimal as _babel_format_decimal

from chiso.errors import InputError

_BLANKS = " \t\r\n\u00a0\u202f\u2007\u200b\ufeff"
_MINUS_SIGNS = ("\u2212", "\u2013")  # minus sign and en dash, as word processors write them


@dataclass(frozen=True)
class _Style:
    """How one locale writes numbers."""

    group: str
    decimal: str
    expected: str
    babel_locale: str

    @cached_property
    def separators(self) -> dict[int, str]:
        """From Python's own writing of a number (1,247,855.5) to the locale's."""
        return {ord(","): self.group, ord("."): self.decimal}

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        g, d = re.escape(self.group), re.escape(self.decimal)
        return re.compile(rf"-?(?:\d+|[1-9]\d{{0,2}}(?:{g}\d{{3}})+)(?:{d}\d+)?", re.ASCII)


_VI = _Style(".", ",", "số, ví dụ 1.247.855 hoặc 46,14", "vi")
_EN = _Style(",", ".", "số, ví dụ 1247855, 1,247,855 hoặc 46.14", "en")


@cache
def _style(locale: str) -> _Style:
    language = re.split(r"[_\-.@]", locale.strip().lower(), maxsplit=1)[0]
    if language == "vi":
        return _VI
    if language in ("en", "c", "posix"):
        return _EN
    raise ValueError(f"unsupported number locale {locale!r}: use 'vi' or 'en'")


def parse_decimal(text: str, locale: str = "en", *, allow_percent: bool = False) -> Decimal:
    """The exact number ``text`` writes, keeping its decimals; InputError if it is not one.

    In ``vi`` a dot always groups thousands (``1.543`` is 1543, ``1.5`` is an error). With
    ``allow_percent`` a trailing ``%`` is dropped: ``46,14%`` gives 46.14, not 0.4614.
    """
    style = _style(locale)
    body = _clean(text, style, allow_percent)
    if not style.pattern.fullmatch(body):
        message = f"«{text}» không phải là số hợp lệ: {_diagnose(body, style)}"
        raise InputError(message, expected=style.expected)
    value = Decimal(body.replace(style.group, "").replace(style.decimal, "."))
    return abs(value) if value.is_zero() else value


def _clean(text: str, style: _Style, allow_percent: bool) -> str:
    """``text`` without surrounding blanks and the allowed ``%``, with a plain ASCII minus."""
    body = text.strip(_BLANKS)
    if body.endswith("%"):
        if not allow_percent:
            raise InputError(f"«{text}»: ở đây không được có dấu %", expected=style.expected)
        body = body[:-1].rstrip(_BLANKS)
    if not body:
        raise InputError("Giá trị trống, cần một số", expected=style.expected)
    for sign in _MINUS_SIGNS:
        body = body.replace(sign, "-")
    return body


def _diagnose(body: str, style: _Style) -> str:
    """Why ``body``, which does not match the locale's pattern, is not a number."""
    if body.strip("0123456789.,-"):
        return "chỉ được có chữ số, dấu phân cách hàng nghìn, dấu thập phân và dấu trừ"
    if body.count("-") > 1 or body.find("-") > 0:
        return "chỉ được có một dấu trừ, đặt ở đầu số"
    if body.count(style.decimal) > 1:
        return f"dấu thập phân «{style.decimal}» xuất hiện nhiều lần"
    if style is _VI:
        return ("trong tiếng Việt dấu chấm là dấu phân cách hàng nghìn, sau nó phải có đúng 3 chữ số; "
                "dấu thập phân là dấu phẩy")
    return "dấu phẩy là dấu phân cách hàng nghìn, sau nó phải có đúng 3 chữ số; dấu thập phân là dấu chấm"


def decimals_of(value: Decimal) -> int:
    """Number of decimal places written: 41.5 → 1, 100 → 0, 99.20 → 2, 1E+3 → 0."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int):
        raise ValueError(f"not a finite number: {value}")
    return max(0, -exponent)


def canonical(value: Decimal) -> str:
    """Plain string without exponent, places kept: 1E+3 → ``1000``, 99.20 → ``99.20``."""
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    return format(value, "f")


def format_decimal(value: Decimal, locale: str = "vi", decimals: int | None = None) -> str:
    """``value`` written for ``locale``: ``1.247.855``, ``46,14`` (vi); ``1,247,855``, ``46.14`` (en).

    Without ``decimals`` the value's own places are kept (99.20 → ``99,20``); with it the value is
    rounded half up to that many places (0.645, 2 → ``0,65``).
    """
    # Kept by the value's exact text (80 and 80.0 are equal Decimals written differently): an evaluation of
    # every unit writes the same targets and rates tens of thousands of times.
    return _formatted(str(value), locale, decimals)


@lru_cache(maxsize=100_000)
def _formatted(text: str, locale: str, decimals: int | None) -> str:
    value = Decimal(text)
    places = decimals_of(value) if decimals is None else decimals
    if places < 0:
        raise ValueError(f"decimals must not be negative: {decimals}")
    style = _style(locale)
    digits = value.adjusted() + places + 2
    if digits > getcontext().prec:  # a huge number or many places: round in a context wide enough for it
        with localcontext() as context:
            context.prec = digits
            rounded = round_half_up(value, places)
    else:
        rounded = round_half_up(value, places)
    # Python's own grouping of a Decimal is exact and ~50× faster than Babel's; the separators are the
    # locale's as CLDR gives them (a test holds this equal to Babel's format_decimal).
    return format(rounded, f",.{places}f").translate(style.separators)


def babel_format_decimal(value: Decimal, locale: str = "vi", decimals: int | None = None) -> str:
    """:func:`format_decimal` as Babel writes it with the locale's CLDR pattern: the reference it is tested on."""
    places = decimals_of(value) if decimals is None else decimals
    pattern = "#,##0" + ("." + "0" * places if places else "")
    with localcontext() as context:
        context.prec = max(context.prec, value.adjusted() + places + 2)  # Babel quantizes in this context
        rounded = round_half_up(value, places)
        return str(_babel_format_decimal(rounded, format=pattern, locale=_style(locale).babel_locale))


def round_half_up(value: Decimal, places: int) -> Decimal:
    """``value`` rounded half up to ``places`` decimals, as reports are rounded by hand; never a negative zero."""
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded.is_zero() else rounded


def format_percent(value: Decimal, locale: str = "vi", decimals: int | None = None) -> str:
    """A value already in percent written with ``%`` and no space: 46.14 → ``46,14%`` (vi)."""
    return format_decimal(value, locale, decimals) + "%"

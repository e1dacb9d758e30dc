"""Several sources for one figure: which value counts, and where the sources disagree.

A figure (framework × indicator × unit × period) may be reported by the unit itself (origin "") and by
other sources the framework declares (the national portal, EMC…). The one that counts is the official
source's where it has one, else the unit's own; a value of another source counts for nothing but the
reconciliation, which lists every figure whose sources disagree beyond the indicator's rounding.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from chiso.catalog.model import OWN_ORIGIN, Framework, Indicator
from chiso.errors import InputError
from chiso.i18n import Phrase, phrase
from chiso.periods import Period
from chiso.values.model import Value, read_value
from chiso.values.numbers import format_decimal, round_half_up


def choose(values: Iterable[Value], official: str) -> Iterator[Value]:
    """One value per figure: the ``official`` origin's where it has one, else the unit's own; others left out."""
    if official == OWN_ORIGIN:
        yield from (v for v in values if v.origin == OWN_ORIGIN)
        return
    chosen: dict[tuple[str, str, str, str], Value] = {}
    for value in values:
        if value.origin == official or (value.origin == OWN_ORIGIN and value.figure_key not in chosen):
            chosen[value.figure_key] = value
    yield from chosen.values()


@dataclass(frozen=True)
class Disagreement:
    """Two sources' values of one figure that differ once both are rounded to the indicator's places.

    ``first`` is the value that counts when it is one of the two (official, else the unit's own).
    """

    first: Value
    second: Value
    places: int

    @property
    def framework(self) -> str:
        return self.first.framework

    @property
    def indicator(self) -> str:
        return self.first.indicator

    @property
    def unit(self) -> str:
        return self.first.unit

    @property
    def period(self) -> str:
        return self.first.period

    @property
    def difference(self) -> Decimal | None:
        """second − first when both are numbers, else None."""
        a, b = _number(self.first.value), _number(self.second.value)
        return None if a is None or b is None else b - a


def disagreements(framework: Framework, values: Iterable[Value]) -> list[Disagreement]:
    """Every pair of sources of one figure that disagree, in catalogue order, then unit, period and origin."""
    grouped: dict[tuple[str, str, str, str], dict[str, Value]] = {}
    for value in values:
        if value.framework == framework.code:
            grouped.setdefault(value.figure_key, {})[value.origin] = value
    found = []
    for (_fw, code, _unit, _period), by_origin in grouped.items():
        if len(by_origin) < 2:
            continue
        indicator = framework.indicator(code) if framework.has(code) else None
        places = indicator.places if indicator is not None else 0
        ordered = sorted(by_origin.values(), key=lambda v: _rank(framework, v.origin))
        found += [Disagreement(a, b, places) for a, b in combinations(ordered, 2)
                  if not agree(indicator, a.value, b.value)]
    return sorted(found, key=_order(framework))


def agree(indicator: Indicator | None, first: str, second: str) -> bool:
    """Whether two values are the same figure: numbers once rounded to the indicator's places, else the text."""
    a, b = (_exact(indicator, first), _exact(indicator, second)) if indicator is not None else (None, None)
    if a is None or b is None or indicator is None:
        return first.strip() == second.strip()
    return round_half_up(a, indicator.places) == round_half_up(b, indicator.places)


def describe(framework: Framework, item: Disagreement) -> str:
    """The disagreement in words, each value with its source: what a finding and a listing say."""
    return described(framework, item).render()


def described(framework: Framework, item: Disagreement) -> Phrase:
    """The words of :func:`describe`, written out when read, in the reader's language (``chiso.i18n``)."""
    first, second = (phrase("{origin} ghi {value}", origin=origin_label(framework, v.origin), value=shown(v.value))
                     for v in (item.first, item.second))
    difference = item.difference
    gap = "" if difference is None else phrase(": lệch {gap}", gap=format_decimal(abs(difference), "vi"))
    return phrase("Chỉ tiêu {code}, đơn vị {unit}, kỳ {period}: {first}, {second}{gap} (so sánh đến {places} chữ số "
                  "thập phân); cần đối soát giữa các nguồn", code=item.indicator, unit=item.unit, period=item.period,
                  first=first, second=second, gap=gap, places=str(item.places))


def origin_label(framework: Framework, origin: str) -> str:
    """«Cổng Dịch vụ công quốc gia (dvcqg)»; «Báo cáo của đơn vị» for the unit's own."""
    name = framework.origin_name(origin)
    return name if origin == OWN_ORIGIN or name == origin else f"{name} ({origin})"


def shown(text: str) -> str:
    """A stored value as people read it: 83.48 → 83,48; a text as it is."""
    number = _number(text)
    return text if number is None else format_decimal(number, "vi")


def _rank(framework: Framework, origin: str) -> tuple[int, str]:
    if origin == framework.official_origin:
        return (0, origin)
    return (1, origin) if origin == OWN_ORIGIN else (2, origin)


def _order(framework: Framework) -> Callable[[Disagreement], tuple[object, ...]]:
    position = {indicator.code: n for n, indicator in enumerate(framework.indicators)}

    def key(item: Disagreement) -> tuple[object, ...]:
        return (position.get(item.indicator, len(position)), item.indicator, item.unit, *_when(item.period),
                *_rank(framework, item.first.origin), *_rank(framework, item.second.origin))

    return key


def _when(code: str) -> tuple[int, str, str]:
    try:
        period = Period.parse(code)
    except InputError:
        return (1, "", code)
    return (0, period.end.isoformat(), code)


def _exact(indicator: Indicator, text: str) -> Decimal | None:
    if not indicator.value_type.is_numeric:
        return None
    try:
        reading = read_value(indicator, text)
    except InputError:
        return None
    return reading if isinstance(reading, Decimal) else None


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text) if text and text[0] in "-0123456789" else None
    except ArithmeticError:
        return None

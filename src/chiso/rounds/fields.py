"""The part of a framework a unit's entry form holds in a period: what its data sets ask, and what that needs.

A data set asks some indicators (``chiso.rounds.gate.asked_indicators``); the form, its Excel template and
their saves hold exactly those, with the counts each asked rate is computed from (a rate needs its inputs),
the group headings above them, and the relations and rules that read only them. An indicator whose figures
are a data set's reporting rate is never in a form: the store computes it from the rounds, so nobody types
it, and a rate whose formula reads one cannot be computed from a unit's own values either.

The result is a ``Framework`` of the same code, so every part of the form (rows, versions, what a save
clears, the template's rows and checksum) follows it without being told twice.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from chiso.catalog.model import Framework, Indicator, ValueType


def offered(framework: Framework, asked: Collection[str] | None) -> Framework:
    """``framework`` narrowed to the indicators a form holds for ``asked`` (None: every entered indicator)."""
    valued = [i for i in framework.indicators if i.value_type is not ValueType.HEADING]
    kept = held(framework, asked)
    if len(kept) == len(valued):
        return framework  # nothing narrowed: the very framework, so a template's checksum stays what it was
    shown = kept | _headings_above(framework, kept)
    return replace(framework, indicators=tuple(i for i in framework.indicators if i.code in shown),
                   relations=tuple(r for r in framework.relations if {r.left, *r.right} <= kept),
                   rules=tuple(r for r in framework.rules if set(r.expression.references) <= kept))


def held(framework: Framework, asked: Collection[str] | None) -> set[str]:
    """The codes of the indicators a form holds: those asked that a form can hold, and their rates' inputs."""
    chosen = [i for i in framework.indicators if i.value_type is not ValueType.HEADING
              and (asked is None or i.code in asked)]
    kept: set[str] = set()
    for indicator in chosen:
        if not reads_rounds(framework, indicator):
            _with_inputs(framework, indicator, kept)
    return kept


def reads_rounds(framework: Framework, indicator: Indicator, seen: frozenset[str] = frozenset()) -> bool:
    """Whether ``indicator`` is a reporting rate or is computed from one: a figure the rounds give, not a form."""
    if indicator.reporting_rate is not None:
        return True
    if indicator.formula is None or indicator.code in seen:
        return False
    return any(reads_rounds(framework, framework.indicator(code), seen | {indicator.code})
               for code in indicator.formula.references if framework.has(code))


def _with_inputs(framework: Framework, indicator: Indicator, kept: set[str]) -> None:
    if indicator.code in kept:
        return
    kept.add(indicator.code)
    for code in indicator.formula.references if indicator.formula is not None else ():
        if framework.has(code):
            _with_inputs(framework, framework.indicator(code), kept)


def _headings_above(framework: Framework, kept: set[str]) -> set[str]:
    """The group headings some kept indicator sits under (through its parents), so the form keeps its shape."""
    found: set[str] = set()
    for code in kept:
        parent = framework.indicator(code).parent
        while parent and parent not in found and framework.has(parent):
            found.add(parent)
            parent = framework.indicator(parent).parent
    return {code for code in found if framework.indicator(code).value_type is ValueType.HEADING}

"""A composite index as a framework declares it: groups of components, each worth points for a rate.

```yaml
indices:
  - code: qd766
    name: "Bộ chỉ số phục vụ người dân, doanh nghiệp"
    total: 100
    groups:
      - code: "3"
        name: "Dịch vụ công trực tuyến"
        items:
          - {code: "3.1", name: "…", indicator: "766.3.1", max: 12, threshold: 80, zero_denominator: na}
```

A component is either *scored* (points for one indicator's rate) or *composite* (the weighted sum of its
parts); groups are the composites directly under the index. Everything here is plain data, built and
checked by :mod:`chiso.indices.declare` when the framework loads.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

HUNDRED = Decimal(100)


class ZeroDenominator(StrEnum):
    """What a rate whose denominator is zero is worth: nothing to judge (N/A), or no points."""

    NA = "na"
    ZERO = "zero"


@dataclass(frozen=True)
class Component:
    """One item or group of an index; ``parts`` empty means it scores ``indicator``'s rate."""

    code: str
    name: str
    max: Decimal
    weight: Decimal = Decimal(1)
    indicator: str = ""
    numerator: str = ""  # the counts behind the rate, for what reaching the threshold would need
    denominator: str = ""
    threshold: Decimal = HUNDRED
    lower_is_better: bool = False
    zero_denominator: ZeroDenominator = ZeroDenominator.NA
    need: str = ""  # what the numerator counts: «hồ sơ trực tuyến»
    notes: str = ""
    parts: tuple[Component, ...] = ()

    @property
    def scored(self) -> bool:
        return not self.parts

    def walk(self) -> Iterator[Component]:
        """This component and every one below it, parents first."""
        yield self
        for part in self.parts:
            yield from part.walk()


@dataclass(frozen=True)
class Index:
    """A composite index: its groups, their total and, for a DTI-style index, its 0–1 form."""

    code: str
    name: str
    groups: tuple[Component, ...]
    normalise: bool = False
    decimals: int = 4
    notes: str = ""

    @property
    def max(self) -> Decimal:
        return sum((g.weight * g.max for g in self.groups), Decimal(0))

    def components(self) -> Iterator[Component]:
        for group in self.groups:
            yield from group.walk()

    def items(self) -> Iterator[Component]:
        """The scored components, in declaration order."""
        return (c for c in self.components() if c.scored)

    def indicators(self) -> list[str]:
        """The indicator codes a score reads."""
        codes = (code for c in self.items() for code in (c.indicator, c.numerator, c.denominator) if code)
        return list(dict.fromkeys(codes))

"""A figure: one indicator's value for one org unit and period in the computed view, with where it came from."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from chiso.orgunits.model import OrgUnitType
from chiso.values.model import Value

Key = tuple[str, str, str]  # (indicator, unit, period code)


class Provenance(StrEnum):
    """How a figure was obtained."""

    REPORTED = "reported"  # stored as a unit reported it
    DERIVED = "derived"  # the indicator's formula over the same unit and period
    AGGREGATED = "aggregated"  # combined over the units below, as the indicator declares
    ROLLED_UP = "rolled_up"  # combined over the shorter periods within, as the indicator declares
    COMPOSED = "composed"  # combined over the units a unit was made of, for a period before it began

    @property
    def label(self) -> str:
        return PROVENANCE_LABELS[self]


PROVENANCE_LABELS = {
    Provenance.REPORTED: "Số liệu báo cáo",
    Provenance.DERIVED: "Tính theo công thức",
    Provenance.AGGREGATED: "Tổng hợp từ đơn vị cấp dưới",
    Provenance.ROLLED_UP: "Cộng dồn từ các kỳ ngắn hơn",
    Provenance.COMPOSED: "Gộp từ các đơn vị trước sắp xếp",
}

# How the units counted in a completeness are called: «87/102 xã».
UNIT_NOUNS = {
    OrgUnitType.NATION: "đơn vị",
    OrgUnitType.MINISTRY: "bộ, ngành",
    OrgUnitType.PROVINCE: "tỉnh",
    OrgUnitType.DEPARTMENT: "sở, ngành",
    OrgUnitType.DISTRICT: "huyện",
    OrgUnitType.COMMUNE: "xã",
}


@dataclass(frozen=True, slots=True)
class Completeness:
    """How many of the units expected below a figure contributed to it: «87/102 xã»."""

    contributed: int
    expected: int
    unit_type: OrgUnitType | None = None  # the kind of every unit counted, when they are of one kind

    @property
    def complete(self) -> bool:
        return self.contributed >= self.expected

    @property
    def ratio(self) -> float:
        return self.contributed / self.expected if self.expected else 1.0

    @property
    def text(self) -> str:
        noun = UNIT_NOUNS[self.unit_type] if self.unit_type is not None else "đơn vị"
        return f"{_grouped(self.contributed)}/{_grouped(self.expected)} {noun}"

    def __str__(self) -> str:
        return self.text


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", ".")


@dataclass(frozen=True, slots=True)
class Beside:
    """What a parent's units add up to, shown beside the official figure the parent reported."""

    value: str
    number: Decimal
    completeness: Completeness


@dataclass(slots=True)  # not frozen: a view holds millions of figures, and a frozen init costs four times as much
class Figure:
    """One value of the computed view; nothing changes a figure once the view has made it.

    ``value`` is canonical text, as a stored value is; ``number`` the exact number when there is one.
    ``inputs`` names what a derived, aggregated or rolled-up figure was made from (indicator codes, unit
    codes or period codes), so a reader can follow it back.
    """

    indicator: str
    unit: str
    period: str
    value: str
    provenance: Provenance
    number: Decimal | None = None
    note: str = ""
    source: str = ""
    completeness: Completeness | None = None
    beside: Beside | None = None
    inputs: tuple[str, ...] = ()
    origin: str = ""  # of a reported figure, where its value came from: "" the unit's own report, else a source

    @property
    def key(self) -> Key:
        return (self.indicator, self.unit, self.period)

    def as_value(self, framework: str) -> Value:
        """The figure as a value, so everything that reads values reads the view the same way.

        A figure made from only some of the units expected says so in its note: «Số liệu của 87/102 xã».
        """
        partial = self.completeness is not None and not self.completeness.complete
        note = self.note or (f"Số liệu của {self.completeness}" if partial else "")
        return Value(framework, self.indicator, self.unit, self.period, self.value, note, self.source,
                     origin=self.origin)

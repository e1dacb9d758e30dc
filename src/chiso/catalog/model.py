"""The indicator catalogue: frameworks (bộ chỉ tiêu), their sections, indicators, targets and relations.

Everything here is plain data built from a framework YAML file by :mod:`chiso.catalog.loader`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from chiso.formulas import Formula
from chiso.indices.model import Index


class ValueType(StrEnum):
    """What kind of value an indicator holds."""

    COUNT = "count"
    NUMBER = "number"
    PERCENT = "percent"
    TEXT = "text"
    YES_NO = "yes_no"
    ORDINAL = "ordinal"
    HEADING = "heading"  # a group row with no value of its own (e.g. "5. Cung cấp dịch vụ công trực tuyến")

    @property
    def is_numeric(self) -> bool:
        return self in _NUMERIC


_NUMERIC = frozenset({ValueType.COUNT, ValueType.NUMBER, ValueType.PERCENT})


class Direction(StrEnum):
    """Which way is better. Declared, never assumed: progress needs it."""

    HIGHER = "higher"
    LOWER = "lower"


class Aggregation(StrEnum):
    """How values of child org units combine into their parent's."""

    SUM = "sum"
    RATIO = "ratio"  # recompute the formula from summed numerator and denominator
    MIN = "min"  # the lowest of the units' values ("the commune furthest behind")
    MAX = "max"  # the highest of the units' values
    NONE = "none"  # not aggregatable (text, ratings, per-unit statements)

    @property
    def combines(self) -> bool:
        """Whether the parent's figure is made from its units' values of the same indicator."""
        return self in (Aggregation.SUM, Aggregation.MIN, Aggregation.MAX)


class PeriodRollup(StrEnum):
    """How the values of shorter periods make a longer one's (months → quarter → half-year → year)."""

    SUM = "sum"  # a flow: dossiers received in the year are those of its months
    LAST = "last"  # a stock: procedures offered in the year are those offered at its end
    NONE = "none"  # each period is reported on its own


class TargetKind(StrEnum):
    """The names the built-in target kinds are registered under (chiso.evaluation.kinds); plug-ins add others."""

    NUMBER = "number"
    BOUND = "bound"
    RANGE = "range"
    COMPOUND = "compound"
    LEVEL = "level"
    RANK = "rank"
    QUALITATIVE = "qualitative"


COMPARATORS = ("=", ">=", ">", "<=", "<")


@dataclass(frozen=True)
class LegalBasis:
    """A legal document: "Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ"."""

    document: str = ""  # number and symbol, kept as text ("02144/QĐ-UBND")
    date: str = ""  # ISO date, or a partial one ("2023-08") when the day was left blank
    issuer: str = ""
    title: str = ""

    def citation(self) -> str:
        parts = [self.document]
        if self.date:
            parts.append(f"ngày {_vn_date(self.date)}")
        if self.issuer:
            parts.append(f"của {self.issuer}")
        return " ".join(p for p in parts if p)


def _vn_date(iso: str) -> str:
    pieces = [p.lstrip("0") or "0" for p in reversed(iso.split("-"))]
    return "/".join(pieces)


@dataclass(frozen=True)
class TargetPart:
    """One part of a target: "100% xã" is indicator III.1.2 ≥ 100."""

    indicator: str
    comparator: str
    value: Decimal
    label: str = ""


@dataclass(frozen=True)
class Baseline:
    period: str
    value: Decimal


class DeadlineKind(StrEnum):
    PERIOD = "period"  # reached by the end of one period: "đến năm 2025"
    PHASE = "phase"  # a phase, judged at its end: "giai đoạn 2025–2027"
    RECURRING = "recurring"  # each period of a type within a phase: "mỗi năm" from 2025 to 2030


@dataclass(frozen=True)
class Deadline:
    """When a target is due. ``end`` is the period code of the (last) deadline."""

    end: str
    start: str = ""  # the first period of a phase or of a recurring target
    every: str = ""  # for a recurring target, the period type of each occurrence: "year", "half"…

    @property
    def kind(self) -> DeadlineKind:
        if self.every:
            return DeadlineKind.RECURRING
        return DeadlineKind.PHASE if self.start else DeadlineKind.PERIOD

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind.value, "start": self.start, "end": self.end, "every": self.every}


@dataclass(frozen=True)
class TargetScope:
    """Whom a target is set for: named units, unit types, members of groups; nothing named means everyone.

    A group's code among ``units`` sets the target for the group's own figure (the bloc as a whole);
    a group among ``groups`` sets it for each of its members.
    """

    units: tuple[str, ...] = ()
    types: tuple[str, ...] = ()  # OrgUnitType values: "province", "ministry", "commune"…
    groups: tuple[str, ...] = ()

    @property
    def everyone(self) -> bool:
        return not (self.units or self.types or self.groups)

    def applies(self, unit: str, unit_type: str = "", groups: frozenset[str] = frozenset()) -> bool:
        if self.everyone:
            return True
        return unit in self.units or unit_type in self.types or not groups.isdisjoint(self.groups)

    def to_dict(self) -> dict[str, list[str]]:
        return {"units": list(self.units), "types": list(self.types), "groups": list(self.groups)}


@dataclass(frozen=True)
class Target:
    """A target (chỉ tiêu) set for an indicator, to be reached by ``period`` (the deadline's last period)."""

    id: str
    kind: str  # the registered name of its kind: a TargetKind for the built-in ones
    period: str
    text: str  # as written in the source document: "90% hộ gia đình, 100% xã"
    parts: tuple[TargetPart, ...] = ()  # NUMBER has one part, COMPOUND several, RANGE two (>= and <=)
    level: str = ""  # for LEVEL targets: "Loại A"
    baseline: Baseline | None = None
    legal_basis: LegalBasis | None = None
    note: str = ""
    deadline: Deadline | None = None  # filled from ``period`` when not given
    scope: TargetScope = TargetScope()

    def __post_init__(self) -> None:
        if self.deadline is None:
            object.__setattr__(self, "deadline", Deadline(self.period))

    @property
    def due(self) -> Deadline:
        assert self.deadline is not None  # set by __post_init__
        return self.deadline


FilterValue = str | bool | tuple[str, ...]


@dataclass(frozen=True)
class RecordRule:
    """How an indicator is counted from exported records (the one-stop system's procedures and dossiers).

    Declared in the framework file under ``records:`` and compiled into one query by :mod:`chiso.dossiers`:
    ``kind`` names a registered record kind (``procedure_count``, ``dossier_count``, ``dossier_rate``…),
    ``event`` the date that puts a dossier in a period (``received`` or ``completed``), ``where`` the records
    counted and, for a rate, ``among`` the records of its denominator. Filters map a canonical column or a
    named condition to a value: a text, a list of texts (any of them) or true/false.
    """

    kind: str
    event: str = ""
    where: tuple[tuple[str, FilterValue], ...] = ()
    among: tuple[tuple[str, FilterValue], ...] = ()


class RateMeasure(StrEnum):
    SUBMITTED = "submitted"  # units that sent, over units expected
    ON_TIME = "on_time"  # units that sent by the due date
    APPROVED = "approved"


@dataclass(frozen=True)
class ReportingRate:
    """An indicator whose figures are a data set's reporting rate over each unit's subtree, in percent.

    Declared in the framework file as ``reporting_rate: {data_set: BC-THANG, measure: submitted}``; the
    store computes its figures from the rounds (``chiso.store.figures``), none where nobody is expected.
    """

    data_set: str
    measure: RateMeasure = RateMeasure.SUBMITTED


@dataclass(frozen=True)
class Indicator:
    """One row of a framework."""

    code: str
    name: str
    value_type: ValueType
    section: str = ""
    name_en: str = ""
    unit: str = ""
    decimals: int | None = None
    direction: Direction | None = None
    may_exceed_100: bool = False
    formula: Formula | None = None
    aggregation: Aggregation = Aggregation.SUM
    period_rollup: PeriodRollup = PeriodRollup.NONE
    levels: tuple[str, ...] = ()  # ordinal levels, best first
    notes: str = ""
    targets: tuple[Target, ...] = ()
    parent: str = ""
    report: dict[str, object] = field(default_factory=dict, hash=False, compare=False)
    records: RecordRule | None = None
    reporting_rate: ReportingRate | None = None

    @property
    def is_derived(self) -> bool:
        return self.formula is not None

    @property
    def places(self) -> int:
        """Decimals a computed value keeps: the framework's, else none for a count and two otherwise."""
        if self.decimals is not None:
            return self.decimals
        return 0 if self.value_type is ValueType.COUNT else 2


class RelationKind(StrEnum):
    SUM = "sum"  # total = sum of parts
    PART_OF = "part_of"  # part <= whole
    EQUAL = "equal"  # left = right


@dataclass(frozen=True)
class Relation:
    """A relation the indicator names imply, checked on every org unit and period."""

    kind: RelationKind
    left: str  # total, part or left side
    right: tuple[str, ...]  # parts, whole or right side
    note: str = ""


@dataclass(frozen=True)
class Rule:
    """A custom check written in the framework file as a comparison formula."""

    id: str
    expression: Formula
    severity: str
    message: str
    indicator: str = ""  # the indicator a finding is attached to (first reference by default)


@dataclass(frozen=True)
class Source:
    """Where a framework's figures may come from besides the unit's own report: "dvcqg", "emc"…"""

    code: str
    name: str
    official: bool = False


OWN_ORIGIN = ""  # the origin of a unit's own report: every value that names no other source
OWN_ORIGIN_NAME = "Báo cáo của đơn vị"


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    title_en: str = ""


@dataclass(frozen=True)
class Framework:
    """A bộ chỉ tiêu: its metadata, sections and indicators in catalogue order."""

    code: str
    title: str
    indicators: tuple[Indicator, ...]
    sections: tuple[Section, ...] = ()
    title_en: str = ""
    appendix: str = ""
    legal_basis: tuple[LegalBasis, ...] = ()
    attached_to: LegalBasis | None = None  # the document the appendix goes with: "(Kèm theo Báo cáo số …)"
    relations: tuple[Relation, ...] = ()
    rules: tuple[Rule, ...] = ()
    layout: str = ""
    settings: dict[str, object] = field(default_factory=dict, hash=False, compare=False)
    source_text: str = field(default="", repr=False, hash=False, compare=False)
    sources: tuple[Source, ...] = ()
    # The store admin's choice of the official source, used when no declared source says it is official.
    chosen_official: str = field(default="", hash=False, compare=False)
    indices: tuple[Index, ...] = ()  # composite indices scored from the indicators (chiso.indices)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {i.code: i for i in self.indicators})

    def indicator(self, code: str) -> Indicator:
        by_code: dict[str, Indicator] = self._by_code  # type: ignore[attr-defined]
        return by_code[code]

    def index(self, code: str) -> Index | None:
        return next((i for i in self.indices if i.code == code), None)

    def has(self, code: str) -> bool:
        return code in self._by_code  # type: ignore[attr-defined]

    def targets(self) -> Iterator[tuple[Indicator, Target]]:
        for indicator in self.indicators:
            for target in indicator.targets:
                yield indicator, target

    def derived(self) -> Iterator[Indicator]:
        return (i for i in self.indicators if i.formula is not None)

    @property
    def official_origin(self) -> str:
        """The origin whose figure counts where it has one: the declared official source, else the admin's
        choice, else the unit's own report ("")."""
        declared = next((s.code for s in self.sources if s.official), None)
        return declared if declared is not None else self.chosen_official

    def knows_origin(self, code: str) -> bool:
        return code == OWN_ORIGIN or any(s.code == code for s in self.sources)

    def origin_name(self, code: str) -> str:
        """A source's name as declared: «Cổng Dịch vụ công quốc gia»; the unit's own report for ""."""
        found = next((s.name for s in self.sources if s.code == code), None)
        return found if found is not None else (OWN_ORIGIN_NAME if code == OWN_ORIGIN else code)

    def section_of(self, indicator: Indicator) -> Section | None:
        return next((s for s in self.sections if s.code == indicator.section), None)

"""What record-based indicators may say: the canonical columns, the named conditions and the kinds.

A framework declares on an indicator how it is counted from the exported records::

    records: {kind: dossier_count, event: received, where: {channel: online}}

Kinds are a registry, like the check validators and the report layouts; the built-ins are registered
below::

    register_kind("procedure_count", "procedures", "Số TTHC đang hiệu lực cuối kỳ")

Nothing in a filter is SQL: a name is a canonical column or a named condition of the kind's table and a
value is checked against what that column may hold, so a framework file can never inject a query.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from chiso.catalog.model import FilterValue, Framework, Indicator, RecordRule, ValueType
from chiso.errors import InputError


class Table(StrEnum):
    PROCEDURES = "procedures"
    DOSSIERS = "dossiers"


class ColumnKind(StrEnum):
    TEXT = "text"
    DATE = "date"
    FLAG = "flag"  # yes/no
    CHOICE = "choice"  # one of a few canonical codes


@dataclass(frozen=True)
class Column:
    name: str
    kind: ColumnKind
    required: bool = True  # the column must exist in the file
    may_be_empty: bool = False
    choices: tuple[str, ...] = ()


ONLINE_LEVELS = ("full", "partial", "none")
CHANNELS = ("online", "direct", "postal")

COLUMNS: dict[Table, tuple[Column, ...]] = {
    Table.PROCEDURES: (
        Column("procedure_code", ColumnKind.TEXT),
        Column("name", ColumnKind.TEXT, required=False, may_be_empty=True),
        Column("online_level", ColumnKind.CHOICE, choices=ONLINE_LEVELS),
        Column("has_fee", ColumnKind.FLAG),
        Column("online_payment", ColumnKind.FLAG),
        Column("on_national_portal", ColumnKind.FLAG),
        Column("valid_from", ColumnKind.DATE, may_be_empty=True),
        Column("valid_to", ColumnKind.DATE, may_be_empty=True),
    ),
    Table.DOSSIERS: (
        Column("dossier_id", ColumnKind.TEXT),
        Column("procedure_code", ColumnKind.TEXT),
        Column("unit_code", ColumnKind.TEXT),
        Column("received_at", ColumnKind.DATE),
        Column("channel", ColumnKind.CHOICE, choices=CHANNELS),
        Column("due_at", ColumnKind.DATE, may_be_empty=True),
        Column("completed_at", ColumnKind.DATE, may_be_empty=True),
        Column("digitized", ColumnKind.FLAG),
        Column("e_result", ColumnKind.FLAG),
        Column("reused_data", ColumnKind.FLAG),
        Column("paid_online", ColumnKind.FLAG, may_be_empty=True),
    ),
}

# Named conditions: yes/no facts about a record that no single column holds.
CONDITIONS: dict[Table, dict[str, str]] = {
    Table.PROCEDURES: {
        "with_online_dossier": "có ít nhất một hồ sơ nộp trực tuyến tiếp nhận trong kỳ tại đơn vị",
    },
    Table.DOSSIERS: {
        "has_due": "có ngày hẹn trả (due_at)",
        "completed": "đã giải quyết xong (có completed_at)",
        "on_time": "giải quyết xong không muộn hơn ngày hẹn trả (completed_at ≤ due_at)",
        # The export leaves paid_online empty where there is nothing to pay (a procedure without fees).
        "with_fee": "có nghĩa vụ thanh toán phí, lệ phí (cột paid_online có giá trị, có hoặc không)",
    },
}

def column(table: Table, name: str) -> Column:
    return next(c for c in COLUMNS[table] if c.name == name)


@dataclass(frozen=True)
class RecordKind:
    """A registered record kind: which table it counts, whether it is a rate, a Vietnamese label."""

    kind: str
    table: Table
    label: str
    rate: bool = False

    @property
    def value_type(self) -> ValueType:
        return ValueType.PERCENT if self.rate else ValueType.COUNT


_KINDS: dict[str, RecordKind] = {}


def register_kind(kind: str, table: Table | str, label: str, *, rate: bool = False) -> RecordKind:
    """Registers a record kind; a kind is registered once, so none is shadowed."""
    if kind in _KINDS:
        raise ValueError(f"a record kind {kind!r} is already registered")
    _KINDS[kind] = RecordKind(kind, Table(table), label, rate)
    return _KINDS[kind]


def unregister_kind(kind: str) -> None:
    _KINDS.pop(kind, None)


def kinds() -> list[RecordKind]:
    return list(_KINDS.values())


register_kind("procedure_count", Table.PROCEDURES, "Số TTHC có phiên bản hiệu lực vào ngày cuối kỳ")
register_kind("dossier_count", Table.DOSSIERS, "Số hồ sơ có sự kiện (tiếp nhận, giải quyết xong) trong kỳ")
register_kind("dossier_rate", Table.DOSSIERS, "Tỷ lệ phần trăm hồ sơ trong số hồ sơ của mẫu số", rate=True)


def kind_of(rule: RecordRule) -> RecordKind:
    if rule.kind not in _KINDS:
        raise InputError(f"loại bản ghi «{rule.kind}» chưa được đăng ký", column="kind",
                         expected=", ".join(_KINDS))
    return _KINDS[rule.kind]


def check_rule(indicator: Indicator, rule: RecordRule) -> None:
    """InputError (with the key at fault as its column) for a rule that cannot be compiled."""
    kind = kind_of(rule)
    if indicator.value_type is not kind.value_type:
        raise InputError(f"chỉ tiêu {indicator.code} kiểu {indicator.value_type.value} không tính được bằng "
                         f"loại bản ghi {kind.kind}", column="kind",
                         expected=f"chỉ tiêu kiểu {kind.value_type.value}")
    if kind.table is Table.DOSSIERS and not rule.event:
        raise InputError("loại bản ghi về hồ sơ cần khoá «event»", column="event", expected="received hoặc completed")
    if kind.table is Table.PROCEDURES and rule.event:
        raise InputError("loại bản ghi về TTHC không có khoá «event»", column="event",
                         expected="bỏ khoá event: TTHC được tính theo phiên bản hiệu lực vào ngày cuối kỳ")
    if rule.among and not kind.rate:
        raise InputError("chỉ tỷ lệ mới có mẫu số «among»", column="among", expected="bỏ khoá among")
    for key, terms in (("where", rule.where), ("among", rule.among)):
        for name, value in terms:
            _check_term(kind.table, name, value, f"{key}.{name}")


def _check_term(table: Table, name: str, value: FilterValue, where: str) -> None:
    if name in CONDITIONS[table]:
        if not isinstance(value, bool):
            raise InputError(f"điều kiện «{name}» nhận true hoặc false", column=where, expected="true hoặc false")
        return
    known = {c.name: c for c in COLUMNS[table] if c.kind in (ColumnKind.FLAG, ColumnKind.CHOICE)}
    if name not in known:
        raise InputError(f"«{name}» không phải là cột hoặc điều kiện lọc được của bảng {table.value}",
                         column=where, expected=", ".join([*known, *CONDITIONS[table]]))
    col = known[name]
    if col.kind is ColumnKind.FLAG:
        if not isinstance(value, bool):
            raise InputError(f"cột có/không «{name}» nhận true hoặc false", column=where, expected="true hoặc false")
        return
    values = value if isinstance(value, tuple) else (value,)
    if isinstance(value, bool) or any(v not in col.choices for v in values):
        raise InputError(f"giá trị «{_shown(value)}» không có trong cột «{name}»", column=where,
                         expected="một hoặc một danh sách trong: " + ", ".join(col.choices))


def _shown(value: FilterValue) -> str:
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value).lower() if isinstance(value, bool) else value


@dataclass(frozen=True)
class Declared:
    """An indicator counted from records, with its kind."""

    indicator: Indicator
    rule: RecordRule
    kind: RecordKind


def declared(framework: Framework) -> Iterator[Declared]:
    """The framework's record-based indicators in catalogue order."""
    for indicator in framework.indicators:
        if indicator.records is not None:
            yield Declared(indicator, indicator.records, kind_of(indicator.records))


def has_condition(terms: tuple[tuple[str, FilterValue], ...], name: str) -> bool:
    return any(key == name and value is True for key, value in terms)


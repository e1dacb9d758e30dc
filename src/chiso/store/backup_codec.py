"""Column values between a database and a backup file, column by column, fast for the columns a store is made of.

In the file a time is ISO 8601 with its offset (UTC), a day ISO 8601, a decimal its text, a flag a JSON
boolean or 0/1, anything else as the database driver gives it. Rows are read raw (Django's per-value
converters cost more than the rest of a backup) and only the columns whose raw form differs between
databases are converted: on SQLite, a time is naive UTC text and a decimal a float, read as Django reads
them. Writing back, a column is adapted by its field unless its value is already what the driver takes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Context, Decimal
from typing import Any

from django.db import models as db
from django.db.backends.base.base import BaseDatabaseWrapper

Convert = Callable[[Any], Any]
# (column index, conversion) for the columns of a table that need one; the others are kept as they are.
Conversions = list[tuple[int, Convert]]

# Columns whose JSON value (text, integer) is what every driver takes and what every database gives.
_PLAIN = frozenset({"AutoField", "BigAutoField", "SmallAutoField", "CharField", "TextField", "SlugField",
                    "EmailField", "URLField", "IntegerField", "BigIntegerField", "SmallIntegerField",
                    "PositiveIntegerField", "PositiveSmallIntegerField", "PositiveBigIntegerField"})


def _kind(field: db.Field) -> str:  # type: ignore[type-arg]
    target: Any = field
    while target.is_relation:
        target = target.target_field
    return str(target.get_internal_type())


def _keeping_none(convert: Convert) -> Convert:
    return lambda value: None if value is None else convert(value)


def apply(conversions: Conversions, rows: list[Any]) -> list[list[Any]]:
    """The rows with their converted columns (new lists; the database's tuples are left alone)."""
    if not conversions:
        return [list(row) for row in rows]
    converted = []
    for row in rows:
        row = list(row)
        for at, convert in conversions:
            row[at] = convert(row[at])
        converted.append(row)
    return converted


# --- Database → file ----------------------------------------------------------------------------------------

def _sqlite_time(text: str) -> str:
    return text + "+00:00"  # Django keeps times in UTC, naive, on SQLite


def _sqlite_decimal(field: db.DecimalField) -> Convert:  # type: ignore[type-arg]
    """A decimal as Django reads SQLite's float: 15 significant digits, then the field's places."""
    floats = Context(prec=15).create_decimal_from_float
    places = Decimal(1).scaleb(-(field.decimal_places or 0))
    context = Context(prec=field.max_digits or 28)

    def read(value: Any) -> str:
        number = floats(value) if isinstance(value, float) else Decimal(value)
        return str(number.quantize(places, context=context))

    return read


def readers(fields: list[db.Field], vendor: str) -> Conversions:  # type: ignore[type-arg]
    """How each column read raw from this database becomes its value in the file (JSON does the rest)."""
    if vendor != "sqlite":
        return []  # PostgreSQL's driver gives typed values: times with their offset, decimals, flags
    found: Conversions = []
    for at, field in enumerate(fields):
        kind = _kind(field)
        if kind == "DateTimeField":
            found.append((at, _keeping_none(_sqlite_time)))
        elif kind == "DecimalField":
            assert isinstance(field, db.DecimalField)
            found.append((at, _keeping_none(_sqlite_decimal(field))))
    return found


# --- File → database ----------------------------------------------------------------------------------------

def _sqlite_time_param(text: str) -> str:
    if text.endswith("+00:00"):
        return text[:-6].replace("T", " ", 1)  # already UTC: the text Django would write
    moment = datetime.fromisoformat(text).astimezone(UTC)
    return str(moment.replace(tzinfo=None))


# What each database's driver takes for these kinds; absent means "as it is in the file".
_TAKEN: dict[tuple[str, str], Convert | None] = {
    ("sqlite", "DateTimeField"): _sqlite_time_param,
    ("sqlite", "DateField"): None,
    ("sqlite", "DecimalField"): None,  # its text, which SQLite stores as Django does
    ("sqlite", "BooleanField"): None,
    ("postgresql", "DateTimeField"): datetime.fromisoformat,
    ("postgresql", "DateField"): date.fromisoformat,
    ("postgresql", "DecimalField"): Decimal,
    ("postgresql", "BooleanField"): bool,
}


def writers(fields: list[db.Field], connection: BaseDatabaseWrapper) -> Conversions:  # type: ignore[type-arg]
    """How each column's value in the file becomes what this database's driver takes."""
    found: Conversions = []
    for at, field in enumerate(fields):
        kind = _kind(field)
        if kind in _PLAIN:
            continue
        key = (connection.vendor, kind)
        if key in _TAKEN:
            convert = _TAKEN[key]
            if convert is not None:
                found.append((at, _keeping_none(convert)))
            continue
        found.append((at, _keeping_none(_by_field(field, connection))))
    return found


def _by_field(field: db.Field, connection: BaseDatabaseWrapper) -> Convert:  # type: ignore[type-arg]
    """Any other kind: parsed by the field and adapted for the database, as Django saves it."""
    return lambda value: field.get_db_prep_save(field.to_python(value), connection)

"""Writing the core's plain data into the store: set-based, each write all-or-nothing and kept in the history.

A load reads what is stored for a chunk of keys in one query, decides in Python what changed, and writes
the changes in bulk with one history row each. An unchanged row is neither rewritten nor recorded again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from django.db import IntegrityError, connection, transaction
from django.db import models as db
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from chiso.catalog.model import Framework, Indicator
from chiso.errors import InputError
from chiso.io.files import Bundle
from chiso.periods import Period
from chiso.store import models
from chiso.store.catalog import frameworks, save_framework
from chiso.store.locks import one_load_at_a_time
from chiso.store.units import save_org_unit_groups, save_org_units
from chiso.values import model as core

CHUNK = 5000  # keys per read of the stored rows and per bulk write, so memory stays bounded on any file
# A chunk's stored rows are read with one IN list per key column; the chunk is cut early when those lists
# could match this many times more rows than it holds (sparse keys), so a read never pulls in the whole store.
_SPREAD = 4

T = TypeVar("T")
Key = tuple[Any, ...]  # a row's key: ids and codes, hashable
Row = tuple[Any, ...]

VALUE_KEY = ("framework_id", "indicator", "org_unit_id", "period", "origin")
# Every column of a value row but its id, in the order of the rows built below; a change rewrites the tail.
VALUE_COLUMNS = ("framework_id", "indicator", "org_unit_id", "period", "period_start", "period_end", "value",
                 "number", "note", "source", "origin", "recorded_by", "recorded_at", "version")
CHANGED_COLUMNS = VALUE_COLUMNS[VALUE_COLUMNS.index("value"):]
HISTORY_COLUMNS = ("id", *VALUE_COLUMNS, "history_date", "history_change_reason", "history_type", "history_user_id")
EVALUATION_KEY = ("framework_id", "indicator", "target", "org_unit_id", "period")
EVALUATION_CHANGES = ["status", "note", "source", "recorded_by", "recorded_at"]
# A refusal that only a concurrent writer causes (not yet in the web app's English catalogue).
RACED = "một số giá trị vừa được một thao tác khác ghi cùng lúc; chưa có gì được lưu, hãy nạp lại"


@transaction.atomic
def save_bundle(bundle: Bundle, recorded_by: str = "") -> dict[str, int]:
    """Writes everything read from a set of files in one transaction."""
    one_load_at_a_time()
    for framework in bundle.frameworks:
        save_framework(framework)
    save_org_units(bundle.org_units)
    save_org_unit_groups(bundle.groups)
    save_values(bundle.values, recorded_by)
    save_recorded_evaluations(bundle.evaluations, recorded_by)
    return bundle.counts()


@dataclass
class _Load:
    """What every chunk of one load of values needs, looked up once: ids, frameworks, time, author, locks."""

    framework_ids: dict[str, int]
    unit_ids: dict[str, int]
    parsed: Mapping[str, Framework]
    recorded_by: str
    now: Any  # the load's time, as the database driver takes it: every row and history row of the load has it
    user: int | None  # the history's author
    locked: set[tuple[int, int, str]] = field(default_factory=set)
    spans: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @classmethod
    def start(cls, recorded_by: str) -> _Load:
        return cls(dict(models.Framework.objects.values_list("code", "id")),
                   dict(models.OrgUnit.objects.values_list("code", "id")), frameworks(), recorded_by,
                   connection.ops.adapt_datetimefield_value(timezone.now()), _history_user())

    def key(self, value: core.Value) -> Key:
        return (self.framework_ids[value.framework], value.indicator, self.unit_ids[value.unit], value.period,
                value.origin)

    def row(self, key: Key, value: core.Value, version: int) -> Row:
        """The value's row in VALUE_COLUMNS order, every field as the database driver takes it."""
        start, end = self.span(value.period)
        indicator = self.parsed[value.framework].indicator(value.indicator)
        number = _NUMBER.get_db_prep_save(core.numeric(_reading(indicator, value.value)), connection)
        return (key[0], value.indicator, key[2], value.period, start, end, value.value, number, value.note,
                value.source, value.origin, self.recorded_by, self.now, version)

    def span(self, code: str) -> tuple[Any, Any]:
        """A period's first and last days, parsed and adapted once per code in a load."""
        found = self.spans.get(code)
        if found is None:
            period = Period.parse(code)
            found = self.spans[code] = (_day(period.start), _day(period.end))
        return found


_NUMBER = models.Value._meta.get_field("number")


def _day(day: date) -> Any:
    return connection.ops.adapt_datefield_value(day)


def _history_user() -> int | None:
    """The history's author: the request's user when there is one, found as simple_history's bulk helpers do."""
    user = models.Value.history.model.get_default_history_user(None)
    return user.pk if user is not None else None


@transaction.atomic
def save_values(values: Iterable[core.Value], recorded_by: str = "") -> int:
    """Inserts or updates values; each change is kept in the history with who made it.

    A changed value of an approved period is refused (InputError) and nothing is written, so every way in
    (CLI, API, web) keeps the lock.
    """
    values = list(values)
    load = _Load.start(recorded_by)
    _check_origins(values, load.parsed)
    load.locked = _approved(values, load)
    for chunk in _chunks(values, load.key):
        _save_value_chunk(chunk, load)
    return len(values)


def _check_origins(values: Sequence[core.Value], parsed: Mapping[str, Framework]) -> None:
    """Every origin is the unit's own ("") or a source its framework declares, whichever way the values came."""
    for framework, origin in {(v.framework, v.origin) for v in values if v.origin}:
        declared = parsed[framework]
        if not declared.knows_origin(origin):
            raise InputError(_("bộ chỉ tiêu %(framework)s không khai báo nguồn «%(origin)s»")
                             % {"framework": framework, "origin": origin}, column="origin",
                             expected=", ".join(s.code for s in declared.sources) or _("để trống (báo cáo của đơn vị)"))


def _approved(values: Sequence[core.Value], load: _Load) -> set[tuple[int, int, str]]:
    """The framework × unit × period keys of the load that are approved, found in one query."""
    codes = {(v.framework, v.unit, v.period) for v in values}
    wanted = {(load.framework_ids[f], load.unit_ids[u], p) for f, u, p in codes}
    if not wanted:
        return set()
    approved = models.Submission.objects.filter(status=models.SubmissionStatus.APPROVED,
                                                framework_id__in={k[0] for k in wanted},
                                                period__in={k[2] for k in wanted})
    return set(approved.values_list("framework_id", "org_unit_id", "period")) & wanted


def _chunks(items: Iterable[T], key: Callable[[T], Key]) -> Iterator[list[tuple[Key, T]]]:
    """The items with their keys, in order, cut into chunks that each hold a key at most once.

    A key seen again starts a new chunk, so a later line for the same key applies after the earlier one.
    """
    limit = connection.features.max_query_params  # SQLite builds before 3.32 take 999 parameters per query
    chunk: list[tuple[Key, T]] = []
    seen: set[Key] = set()
    columns: list[set[Hashable]] = []
    for item in items:
        k = key(item)
        if chunk and (k in seen or len(chunk) >= CHUNK or not _fits(columns, k, limit)):
            yield chunk
            chunk, seen, columns = [], set(), []
        columns = columns or [set() for _ in k]
        chunk.append((k, item))
        seen.add(k)
        for column, part in zip(columns, k, strict=True):
            column.add(part)
    if chunk:
        yield chunk


def _fits(columns: list[set[Hashable]], k: Key, limit: int | None) -> bool:
    """Whether the chunk's IN lists, with ``k`` added, stay tight and within the backend's parameter limit."""
    sizes = [len(column) + (part not in column) for column, part in zip(columns, k, strict=True)]
    matches = 1
    for size in sizes:
        matches *= size
    return matches <= _SPREAD * CHUNK and (limit is None or sum(sizes) < limit)


def _stored(model: type[db.Model], key_fields: Sequence[str], fields: Sequence[str],
            keys: Sequence[Key]) -> dict[Key, Row]:
    """The stored rows of ``keys``: ``fields`` by key, read in one query (their rows locked on PostgreSQL)."""
    wanted = set(keys)
    filters = {f"{name}__in": list({k[i] for k in keys}) for i, name in enumerate(key_fields)}
    rows = model._default_manager.select_for_update().filter(**filters).values_list(*key_fields, *fields)
    n = len(key_fields)
    return {row[:n]: row[n:] for row in rows if row[:n] in wanted}


def _save_value_chunk(chunk: list[tuple[Key, core.Value]], load: _Load) -> None:
    stored = _stored(models.Value, VALUE_KEY, ("id", "value", "note", "source", "version"), [k for k, _ in chunk])
    new: list[tuple[Key, Row]] = []
    changed: list[tuple[int, Row]] = []
    for key, value in chunk:
        found = stored.get(key)
        if found is not None and found[1:4] == (value.value, value.note, value.source):
            continue  # unchanged: no new history entry (and allowed in an approved period)
        if (key[0], key[2], key[3]) in load.locked:
            raise _locked(value)
        if found is None:
            new.append((key, load.row(key, value, 1)))
        else:
            changed.append((found[0], load.row(key, value, found[4] + 1)))
    _insert_values(new, load)
    _update_values(changed, load)


def _locked(value: core.Value) -> InputError:
    return InputError(_("bộ chỉ tiêu %(framework)s, chỉ tiêu %(indicator)s, đơn vị %(unit)s, kỳ %(period)s: "
                        "kỳ đã được phê duyệt, không thể sửa; quản trị cấp tỉnh có thể mở lại")
                      % {"framework": value.framework, "indicator": value.indicator, "unit": value.unit,
                         "period": value.period})


def _reading(indicator: Indicator, text: str) -> core.Reading | None:
    try:
        return core.read_value(indicator, text)
    except InputError:  # a value of the wrong type is kept as text; `chiso check` reports it
        return None


# Values are written with executemany rather than simple_history's bulk helpers: Django's bulk_create
# prepares every field of every row in Python, which alone costs several times a plain insert of the rows.
# The history rows are the ones bulk_history_create would write: every tracked column, the load's time,
# the request's user, no change reason, "+" for a creation and "~" for a change.

def _insert_values(new: list[tuple[Key, Row]], load: _Load) -> None:
    if not new:
        return
    try:
        _insert_rows(models.Value, VALUE_COLUMNS, [row for _, row in new])
    except IntegrityError as exc:  # another writer (a web form, the API) added the same key meanwhile
        raise InputError(RACED) from exc
    ids = _stored(models.Value, VALUE_KEY, ("id",), [k for k, _ in new])
    _write_history([(ids[k][0], row) for k, row in new], "+", load)


def _update_values(changed: list[tuple[int, Row]], load: _Load) -> None:
    if not changed:
        return
    tail = len(VALUE_COLUMNS) - len(CHANGED_COLUMNS)
    with connection.cursor() as cursor:
        cursor.executemany(_update_sql(models.Value, CHANGED_COLUMNS), [(*row[tail:], pk) for pk, row in changed])
    _write_history(changed, "~", load)


def _write_history(rows: list[tuple[int, Row]], kind: str, load: _Load) -> None:
    _insert_rows(models.Value.history.model, HISTORY_COLUMNS,
                 [(pk, *row, load.now, None, kind, load.user) for pk, row in rows])


def _insert_rows(model: type[db.Model], columns: Sequence[str], rows: list[Row]) -> None:
    """New rows in one statement: COPY on PostgreSQL (several times an INSERT per row), executemany elsewhere."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(_insert_sql(model, columns), rows)
            return
        names = ", ".join(_column(model, name) for name in columns)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _insert_sql(model: type[db.Model], columns: Sequence[str]) -> str:
    names = ", ".join(_column(model, name) for name in columns)
    marks = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({names}) VALUES ({marks})"


def _update_sql(model: type[db.Model], columns: Sequence[str]) -> str:
    changes = ", ".join(f"{_column(model, name)} = %s" for name in columns)
    return f"UPDATE {connection.ops.quote_name(model._meta.db_table)} SET {changes} WHERE {_column(model, 'id')} = %s"


def _column(model: type[db.Model], name: str) -> str:
    found = model._meta.get_field(name)
    assert isinstance(found, db.Field) and found.column
    return connection.ops.quote_name(found.column)


@transaction.atomic
def save_recorded_evaluations(items: Iterable[core.RecordedEvaluation], recorded_by: str = "") -> None:
    """Inserts or updates recorded evaluations in bulk; each change is kept in the history, an unchanged one is left."""
    framework_ids = dict(models.Framework.objects.values_list("code", "id"))
    unit_ids = dict(models.OrgUnit.objects.values_list("code", "id"))

    def key(item: core.RecordedEvaluation) -> Key:
        return (framework_ids[item.framework], item.indicator, item.target, unit_ids[item.unit], item.period)

    for chunk in _chunks(items, key):
        _save_evaluation_chunk(chunk, recorded_by)


def _save_evaluation_chunk(chunk: list[tuple[Key, core.RecordedEvaluation]], recorded_by: str) -> None:
    stored = _stored(models.RecordedEvaluation, EVALUATION_KEY, ("id", "status", "note", "source"),
                     [k for k, _ in chunk])
    now = timezone.now()
    new: list[models.RecordedEvaluation] = []
    changed: list[models.RecordedEvaluation] = []
    for key, item in chunk:
        found = stored.get(key)
        status = item.status.value if item.status else ""
        if found is not None and found[1:] == (status, item.note, item.source):
            continue  # unchanged: no new history entry
        (new if found is None else changed).append(models.RecordedEvaluation(
            id=found[0] if found else None, framework_id=key[0], indicator=item.indicator, target=item.target,
            org_unit_id=key[3], period=item.period, status=status, note=item.note, source=item.source,
            recorded_by=recorded_by, recorded_at=now))
    if new:
        bulk_create_with_history(new, models.RecordedEvaluation, batch_size=CHUNK, default_date=now)
    if changed:
        bulk_update_with_history(changed, models.RecordedEvaluation, EVALUATION_CHANGES, batch_size=CHUNK,
                                 default_date=now)


def reset() -> None:
    """Empties the store (used by `chiso demo` to build a fresh database)."""
    models.RecordedEvaluation.objects.all().delete()
    models.Value.objects.all().delete()
    models.OrgUnitGroup.objects.all().delete()
    models.OrgUnitLink.objects.all().delete()
    models.OrgUnitVersion.objects.all().delete()
    models.OrgUnit.objects.update(parent=None)
    models.OrgUnit.objects.all().delete()
    models.Framework.objects.all().delete()

"""The whole store to one file and back: frameworks, units, values and every history, submissions and their
locks, users, roles and API tokens (not sessions), consistent while the app goes on serving.

One portable format rather than each database's own (pg_dump's, a SQLite file): a zip of JSON lines per
table (chiso.store.backup_archive), written and read as a stream in bounded memory, so a province's
SQLite store restores into PostgreSQL when it outgrows it, and back, with no client binaries whose
version must match the server. A restore is all-or-nothing, refuses a store that already holds data
unless told to replace it, and brings a backup of an older schema up to date with the migrations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
from django.apps import apps as installed
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, transaction
from django.utils import timezone

from chiso import __version__
from chiso.errors import InputError
from chiso.store import backup_codec as codec
from chiso.store import backup_db as store_db
from chiso.store.backup_archive import BATCH, ArchiveReader, Manifest, TableEntry, damaged, reading, writing
from chiso.store.backup_schema import (
    Table,
    ahead_of_code,
    applied,
    loader,
    migrate_latest,
    migrate_to,
    state_apps,
    tables,
    unknown,
)
from chiso.values.numbers import format_decimal

Progress = Callable[[int, int], None]  # rows done, rows in all
KINDS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}

__all__ = ["KINDS", "Manifest", "Progress", "backup", "database_label", "restore"]


def database_label(using: str = DEFAULT_DB_ALIAS) -> str:
    """The database as a person names it, without its password."""
    settings = connections[using].settings_dict
    kind = KINDS.get(connections[using].vendor, connections[using].vendor)
    if connections[using].vendor == "sqlite":
        return f"{kind}: {settings['NAME']}"
    return f"{kind}: {settings.get('HOST') or 'localhost'}:{settings.get('PORT') or 5432}/{settings['NAME']}"


def _counter(total: int, progress: Progress | None) -> Callable[[int], None]:
    done = 0

    def advance(rows: int) -> None:
        nonlocal done
        done += rows
        if progress is not None:
            progress(done, total)

    return advance


# --- Backup -------------------------------------------------------------------------------------------------

def backup(path: Path, *, using: str = DEFAULT_DB_ALIAS, progress: Progress | None = None) -> Manifest:
    """Writes every table of the store, as of one moment, to ``path``; returns what was written."""
    ahead = ahead_of_code(using)
    if ahead:
        raise InputError(f"cơ sở dữ liệu {database_label(using)} đã được một bản chiso mới hơn cập nhật "
                         f"({_listed(ahead)}); hãy sao lưu bằng bản chiso đó")
    kind, label = connections[using].vendor, database_label(using)
    with store_db.snapshot(using) as alias:
        migrations = sorted(applied(alias))
        if not migrations:
            raise InputError(f"cơ sở dữ liệu {label} chưa có bảng nào của chiso; không có gì để sao lưu")
        found = tables(state_apps(migrations, loader(alias)))
        total = sum(t.model._base_manager.using(alias).count() for t in found)
        advance = _counter(total, progress)
        with writing(path) as out:
            entries = [TableEntry(t.name, t.label, t.columns, out.write_rows(t.name, _batches(t, alias), advance))
                       for t in found]
            manifest = Manifest(__version__, timezone.localtime().isoformat(timespec="seconds"), kind, label,
                                migrations, entries)
            out.write_manifest(manifest)
    return manifest


def _batches(table: Table, alias: str) -> Iterator[list[list[Any]]]:
    """The table's rows by primary key, read raw a batch at a time (a server-side cursor on PostgreSQL)."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    pk = table.model._meta.pk
    assert pk is not None and pk.column is not None
    sql = f"SELECT {', '.join(quote(c) for c in table.columns)} FROM {quote(table.name)} ORDER BY {quote(pk.column)}"
    conversions = codec.readers(table.fields, connection.vendor)
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(BATCH):
            yield codec.apply(conversions, rows)


def _count(rows: int) -> str:
    return format_decimal(Decimal(rows), "vi")


def _listed(migrations: Sequence[tuple[str, str]]) -> str:
    shown = ", ".join(f"{app}.{name}" for app, name in migrations[:3])
    return shown + (f" và {len(migrations) - 3} bước khác" if len(migrations) > 3 else "")


# --- Restore ------------------------------------------------------------------------------------------------

def restore(path: Path, *, replace: bool = False, using: str = DEFAULT_DB_ALIAS,
            progress: Progress | None = None) -> Manifest:
    """Puts the backup at ``path`` into the store, all of it or nothing; returns the backup's manifest."""
    with reading(path) as archive:
        _check_schema(archive, using)
        if connections[using].vendor == "sqlite":
            _restore_sqlite(archive, using, replace, progress)
        else:
            with transaction.atomic(using=using):
                _refuse_filled(archive, using, replace)
                if replace:
                    store_db.empty_tables(using)
                _build(archive, using, progress)
    ContentType.objects.clear_cache()
    return archive.manifest


def _restore_sqlite(archive: ArchiveReader, using: str, replace: bool, progress: Progress | None) -> None:
    """Built aside, then copied over the store in one write transaction: until then the store is untouched."""
    _refuse_filled(archive, using, replace)
    with store_db.scratch_sqlite(store_db.sqlite_file(using), store_db.sqlite_page_size(using)) as built:
        # A file of no value until it is complete: no need to wait for the disk at each commit.
        with store_db.extra_database(f"sqlite:///{built}", {"init_command": "PRAGMA synchronous = OFF"}) as alias:
            _build(archive, alias, progress)
        store_db.sqlite_replace(using, built)


def _check_schema(archive: ArchiveReader, using: str) -> None:
    manifest = archive.manifest
    newer = unknown(manifest.migrations, loader())
    if newer:
        raise InputError(f"tệp sao lưu do chiso {manifest.chiso_version} tạo, với cấu trúc mới hơn bản chiso "
                         f"{__version__} đang chạy ({len(newer)} bước chưa có: {_listed(newer)}); hãy cập nhật "
                         "chiso rồi khôi phục lại; kho chưa bị thay đổi", file=str(archive.path))
    ahead = ahead_of_code(using)
    if ahead:
        raise InputError(f"cơ sở dữ liệu {database_label(using)} đã được một bản chiso mới hơn cập nhật "
                         f"({_listed(ahead)}); hãy khôi phục bằng bản chiso đó")


def _refuse_filled(archive: ArchiveReader, using: str, replace: bool) -> None:
    filled = store_db.filled_tables(using)
    if filled and not replace:
        # The tables people know first (values before their history), the fullest first.
        ranked = sorted(filled.items(), key=lambda item: ("historical" in item[0], -item[1], item[0]))
        shown = ", ".join(f"{name}: {_count(rows)} dòng" for name, rows in ranked[:4])
        raise InputError(f"kho {database_label(using)} đã có dữ liệu ({shown}{', …' if len(filled) > 4 else ''}); "
                         "chưa khôi phục gì. Thêm --replace để thay toàn bộ kho bằng bản sao lưu",
                         file=str(archive.path))


def _build(archive: ArchiveReader, alias: str, progress: Progress | None) -> None:
    """The backup's schema, its rows checked and inserted, then the schema brought up to date."""
    manifest = archive.manifest
    migrate_to(alias, manifest.migrations)
    schema = {t.name: t for t in tables(state_apps(manifest.migrations, loader(alias)))}
    _check_tables(archive, schema)
    advance = _counter(manifest.rows, progress)
    with transaction.atomic(using=alias):
        # Going back or forth, migrations may have written rows (content types, for one): the backup's are the rows.
        store_db.empty_tables(alias, sorted(schema))
        _links(alias, checked=False)
        for entry in manifest.tables:
            _insert(archive, entry, schema[entry.name], alias, advance)
        try:
            _links(alias, checked=True)
        except IntegrityError as exc:
            raise damaged(archive.path, f"dữ liệu các bảng không khớp nhau ({exc})") from exc
    # Before the migrations still to run add rows of their own (content types of newer models) and after.
    store_db.reset_sequences(alias, [table.model for table in schema.values()])
    migrate_latest(alias)
    store_db.reset_sequences(alias, list(installed.get_models(include_auto_created=True)))
    store_db.refresh_statistics(alias)


def _links(alias: str, *, checked: bool) -> None:
    """Foreign keys checked at the end of the rows (any table order will do), then at once from there on.

    On PostgreSQL the migrations just run may have left constraints immediate, and the ones still to run
    cannot alter a table with checks pending, so the checks are made when the rows are all in and stay
    immediate after. SQLite checks its deferred keys at commit; they are looked at here to name the fault.
    """
    connection = connections[alias]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS ALL {'IMMEDIATE' if checked else 'DEFERRED'}")
    elif checked:
        connection.check_constraints()


def _check_tables(archive: ArchiveReader, schema: dict[str, Table]) -> None:
    listed = {entry.name: entry for entry in archive.manifest.tables}
    missing = sorted(set(schema) - set(listed))
    extra = sorted(set(listed) - set(schema))
    if missing or extra:
        raise damaged(archive.path, "danh mục bảng không khớp cấu trúc đã ghi"
                      + (f"; thiếu {', '.join(missing)}" if missing else "")
                      + (f"; thừa {', '.join(extra)}" if extra else ""))
    for name, entry in listed.items():
        if sorted(entry.columns) != sorted(schema[name].columns):
            raise damaged(archive.path, f"bảng {name} có các cột {', '.join(entry.columns)}, cấu trúc cần "
                                        f"{', '.join(schema[name].columns)}")


def _insert(archive: ArchiveReader, entry: TableEntry, table: Table, alias: str,
            advance: Callable[[int], None]) -> None:
    connection = connections[alias]
    by_column = {f.column: f for f in table.fields}
    conversions = codec.writers([by_column[c] for c in entry.columns], connection)
    quote = connection.ops.quote_name
    into = f"{quote(entry.name)} ({', '.join(quote(c) for c in entry.columns)})"
    done = 0
    try:
        with connection.cursor() as cursor, _writer(cursor, into, len(entry.columns)) as write:
            for batch in archive.rows(entry):
                try:
                    rows = codec.apply(conversions, batch)
                except (ValidationError, ValueError, TypeError) as exc:
                    raise damaged(archive.path, f"bảng {entry.name}, hàng {done + 1}–{done + len(batch)}: "
                                                f"giá trị không hợp lệ ({exc})") from exc
                write(rows)
                done += len(batch)
                advance(len(batch))
    except (DatabaseError, psycopg.Error) as exc:  # COPY reports at its end: the rows are named as far as known
        raise damaged(archive.path, f"bảng {entry.name}, đến hàng {done}: cơ sở dữ liệu không nhận ({exc})") from exc


@contextmanager
def _writer(cursor: Any, into: str, width: int) -> Iterator[Callable[[list[list[Any]]], None]]:
    """Rows written by PostgreSQL's COPY (several times an INSERT's speed), elsewhere by executemany."""
    if cursor.db.vendor != "postgresql":
        sql = f"INSERT INTO {into} VALUES ({', '.join(['%s'] * width)})"
        yield lambda rows: cursor.executemany(sql, rows)
        return
    with cursor.cursor.copy(f"COPY {into} FROM STDIN") as copy:

        def write(rows: list[list[Any]]) -> None:
            for row in rows:
                copy.write_row(row)

        yield write

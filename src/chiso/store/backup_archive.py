"""The backup file: a zip with a manifest and one JSON-lines member per table, written and read as a stream.

One format for every database: a row is a JSON array of its columns, in the order the manifest lists,
dates and times in ISO 8601 (UTC), decimals as text, so a SQLite store restores into PostgreSQL and back.
Each line holds a batch of rows (a JSON array of rows): one encoding or decoding call per thousands of
values rather than per row, memory bounded by the batch.
Each member is compressed on its own and carries zip's CRC-32, so damage is found where it is; the
manifest is written last, once every table is in, so a file cut short has none and is refused whole.
"""

from __future__ import annotations

import base64
import io
import ipaddress
import json
import os
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

from chiso.errors import InputError, os_reason

FORMAT = "chiso-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
BATCH = 2000  # rows read, encoded, written or decoded at a time: memory stays bounded whatever the store's size
COMPRESSION_LEVEL = 6

Migration = tuple[str, str]


@dataclass(frozen=True)
class TableEntry:
    """One table of a backup: its name, its model, its columns in the order of every row, and how many rows."""

    name: str
    model: str
    columns: list[str]
    rows: int

    @property
    def member(self) -> str:
        return f"tables/{self.name}.jsonl"


@dataclass(frozen=True)
class Manifest:
    """What a backup holds and where it comes from, so a restore can refuse what it cannot take."""

    chiso_version: str
    created_at: str  # ISO 8601 with its offset
    database_kind: str  # Django's vendor: sqlite, postgresql
    database: str
    migrations: list[Migration]
    tables: list[TableEntry] = field(default_factory=list)
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    def to_json(self) -> str:
        data = asdict(self)
        data["migrations"] = [list(m) for m in self.migrations]
        return json.dumps(data, ensure_ascii=False, indent=1)


def _encode(value: Any) -> Any:
    """The JSON form of a column value that JSON has no type for."""
    if isinstance(value, date | time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, timedelta):
        return value // timedelta(microseconds=1)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, ipaddress.IPv4Address | ipaddress.IPv6Address):
        return str(value)
    raise TypeError(f"không ghi được giá trị kiểu {type(value).__name__}")


def _dumps(rows: Sequence[Sequence[Any]]) -> bytes:
    return (json.dumps(rows, ensure_ascii=False, separators=(",", ":"), default=_encode) + "\n").encode("utf-8")


class ArchiveWriter:
    """Writes the tables one after another, then the manifest."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._zip = archive

    def write_rows(self, name: str, batches: Iterable[Sequence[Sequence[Any]]],
                   progress: Callable[[int], None] | None = None) -> int:
        """Streams the batches of rows into the table's member, a line each; returns how many rows were written."""
        written = 0
        with self._zip.open(f"tables/{name}.jsonl", "w", force_zip64=True) as member:
            for batch in batches:
                if not batch:
                    continue
                member.write(_dumps(batch))
                written += len(batch)
                if progress is not None:
                    progress(len(batch))
        return written

    def write_manifest(self, manifest: Manifest) -> None:
        self._zip.writestr(MANIFEST, manifest.to_json())


@contextmanager
def writing(path: Path) -> Iterator[ArchiveWriter]:
    """An archive written beside ``path`` and moved onto it only when complete: a failed backup leaves no file."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        archive = zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION_LEVEL)
    except OSError as exc:
        raise InputError(f"không ghi được tệp sao lưu: {os_reason(exc)}", file=str(path)) from exc
    try:
        with archive:
            yield ArchiveWriter(archive)
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InputError(f"không ghi được tệp sao lưu: {os_reason(exc)}", file=str(path)) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


# --- Reading ------------------------------------------------------------------------------------------------

def damaged(path: Path, what: str) -> InputError:
    return InputError(f"tệp sao lưu bị hỏng hoặc không trọn vẹn: {what}; kho chưa bị thay đổi", file=str(path))


def not_a_backup(path: Path, what: str) -> InputError:
    return InputError(f"không phải tệp sao lưu của chiso: {what}; kho chưa bị thay đổi", file=str(path),
                      expected="tệp .zip do «chiso backup» tạo")


# A file of another kind, told by its first bytes, so the message says what it is.
_MAGIC = (
    (b"SQLite format 3\x00", "đây là một tệp cơ sở dữ liệu SQLite; dùng nó trực tiếp bằng --db sqlite:///TỆP"),
    (b"PGDMP", "đây là tệp của pg_dump; khôi phục nó bằng pg_restore"),
    (b"{", "đây là một tệp JSON (tệp «chiso export» được nạp bằng «chiso load»)"),
    (b"[", "đây là một tệp JSON"),
)


class ArchiveReader:
    """A backup opened for restore: its manifest checked, its tables read row by row."""

    def __init__(self, path: Path, archive: zipfile.ZipFile, manifest: Manifest) -> None:
        self.path = path
        self._zip = archive
        self.manifest = manifest

    def rows(self, entry: TableEntry) -> Iterator[list[list[Any]]]:
        """The table's rows a batch at a time, each row checked for its columns; then the count against the manifest."""
        count = 0
        try:
            with self._zip.open(entry.member) as raw:
                for line in io.TextIOWrapper(raw, encoding="utf-8"):
                    batch = self._batch(entry, line, count)
                    count += len(batch)
                    yield batch
        except (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError) as exc:
            raise damaged(self.path, f"bảng {entry.name}, sau hàng {count}: {exc}") from exc
        if count != entry.rows:
            raise damaged(self.path, f"bảng {entry.name} có {count} hàng, danh mục ghi {entry.rows}")

    def _batch(self, entry: TableEntry, line: str, before: int) -> list[list[Any]]:
        try:
            batch = json.loads(line)
        except ValueError as exc:
            raise damaged(self.path, f"bảng {entry.name}, sau hàng {before}: không đọc được ({exc})") from exc
        if not isinstance(batch, list):
            raise damaged(self.path, f"bảng {entry.name}, sau hàng {before}: cần một danh sách các hàng")
        for number, row in enumerate(batch, start=before + 1):
            if not isinstance(row, list) or len(row) != len(entry.columns):
                raise damaged(self.path, f"bảng {entry.name}, hàng {number}: cần {len(entry.columns)} cột "
                                         f"({', '.join(entry.columns)})")
        return batch

    def close(self) -> None:
        self._zip.close()


@contextmanager
def reading(path: Path) -> Iterator[ArchiveReader]:
    archive = _open_zip(path)
    try:
        reader = ArchiveReader(path, archive, _manifest(path, archive))
        yield reader
    finally:
        archive.close()


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
        return zipfile.ZipFile(path)
    except OSError as exc:
        raise InputError(f"không đọc được tệp sao lưu: {os_reason(exc)}", file=str(path)) from exc
    except zipfile.BadZipFile as exc:
        if head.startswith(b"PK\x03\x04"):
            raise damaged(path, "tệp zip thiếu phần cuối (có thể bị cắt ngắn khi sao chép)") from exc
        for magic, what in _MAGIC:
            if head.startswith(magic):
                raise not_a_backup(path, what) from exc
        raise not_a_backup(path, "tệp không phải định dạng zip") from exc


def _manifest(path: Path, archive: zipfile.ZipFile) -> Manifest:
    try:
        data = json.loads(archive.read(MANIFEST))
    except KeyError as exc:
        raise not_a_backup(path, f"tệp zip không có {MANIFEST}") from exc
    except (ValueError, zipfile.BadZipFile, zlib.error) as exc:
        raise damaged(path, f"không đọc được {MANIFEST} ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise not_a_backup(path, f"{MANIFEST} không phải của chiso")
    version = data.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise InputError(f"tệp sao lưu theo định dạng phiên bản {version}, do chiso {data.get('chiso_version')} "
                         f"tạo; bản chiso này chỉ đọc được đến phiên bản {FORMAT_VERSION}: hãy cập nhật chiso",
                         file=str(path))
    try:
        manifest = _parse(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise damaged(path, f"{MANIFEST} thiếu hoặc sai mục {exc}") from exc
    missing = [t.member for t in manifest.tables if t.member not in set(archive.namelist())]
    if missing:
        raise damaged(path, "thiếu dữ liệu của " + ", ".join(missing))
    return manifest


def _parse(data: dict[str, Any]) -> Manifest:
    tables = [TableEntry(str(t["name"]), str(t["model"]), [str(c) for c in t["columns"]], int(t["rows"]))
              for t in data["tables"]]
    migrations = [(str(app), str(name)) for app, name in data["migrations"]]
    datetime.fromisoformat(data["created_at"])
    return Manifest(str(data["chiso_version"]), str(data["created_at"]), str(data["database_kind"]),
                    str(data["database"]), migrations, tables)

"""The appendix reader registry: a file's suffix maps to a reader giving the file's tables of cells.

Built-in formats and any added later register the same way::

    @register_table_reader("odt", (".odt",))
    def read_odt(source: SourceFile) -> Iterable[SourceTable]: ...

A reader gets the file already read within bounds (:class:`~chiso.appendix.readers.source.SourceFile`: its
bytes and their sha256) and writes its cells with a :class:`~chiso.appendix.readers.source.TableBuilder`,
which gives every cell its place and refuses a table longer than :data:`~chiso.appendix.readers.source.MAX_ROWS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from chiso.appendix.model import SourceTable
from chiso.appendix.readers.source import SourceFile, check_rows, load
from chiso.errors import InputError

__all__ = ["TableReader", "read_tables", "register_table_reader", "table_reader", "table_readers",
           "unregister_table_reader"]

Reader = Callable[[SourceFile], Iterable[SourceTable]]


@dataclass(frozen=True)
class TableReader:
    """A registered format: its name, the suffixes of its files and the reader."""

    name: str
    suffixes: tuple[str, ...]
    read: Reader


_REGISTRY: dict[str, TableReader] = {}


def register_table_reader(name: str, suffixes: Iterable[str]) -> Callable[[Reader], Reader]:
    """Decorator registering a reader of the files ending in ``suffixes`` (".docx"); a suffix is read by one
    format only, so none is shadowed."""
    wanted = tuple(s.lower() for s in suffixes)

    def decorate(read: Reader) -> Reader:
        taken = {s for r in _REGISTRY.values() for s in r.suffixes} & set(wanted)
        if name in _REGISTRY or taken:
            raise ValueError(f"a table reader {name!r} or one reading {sorted(taken)} is already registered")
        _REGISTRY[name] = TableReader(name, wanted, read)
        return read

    return decorate


def unregister_table_reader(name: str) -> None:
    """Remove the reader ``name`` (for plug-ins and tests that registered one)."""
    _REGISTRY.pop(name, None)


def table_readers() -> list[TableReader]:
    """The registered readers in registration order (built-ins first)."""
    return list(_REGISTRY.values())


def table_reader(path: Path) -> TableReader:
    """The reader of ``path``, by its suffix; an InputError naming the suffixes read when none reads it."""
    suffix = path.suffix.lower()
    found = next((r for r in _REGISTRY.values() if suffix in r.suffixes), None)
    if found is None:
        raise InputError(f"không đọc được bảng phụ lục từ loại tệp «{suffix}»", file=str(path),
                         expected=f"một tệp {expected_suffixes()}")
    return found


def expected_suffixes() -> str:
    """The suffixes read, as an error's "expected" says them: ".docx, .xlsx, .html, .htm, .pdf"."""
    return ", ".join(s for r in _REGISTRY.values() for s in r.suffixes)


def read_tables(path: Path) -> list[SourceTable]:
    """Every table of the file at ``path``, in the file's order, read by the reader of its suffix.

    The file is refused (InputError naming it) when no reader reads its suffix, when it is larger than
    :data:`~chiso.appendix.readers.source.MAX_BYTES`, or when a table has more rows than
    :data:`~chiso.appendix.readers.source.MAX_ROWS`."""
    reader = table_reader(path)
    source = load(path)
    tables = list(reader.read(source))
    for table in tables:  # a plug-in's reader may not use the TableBuilder that checks as it goes
        check_rows(len(table.rows), source, table.index)
    return tables

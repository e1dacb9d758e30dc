"""The input format registry: a file's suffix maps to a reader giving its sheets of rows of cells as text.

Built-in formats and any added later register the same way::

    @register_input_format("tsv", (".tsv",), "Bảng ngăn cách bằng dấu tab")
    def read_tsv(path: Path) -> Iterator[Sheet]: ...

``chiso load`` reads every table file through :func:`input_format`; each sheet whose first row is one of
chiso's table headers is a table. A reader writes its cells with :func:`chiso.io.formats.cells.cell_text`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from chiso.errors import InputError

__all__ = ["InputFormat", "Reader", "Sheet", "SheetRow", "input_format", "input_formats",
           "register_input_format", "unregister_input_format"]


@dataclass(frozen=True)
class SheetRow:
    """One row of a sheet: its line (the Excel row, or the CSV line it ends on) and its cells' text.

    ``typed`` are the positions of cells holding a number the file typed as one (an Excel number cell):
    their text is canonical ("46.14", "46.14%") whatever the locale the user's typed text is read in."""

    line: int
    cells: tuple[str, ...]
    typed: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Sheet:
    """A table of a file, header first; ``name`` is None for a file that is a single table (a CSV)."""

    name: str | None
    rows: list[SheetRow] = field(default_factory=list)

    def place(self, file: str) -> str:
        """The file as an error names it: "values.xlsx, trang «Sheet1»" for a sheet of a workbook."""
        return f"{file}, trang «{self.name}»" if self.name is not None else file


Reader = Callable[[Path], Iterable[Sheet]]


@dataclass(frozen=True)
class InputFormat:
    """A registered format: its name, the suffixes of its files, a Vietnamese label, the reader."""

    name: str
    suffixes: tuple[str, ...]
    label: str
    read: Reader

    def sheets(self, path: Path) -> Iterator[Sheet]:
        yield from self.read(path)


_REGISTRY: dict[str, InputFormat] = {}


def register_input_format(name: str, suffixes: Iterable[str], label: str) -> Callable[[Reader], Reader]:
    """Decorator registering a reader of the files ending in ``suffixes`` (".csv"); a suffix is read by one
    format only, so none is shadowed."""
    wanted = tuple(s.lower() for s in suffixes)

    def decorate(read: Reader) -> Reader:
        taken = {s for f in _REGISTRY.values() for s in f.suffixes} & set(wanted)
        if name in _REGISTRY or taken:
            raise ValueError(f"an input format {name!r} or one reading {sorted(taken)} is already registered")
        _REGISTRY[name] = InputFormat(name, wanted, label, read)
        return read

    return decorate


def unregister_input_format(name: str) -> None:
    """Remove the format ``name`` (for plug-ins and tests that registered one)."""
    _REGISTRY.pop(name, None)


def input_formats() -> list[InputFormat]:
    """The registered formats in registration order (built-ins first)."""
    return list(_REGISTRY.values())


def input_format(path: Path) -> InputFormat:
    """The format reading ``path``, by its suffix; an InputError naming the suffixes read when none does."""
    suffix = path.suffix.lower()
    found = next((f for f in _REGISTRY.values() if suffix in f.suffixes), None)
    if found is None:
        raise InputError(f"không nhận dạng được loại tệp «{suffix}»", file=str(path), expected=expected_files())
    return found


def expected_files() -> str:
    """The files chiso load reads, as an error's "expected" says it."""
    tables = ", ".join(s for f in _REGISTRY.values() for s in f.suffixes)
    return f"tệp .yaml (bộ chỉ tiêu), hoặc bảng đơn vị, giá trị, đánh giá: {tables}, .json"

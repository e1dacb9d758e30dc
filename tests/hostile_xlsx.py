"""Hostile XLSX files made in the test from a real workbook: a part replaced, a size that lies, a bomb.

Nothing here is committed as a file: each is built with zipfile when a test needs it.
"""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DATA_PART, META_PART = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"  # as openpyxl writes a template


def replaced(workbook: bytes, parts: dict[str, bytes]) -> bytes:
    """``workbook`` with some parts replaced (or added), every part deflated at the strongest level."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info.filename, source.read(info))
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def part(workbook: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        return archive.read(name)


def sheet_xml(rows: Iterable[bytes], before: bytes = b"") -> bytes:
    """A worksheet part: ``before`` (a dimension, say) then the rows, each already written as XML."""
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="' + MAIN + b'">' + before
            + b"<sheetData>" + b"".join(rows) + b"</sheetData></worksheet>")


def bomb_sheet(rows: int, columns: int) -> bytes:
    """``rows`` × ``columns`` cells holding 1: 4 M cells are some 60 MB of XML that deflate to some 60 KB."""
    cells = b"<c><v>1</v></c>" * columns
    return sheet_xml(b"<row>%s</row>" % cells for _ in range(rows))


def lying(workbook: bytes, name: str, size: int) -> bytes:
    """``workbook`` whose directory and local header declare ``size`` uncompressed bytes for ``name``."""
    data = bytearray(workbook)
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        info = archive.getinfo(name)
        end = data.rfind(b"PK\x05\x06")
        count, _size, start = struct.unpack("<HII", data[end + 10:end + 20])
    struct.pack_into("<I", data, info.header_offset + 22, size)  # the local header's uncompressed size
    offset = start
    for _ in range(count):  # the central directory: fixed 46 bytes, then name, extra and comment
        length, extra, comment = struct.unpack("<HHH", data[offset + 28:offset + 34])
        if bytes(data[offset + 46:offset + 46 + length]).decode() == name:
            struct.pack_into("<I", data, offset + 24, size)
        offset += 46 + length + extra + comment
    return bytes(data)


@dataclass(frozen=True)
class Cost:
    seconds: float
    peak_bytes: int  # Python allocations at their highest while the call ran (tracemalloc)

    @property
    def peak_mb(self) -> float:
        return self.peak_bytes / (1 << 20)


def measured(call: Callable[[], T]) -> tuple[T, Cost]:
    """What ``call`` returns, and how long it took and how much memory it held at most."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = call()
    finally:
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return result, Cost(seconds, peak)


"""What is wrong with a CSV file DuckDB cannot read as it should, said in Vietnamese with its line.

DuckDB detects a file's separator and quoting from its first rows; a row with more cells than the header,
or a quote left open, can make it pick another separator or take the header for data, and chiso would then
say that a column is missing when it is there. The header line is therefore read here too, and when DuckDB
does not see the columns it names (or fails), the first rows are read the same way to find the line at fault.
DuckDB's own errors (bytes that are not UTF-8, a row of the wrong width) are turned into the same words.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Sequence
from pathlib import Path

from chiso.errors import InputError, os_reason

SEPARATORS = (",", ";", "\t", "|")
SNIFFED_ROWS = 20_480  # DuckDB's sample: a row that misled it is among them
HEADER_BYTES = 1 << 20
EXPECTED = "tệp CSV mã hoá UTF-8 có dòng tiêu đề (trong Excel: «CSV UTF-8»)"
SHAPE = "mỗi dòng có đúng {count} ô như dòng tiêu đề; ô có dấu phân cách, dấu ngoặc kép hay xuống dòng đặt trong " \
        "ngoặc kép"
_LINE = re.compile(r"CSV Error on Line: (\d+)")
_COLUMNS = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_FILE = re.compile(r"^\s*file = (.+)$", re.MULTILINE)


def header(path: Path) -> tuple[str, list[str]]:
    """The separator and the column names of a CSV file's first line, read in Python; InputError when that
    line is not UTF-8 text."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(HEADER_BYTES)
    except OSError as exc:
        raise InputError(f"không đọc được tệp: {os_reason(exc)}", file=str(path)) from exc
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("tệp mã hoá UTF-16, không phải UTF-8", file=str(path), line=1, expected=EXPECTED)
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"dòng tiêu đề không phải UTF-8 (byte {exc.start + 1})", file=str(path), line=1,
                         expected=EXPECTED) from exc
    line = _NEWLINE.split(text, maxsplit=1)[0]  # a file of old Mac line ends has no "\n" at all
    separator = max(SEPARATORS, key=line.count)
    try:
        names = next(csv.reader([line], delimiter=separator), [])
    except csv.Error:  # a NUL or a stray character: the separators still tell how many columns there are
        names = line.split(separator)
    return separator, [name.strip() for name in names]


def misread(path: Path, separator: str, names: Sequence[str]) -> InputError:
    """Why DuckDB did not see the header's columns: the first of the sampled rows that is not as wide, or
    cannot be read at all."""
    count = len(names)
    expected = SHAPE.format(count=count)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = csv.reader(handle, delimiter=separator, strict=True)
            for row in rows:
                if len(row) != count:
                    return InputError(f"dòng có {len(row)} ô, dòng tiêu đề có {count} cột", file=str(path),
                                      line=rows.line_num, expected=expected)
                if rows.line_num > SNIFFED_ROWS:
                    break
    except UnicodeDecodeError as exc:
        return InputError(f"tệp không phải UTF-8 (byte {exc.start + 1} của đoạn đang đọc)", file=str(path),
                          expected=EXPECTED)
    except csv.Error as exc:
        return InputError(f"dòng không đọc được: {_csv_reason(str(exc))}", file=str(path),
                          line=rows.line_num, expected=expected)
    return InputError("không nhận ra cấu trúc CSV của tệp (dấu phân cách, dấu ngoặc kép)", file=str(path),
                      expected=expected)


def _csv_reason(text: str) -> str:
    if "NUL" in text:
        return "có ký tự NUL"
    if "expected after" in text:
        return "sau dấu ngoặc kép đóng một ô phải là dấu phân cách hoặc hết dòng"
    if "end of data" in text or "EOF" in text or "quot" in text:
        return "dấu ngoặc kép mở mà không đóng"
    return text


def file_of(message: str, names: dict[str, str]) -> str | None:
    """The file DuckDB's message is about, as the user named it (``names``: DuckDB's path → the user's)."""
    found = _FILE.search(message)
    return names.get(found.group(1).strip(), found.group(1).strip()) if found else None


def duckdb_reason(message: str, file: str | None) -> InputError:
    """DuckDB's error reading a CSV file, in Vietnamese: its line, what was wrong, what was expected."""
    line_found = _LINE.search(message)
    line = int(line_found.group(1)) if line_found else None
    width = _COLUMNS.search(message)
    if "Invalid unicode" in message:
        return InputError("tệp không phải UTF-8", file=file, line=line, expected=EXPECTED)
    if width:
        return InputError(f"dòng có {width.group(2)} ô, dòng tiêu đề có {width.group(1)} cột", file=file, line=line,
                          expected=SHAPE.format(count=width.group(1)))
    if "unterminated quote" in message:
        return InputError("dấu ngoặc kép mở mà không đóng", file=file, line=line, expected=SHAPE.format(count="các"))
    first = message.strip().splitlines()[0] if message.strip() else message
    return InputError(f"không đọc được tệp: {first}", file=file, line=line, expected=EXPECTED)

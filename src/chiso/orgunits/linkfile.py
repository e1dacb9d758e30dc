"""The links file (``date,from,to,share,basis,default,kind,note``) and the checks of links against the units.

One row is one link: part or all of the unit ``from`` became part or all of ``to`` on ``date``. Only
``date``, ``from`` and ``to`` are required; the kind follows from the other links of the day when left
empty (:func:`chiso.orgunits.links.inferred`). Every bad row is reported at once, naming the file, line,
column and what was expected, and a file's links are checked against the units before any is kept.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from chiso.errors import InputError, InputErrors
from chiso.io.files import csv_rows, read_text
from chiso.io.tables import MAX_ERRORS, Row
from chiso.orgunits.links import KIND_LABELS, LinkKind, UnitLink, inferred
from chiso.orgunits.model import OrgUnit
from chiso.orgunits.versions import by_code, renamed
from chiso.periods.days import EXPECTED_DAY, day_text, parse_day
from chiso.values.numbers import format_decimal, parse_decimal

LINK_COLUMNS = ("date", "from", "to", "share", "basis", "default", "kind", "note")
REQUIRED = ("date", "from", "to")
EXPECTED_SHARE = "số từ 0 đến 1 (ví dụ 0,4) hoặc phần trăm (ví dụ 40%), hoặc để trống"
EXPECTED_DEFAULT = "yes/no, true/false, 1/0 hoặc có/không (để trống: không)"
EXPECTED_VERSIONS = ("các phiên bản của một mã nối tiếp nhau: mỗi phiên bản bắt đầu sau ngày phiên bản trước hết "
                     "hiệu lực")
EXPECTED_KIND = ", ".join(f"{kind.value} ({label})" for kind, label in KIND_LABELS.items()) + " hoặc để trống"
_YES = {"yes", "true", "1", "có", "x"}
_NO = {"", "no", "false", "0", "không"}
_KINDS = {**{kind.value: kind for kind in LinkKind}, **{label.casefold(): kind for kind, label in KIND_LABELS.items()}}
# The kind of unit a name starts with: what changes when a commune becomes a ward, not its own name.


@dataclass(frozen=True)
class LinkRow:
    """A link and where it was read: what a check names when the link is wrong."""

    link: UnitLink
    file: str = ""
    line: int | None = None

    def error(self, message: str, column: str, expected: str | None = None) -> InputError:
        return InputError(message, file=self.file or None, line=self.line, column=column, expected=expected)


def read_links(path: Path | str, text: str | None = None) -> list[LinkRow]:
    """The links of a CSV file (``text`` when given, else the file's), every bad row reported together."""
    rows, errors = _readable(path, text)
    raise_problems(errors)
    return rows


def load_links(path: Path | str, units: Iterable[OrgUnit], text: str | None = None,
               beside: Iterable[UnitLink] = ()) -> list[UnitLink]:
    """A file's links, checked against ``units`` together with the links ``beside`` them (those already
    kept), kinds filled in; every problem, of a row or of the links against the units, raised at once."""
    units = list(units)
    rows, errors = _readable(path, text)
    keys = {row.link.key for row in rows}
    others = [link for link in beside if link.key not in keys]  # a file's link replaces the one kept
    errors += check_links(units, rows, others)
    errors.sort(key=lambda error: error.line or 0)
    raise_problems(errors[:MAX_ERRORS])
    return with_kinds(units, [*links_of(rows), *others])[:len(rows)]


def _readable(path: Path | str, text: str | None) -> tuple[list[LinkRow], list[InputError]]:
    """The rows that read, and the errors of those that do not (a repeated link among them)."""
    rows, errors = [], []
    seen: dict[tuple[str, str, date], int | None] = {}
    for row in _csv_rows(str(path), read_text(Path(path)) if text is None else text):
        try:
            found = _link_row(row)
        except InputError as exc:
            errors.append(exc.located(file=row.file, line=row.line))
            continue
        if found.link.key in seen:
            errors.append(row.error("to", f"liên kết {found.link.predecessor} → {found.link.successor} ngày "
                                    f"{day_text(found.link.on)} đã có ở dòng {seen[found.link.key]}",
                                    expected="mỗi ngày × from × to chỉ một dòng"))
            continue
        seen[found.link.key] = found.line
        rows.append(found)
    return rows, errors


def links_of(rows: Iterable[LinkRow | UnitLink]) -> list[UnitLink]:
    return [row.link if isinstance(row, LinkRow) else row for row in rows]


def _csv_rows(file: str, text: str) -> list[Row]:
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    columns = [column.strip() for column in reader.fieldnames or []]
    _check_header(file, columns)
    return csv_rows(file, reader, columns)


def _check_header(file: str, columns: list[str]) -> None:
    for column in REQUIRED:
        if column not in columns:
            raise InputError(f"thiếu cột «{column}»", file=file, line=1, column=column,
                             expected="các cột " + ",".join(LINK_COLUMNS))
    for column in columns:
        if column not in LINK_COLUMNS:
            raise InputError(f"cột không được hỗ trợ «{column}»", file=file, line=1, column=column,
                             expected="các cột " + ",".join(LINK_COLUMNS))


def _link_row(row: Row) -> LinkRow:
    try:
        on = parse_day(row.get("date"))
    except InputError:
        raise row.error("date", f"ngày «{row.get('date')}» không hợp lệ", expected=EXPECTED_DAY) from None
    if on is None:
        raise row.error("date", "thiếu ngày sắp xếp", expected=EXPECTED_DAY)
    predecessor, successor = _code(row, "from"), _code(row, "to")
    link = UnitLink(predecessor, successor, on, _kind(row), _share(row), row.get("basis"), _default(row),
                    row.get("note"))
    return LinkRow(link, row.file, row.line)


def _code(row: Row, column: str) -> str:
    code = row.get(column)
    if not code:
        raise row.error(column, "thiếu mã đơn vị", expected="mã đơn vị hành chính, ví dụ 24235")
    return code


def _share(row: Row) -> Decimal | None:
    text = row.get("share")
    if not text:
        return None
    body = text.removesuffix("%").strip()
    try:
        number = parse_decimal(body, "vi" if "," in body else "en")
    except InputError:
        raise row.error("share", f"tỉ lệ chia «{text}» không phải là số", expected=EXPECTED_SHARE) from None
    share = number / 100 if text.endswith("%") else number
    if not Decimal(0) <= share <= Decimal(1):
        raise row.error("share", f"tỉ lệ chia «{text}» không nằm trong khoảng từ 0 đến 1", expected=EXPECTED_SHARE)
    return share


def _default(row: Row) -> bool:
    text = row.get("default").casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise row.error("default", f"«{row.get('default')}» không phải là có/không", expected=EXPECTED_DEFAULT)


def _kind(row: Row) -> LinkKind | None:
    text = row.get("kind").casefold()
    if not text:
        return None
    if text not in _KINDS:
        raise row.error("kind", f"loại liên kết «{row.get('kind')}» không hợp lệ", expected=EXPECTED_KIND)
    return _KINDS[text]


def with_kinds(units: Iterable[OrgUnit], links: Iterable[UnitLink]) -> list[UnitLink]:
    """The links with kinds and wholeness filled in, a rename told from the units' names."""
    given = list(links)
    return inferred(given, renamed(by_code(units), given))


def _ending(versions: dict[str, list[OrgUnit]], code: str, on: date) -> OrgUnit | None:
    day = on - timedelta(days=1)
    return next((unit for unit in versions.get(code, []) if unit.valid_to == day), None)


def _starting(versions: dict[str, list[OrgUnit]], code: str, on: date) -> OrgUnit | None:
    return next((unit for unit in versions.get(code, []) if unit.valid_from == on), None)


def check_links(units: Iterable[OrgUnit], links: Iterable[LinkRow | UnitLink],
                beside: Iterable[UnitLink] = ()) -> list[InputError]:
    """What is wrong with the links against the units' versions (nothing: an empty list).

    A code's versions overlapping; a link to an unknown code, or whose predecessor has no version ending the
    day before, or whose successor has none beginning that day; one predecessor's shares of one day and
    basis above 1; and a unit that is its own predecessor (a loop). The links ``beside`` (those already
    kept) count in the shares and loops, but only a problem with one of ``links`` is reported.
    """
    versions = by_code(units)
    rows = [row if isinstance(row, LinkRow) else LinkRow(row) for row in links]
    checked = {id(row) for row in rows}
    every = [*rows, *(LinkRow(link) for link in beside)]
    overlapping = _overlaps(versions)
    errors = []
    for row in rows:
        errors += _ends(row, versions)
        for column, code in (("from", row.link.predecessor), ("to", row.link.successor)):
            if code in overlapping:  # named once, at the first link of the code
                errors.append(row.error(f"đơn vị {code}: {overlapping.pop(code)}", column, EXPECTED_VERSIONS))
    unlinked = [InputError(f"đơn vị {code}: {text}", expected=EXPECTED_VERSIONS) for code, text in overlapping.items()]
    return unlinked + errors + _shares(every, checked) + _loops(every, checked, versions)


def raise_problems(errors: Sequence[InputError]) -> None:
    if errors:
        raise InputErrors(list(errors)) if len(errors) > 1 else errors[0]


def _overlaps(versions: dict[str, list[OrgUnit]]) -> dict[str, str]:
    """Per code whose versions overlap, what overlaps (the first two)."""
    found = {}
    for code, chain in versions.items():
        for first, second in zip(chain, chain[1:], strict=False):
            if (second.valid_from or date.min) <= (first.valid_to or date.max):
                found[code] = f"hai phiên bản có thời gian hiệu lực chồng lên nhau ({_span(first)} và {_span(second)})"
                break
    return found


def _span(unit: OrgUnit) -> str:
    start = day_text(unit.valid_from) if unit.valid_from else "…"
    end = day_text(unit.valid_to) if unit.valid_to else "…"
    return f"{start}–{end}"


def _ends(row: LinkRow, versions: dict[str, list[OrgUnit]]) -> list[InputError]:
    link, errors = row.link, []
    day = day_text(link.on - timedelta(days=1))
    for column, code in (("from", link.predecessor), ("to", link.successor)):
        if code not in versions:
            errors.append(row.error(f"đơn vị «{code}» không có trong danh mục đơn vị", column,
                                    "mã một đơn vị có trong kho hoặc trong tệp đơn vị"))
    if link.predecessor in versions and _ending(versions, link.predecessor, link.on) is None:
        errors.append(row.error(f"đơn vị {link.predecessor} không có phiên bản hết hiệu lực ngày {day}, ngày trước "
                                f"ngày sắp xếp {day_text(link.on)}", "from",
                                f"một phiên bản của {link.predecessor} có valid_to {day}"))
    if link.successor in versions and _starting(versions, link.successor, link.on) is None:
        errors.append(row.error(f"đơn vị {link.successor} không có phiên bản bắt đầu hiệu lực ngày "
                                f"{day_text(link.on)}", "to",
                                f"một phiên bản của {link.successor} có valid_from {day_text(link.on)}"))
    return errors


def _shares(rows: list[LinkRow], checked: set[int]) -> list[InputError]:
    groups: dict[tuple[str, date, str], list[LinkRow]] = {}
    for row in rows:
        if row.link.share is not None:
            groups.setdefault((row.link.predecessor, row.link.on, row.link.basis), []).append(row)
    errors = []
    for (code, on, basis), found in groups.items():
        total = sum((row.link.share or Decimal(0) for row in found), Decimal(0))
        mine = [row for row in found if id(row) in checked]
        if total > 1 and mine:
            lines = ", ".join(str(row.line) for row in mine if row.line is not None)
            errors.append(mine[-1].error(
                f"tổng tỉ lệ chia của đơn vị {code} ngày {day_text(on)}{f' theo {basis}' if basis else ''} là "
                f"{_decimal(total)}, lớn hơn 1{f' (các dòng {lines})' if lines else ''}", "share",
                "các tỉ lệ chia của một đơn vị cùng ngày, cùng cơ sở (basis) cộng lại không quá 1"))
    return errors


def _decimal(number: Decimal) -> str:
    return format_decimal(number.normalize(), "vi")


def _loops(rows: list[LinkRow], checked: set[int], versions: dict[str, list[OrgUnit]]) -> list[InputError]:
    """Links that lead from a unit back to itself: a unit that is its own predecessor.

    A loop is between versions, not codes: old 00097 went into new 00103, old 00103 into new 00091 and old
    00091 into new 00097, which is no loop. Each end is the version in force on its side of the day (else
    the last begun before), so a link whose dates miss the versions still joins them and a loop shows.
    """
    following: dict[_Node, list[tuple[_Node, LinkRow]]] = {}
    for row in rows:
        link = row.link
        before = _node(versions, link.predecessor, link.on - timedelta(days=1))
        after = _node(versions, link.successor, link.on)
        if before is not None and after is not None:
            following.setdefault(before, []).append((after, row))
    errors = []
    for path, along in _cycles(following):
        mine = [row for row in along if id(row) in checked]
        if mine:
            errors.append(mine[0].error(
                "các liên kết tạo thành vòng: " + " → ".join(code for code, _ in path), "to",
                "mỗi liên kết đi từ phiên bản đã hết hiệu lực của một đơn vị đến phiên bản bắt đầu sau đó"))
    return errors


_Node = tuple[str, int]  # a code and the index of one of its versions


def _node(versions: dict[str, list[OrgUnit]], code: str, day: date) -> _Node | None:
    chain = versions.get(code)
    if not chain:
        return None
    begun = [i for i, unit in enumerate(chain) if unit.valid_from is None or unit.valid_from <= day]
    active = [i for i in begun if chain[i].active_on(day)]
    return code, (active or begun or [0])[-1]


def _cycles(following: dict[_Node, list[tuple[_Node, LinkRow]]]) -> list[tuple[list[_Node], list[LinkRow]]]:
    """Each loop once, with the links along it (a depth-first walk)."""
    done: set[_Node] = set()
    found = []
    for root in following:
        if root in done:
            continue
        path, on_path, via = [root], {root}, list[LinkRow]()
        stack = [iter(following.get(root, []))]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                finished = path.pop()
                on_path.discard(finished)
                done.add(finished)
                via = via[:len(path) - 1] if path else []
                continue
            node, row = step
            if node in on_path:
                start = path.index(node)
                found.append(([*path[start:], node], [*via[start:], row]))
            elif node not in done:
                path.append(node)
                via.append(row)
                on_path.add(node)
                stack.append(iter(following.get(node, [])))
    return found


def write_links(out: TextIO, links: Iterable[UnitLink]) -> None:
    """``links`` as a links file that `chiso units links import` reads back, by day then codes."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(LINK_COLUMNS)
    for link in sorted(links, key=lambda link: (link.on, link.predecessor, link.successor)):
        writer.writerow([link.on.isoformat(), link.predecessor, link.successor,
                         "" if link.share is None else str(link.share.normalize()), link.basis,
                         "yes" if link.default else "", link.kind.value if link.kind else "", link.note])

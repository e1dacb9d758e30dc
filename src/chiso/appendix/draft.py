"""A draft framework from an appendix whose framework chiso does not know yet: its rows' codes and names, each
row's type guessed from its cells, and a rate's formula where the figures of every period bear it out.

Every guess is written with a ``# đoán:`` comment saying why, for whoever reviews the draft before using it.
A name or title whose letters the PDF lost is restored from the vocabulary (:mod:`chiso.appendix.repair`) and
written with a ``# khôi phục:`` comment naming the damaged text and every word restored, to check.
A guess is made from the numbers only where at least two periods have them: one period proves nothing.
Relations are proposed as comments only; the draft's figures read back through the importer as printed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache

from chiso.appendix import repair
from chiso.appendix.cells import read_cell
from chiso.appendix.headers import Kind, Meaning, column_meaning, header_columns
from chiso.appendix.matching import folded, number_of
from chiso.appendix.model import SourceCell, SourceTable
from chiso.catalog.loader import load_framework
from chiso.catalog.model import Indicator
from chiso.errors import InputError

MIN_PERIODS = 2  # a formula or a sum is proposed only when this many periods bear it out
MAX_NUMBER = 12  # a longer text with a blank in the number column is a sentence under the table
_CODE = re.compile(r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*")
_SECTION = re.compile(r"[IVXLC]+")
_PLACES = re.compile(r"\.(\d+)$")
_PROBE = """
code: probe
title: probe
indicators: [{code: "p", name: probe, type: percent}]
"""


@dataclass
class _Row:
    """A row of the appendix: its code, name, section and its period cells' texts by period code."""

    code: str
    name: str
    section: str
    texts: dict[str, str] = field(default_factory=dict)
    merged: bool = False  # one cell spans every period («Đã triển khai tại …»)
    type: str = "text"
    decimals: int = 0
    why: str = ""
    formula: str = ""
    formula_why: str = ""


@dataclass
class _Draft:
    rows: list[_Row] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)  # code → title
    periods: dict[str, str] = field(default_factory=dict)  # header text → period code
    titles: list[str] = field(default_factory=list)  # texts of the rows above the header
    restored: dict[str, repair.Restoration] = field(default_factory=dict)  # by the text restored


def draft_framework(tables: list[SourceTable], code: str, title: str | None = None,
                    vocabulary: repair.Vocabulary | None = None) -> str:
    """A framework YAML (code ``code``) drafted from ``tables``, each guess commented; checked to load.
    Damaged names and titles are restored from ``vocabulary`` (the word list alone when None): best the
    store's frameworks, ``repair.vocabulary(frameworks)``."""
    draft = _Draft()
    for table in tables:
        _read_table(draft, table)
    if not draft.rows:
        raise InputError("không có dòng chỉ tiêu nào trong các bảng của phụ lục", file=_files(tables),
                         expected="một bảng có cột «STT» và các dòng đánh số (1., 5.1.1., I)")
    _restore(draft, vocabulary)
    for row in draft.rows:
        _guess_type(row)
    _guess_formulas(draft.rows)
    text = _yaml(draft, code, title)
    load_framework(text, f"{code}.yaml")  # a draft that would not load is a bug here, not the user's
    return text


def _files(tables: Sequence[SourceTable]) -> str:
    return ", ".join(dict.fromkeys(t.file for t in tables)) or "<phụ lục>"


# Reading the tables


def _read_table(draft: _Draft, table: SourceTable) -> None:
    grid = [[c.text if c else None for c in row] for row in table.grid()]
    top = next((n for n, row in enumerate(grid) if row and column_meaning(row[0] or "").kind is Kind.CODE), None)
    if top is None:
        return
    start = next((n for n in range(top + 1, len(grid)) if _is_number(grid[n][0] or "")), len(grid))
    draft.titles += [" ".join(t for t in row if t) for row in grid[:top] if any(row)]
    columns = header_columns(grid[top:start])
    for meaning in columns:
        if meaning.kind in (Kind.PERIOD, Kind.RESULT) and meaning.period is not None:
            draft.periods.setdefault(meaning.text, meaning.period.code)
    known = {row.code for row in draft.rows}
    section = ""
    for row in table.rows[start:]:
        cells = [cell for cell in row for _ in range(cell.span)]
        number = number_of(cells[0].text) if cells else ""
        if len(number) > MAX_NUMBER and " " in number:
            break  # the text under the table
        section = _read_row(draft, cells, columns, section, known)


def _is_number(text: str) -> bool:
    return bool(_CODE.fullmatch(number_of(text)))


def _read_row(draft: _Draft, cells: list[SourceCell], columns: list[Meaning], section: str,
              known: set[str]) -> str:
    """Adds the row (or the section it opens) and returns the section it is in."""
    number = number_of(cells[0].text) if cells else ""
    name = " ".join(cells[1].text.split()) if len(cells) > 1 else ""
    if not _CODE.fullmatch(number):
        return section
    if _SECTION.fullmatch(number):
        draft.sections.setdefault(number, name or number)
        return number
    code = f"{section}.{number}" if section and not number.startswith(f"{section}.") else number
    if code in known:
        return section
    known.add(code)
    row = _Row(code, name or code, section)
    spans = []
    for cell, meaning in zip(cells, columns, strict=False):
        if meaning.kind in (Kind.PERIOD, Kind.RESULT) and meaning.period is not None and cell.text.strip():
            row.texts[meaning.period.code] = cell.text
            spans.append(id(cell))
    row.merged = len(spans) > 1 and len(set(spans)) == 1
    draft.rows.append(row)
    return section


# Restoring damaged texts


def _restore(draft: _Draft, vocabulary: repair.Vocabulary | None) -> None:
    """Puts each damaged name and title's restoration in its place. The letters any damaged text of the
    document shows are the font's: they survive in every other text too."""
    texts = [row.name for row in draft.rows] + list(draft.sections.values()) + draft.titles
    damaged = repair.damaged_texts(texts)
    if not damaged:
        return
    words = vocabulary if vocabulary is not None else repair.vocabulary(())
    kept = frozenset(c for text in damaged for c in text if c.isalpha())
    readings = {text: repair.restore(text, words, kept=kept) for text in damaged}
    draft.restored = {r.text: r for r in readings.values()}
    for row in draft.rows:
        row.name = readings[row.name].text if row.name in readings else row.name
    draft.sections = {c: readings[t].text if t in readings else t for c, t in draft.sections.items()}
    draft.titles = [readings[t].text if t in readings else t for t in draft.titles]


def _restoration_note(draft: _Draft, text: str) -> str:
    """«  # khôi phục: «damaged» → «restored»; chưa chắc: từ «…» (…)» for a restored text, else nothing."""
    found = draft.restored.get(text)
    if found is None:
        return ""
    words = [f"từ «{w.text}» ({_share(w.confidence)}{_others(w.alternatives)})" for w in found.review if w.known]
    lost = [f"«{w.text}»" for w in found.words if not w.known]
    note = f"  # khôi phục: «{found.damaged}» → «{found.text}»"
    note += f"; chưa chắc: {', '.join(words)}" if words else ""
    return note + (f"; không khôi phục được: {', '.join(lost)}" if lost else "")


def _share(confidence: float) -> str:
    return f"{round(confidence * 100)}%"


def _others(alternatives: Sequence[str]) -> str:
    return "; hoặc " + ", ".join(f"«{a}»" for a in alternatives) if alternatives else ""


# Guessing types


@cache
def _probe() -> Indicator:
    """A percent indicator to read cells with: it takes «100%», «46,14» and «1.543» alike."""
    return load_framework(_PROBE).indicator("p")


def _number(text: str) -> str | None:
    """A cell's canonical number («1.543» → «1543», «46,14» → «46.14», «374 theo QĐ …» → «374»), or None."""
    reading = read_cell(_probe(), text)
    return reading.value if not reading.problem else None


def _places(value: str) -> int:
    found = _PLACES.search(value)
    return len(found.group(1)) if found else 0


def _guess_type(row: _Row) -> None:
    if not row.texts:
        row.type, row.why = "heading", "heading — dòng không có ô số liệu nào (dòng nhóm)"
        return
    readings = [read_cell(_probe(), text) for text in row.texts.values()]
    given = [r.value for r in readings if r.value is not None]
    if any(r.problem for r in readings):
        row.type, row.why = "text", "text — có ô không phải là số"
    elif not given:
        row.type, row.why = "number", "number — chưa có số liệu nào, chỉ có dấu «-»"
    elif all("%" in r.text for r in readings if r.value is not None):
        row.type, row.why = "percent", "percent — các ô đều có dấu %"
    elif all(_places(v) == 0 and not v.startswith(("-", "<", ">")) for v in given):
        row.type, row.why = "count", "count — các ô đều là số nguyên"
    else:
        row.type, row.why = "number", "number — có ô là số thập phân"
        if folded(row.name).startswith("ty le"):
            row.type, row.why = "percent", "percent — số thập phân, tên bắt đầu bằng «Tỷ lệ»"
    row.decimals = max((_places(v) for v in given), default=0) if row.type in ("number", "percent") else 0


# Guessing formulas


def _guess_formulas(rows: list[_Row]) -> None:
    for row in rows:
        if row.type not in ("percent", "number"):
            continue
        children = [r for r in rows if r.type == "count" and r.code.rpartition(".")[0] == row.code]
        for whole in children:
            for part in children:
                checked = _ratio_periods(row, whole, part) if part is not whole else None
                if checked is not None:
                    row.formula = f"{{{part.code}}} / {{{whole.code}}} * 100"
                    row.formula_why = f"công thức khớp mọi kỳ có số liệu ({checked}/{checked})"
                    if row.type != "percent":
                        row.type, row.why = "percent", f"percent — bằng {part.code} / {whole.code} × 100"
                    break
            if row.formula:
                break


def _decimal(row: _Row, period: str) -> Decimal | None:
    value = _number(row.texts.get(period, ""))
    try:
        return Decimal(value) if value is not None else None
    except InvalidOperation:
        return None  # a bound («>90»): no figure to compute with


def _ratio_periods(rate: _Row, whole: _Row, part: _Row) -> int | None:
    """How many periods have all three figures, when the rate is part / whole × 100 (to its printed places)
    in every one and there are enough of them; None otherwise."""
    count = 0
    for period in rate.texts:
        figures = [_decimal(rate, period), _decimal(whole, period), _decimal(part, period)]
        if any(f is None for f in figures):
            continue
        shown, total, share = (f for f in figures if f is not None)
        if total == 0:
            return None
        computed = (share / total * 100).quantize(shown, rounding=ROUND_HALF_UP)  # to the places printed
        if computed != shown:
            return None
        count += 1
    return count if count >= MIN_PERIODS else None


def _sum_periods(total: _Row, parts: list[_Row]) -> int | None:
    """How many periods have the total and all its parts, when it is their sum in every one."""
    count = 0
    for period in total.texts:
        figures = [_decimal(r, period) for r in (total, *parts)]
        if any(f is None for f in figures):
            continue
        known = [f for f in figures if f is not None]
        if known[0] != sum(known[1:], Decimal(0)):
            return None
        count += 1
    return count if count >= MIN_PERIODS else None


# Writing the YAML


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _yaml(draft: _Draft, code: str, title: str | None) -> str:
    lines = ["# Bản nháp bộ chỉ tiêu, đoán từ phụ lục (chiso import appendix --new-framework).",
             "# Mỗi dòng «# đoán:» nói vì sao; hãy xem lại trước khi dùng.", "# Các kỳ trong phụ lục:"]
    lines += [f"#   - «{text}» → {period}" for text, period in draft.periods.items()]
    appendix = next((t for t in draft.titles if folded(t).startswith("phu luc")), "")
    heading = next((t for t in draft.titles if t != appendix and not t.startswith("(")), "")
    chosen = heading or title or code
    lines += [f"code: {_quoted(code)}", f"title: {_quoted(chosen)}{_restoration_note(draft, chosen)}"]
    if appendix:
        lines.append(f"appendix: {_quoted(appendix)}{_restoration_note(draft, appendix)}")
    lines.append("layout: statistics_table")
    top = [row for row in draft.rows if not row.section]
    if top or not draft.sections:
        lines += ["indicators:", *(line for row in top for line in _indicator(draft, row, "  "))]
    if draft.sections:
        lines.append("sections:")
        for section, name in draft.sections.items():
            lines += [f"  - code: {_quoted(section)}", f"    title: {_quoted(name)}{_restoration_note(draft, name)}",
                      "    indicators:"]
            lines += [line for row in draft.rows if row.section == section for line in _indicator(draft, row, "      ")]
    return "\n".join(lines + _relations(draft.rows)) + "\n"


def _indicator(draft: _Draft, row: _Row, indent: str) -> list[str]:
    name = f"{_quoted(row.name)}{_restoration_note(draft, row.name)}"
    lines = [f"{indent}- code: {_quoted(row.code)}", f"{indent}  name: {name}",
             f"{indent}  type: {row.type}  # đoán: {row.why}"]
    if row.decimals:
        lines.append(f"{indent}  decimals: {row.decimals}  # số chữ số thập phân in trong phụ lục")
    if row.formula:
        lines += [f"{indent}  formula: {_quoted(row.formula)}  # đoán: {row.formula_why}",
                  f"{indent}  aggregation: ratio  # đoán: tỷ lệ tính lại từ các số cộng dồn"]
    if row.merged:
        lines.append(f"{indent}  report: {{merge_periods: true}}  # đoán: một ô gộp ghi cho mọi kỳ")
    return lines


def _relations(rows: list[_Row]) -> list[str]:
    """Sums the figures bear out, proposed as comments: whether a total is meant to be its parts' sum is for
    whoever knows the indicators to say."""
    found = []
    for row in rows:
        parts = [r for r in rows if r.type == "count" and r.code.rpartition(".")[0] == row.code]
        checked = _sum_periods(row, parts) if row.type == "count" and len(parts) > 1 else None
        if checked is not None:
            names = ", ".join(_quoted(p.code) for p in parts)
            found.append(f"#   - {{kind: sum, total: {_quoted(row.code)}, parts: [{names}]}}  "
                         f"# đoán: bằng tổng các chỉ tiêu con ở mọi kỳ có số liệu ({checked}/{checked})")
    return ["# đoán: có thể thêm (bỏ dấu # để dùng):", "# relations:", *found] if found else []

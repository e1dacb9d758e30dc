"""Fuzzing the dossier CSV reader: random headers, cells, quotes, separators, encodings and bytes.

A dossier file is built from the sample's columns, shuffled, dropped, doubled or joined by strangers, with
rows of plausible and implausible cells (dates from year 1 to 9999, quotes left open, separators and line
breaks inside cells, NUL bytes), written in UTF-8, UTF-16, Latin-1 or Windows-1258, or cut short or
sprinkled with random bytes. `chiso.dossiers.compute` must either compute or refuse with chiso's own error
(an InputError naming what is wrong): no DuckDB, Unicode or other exception. The quick test runs in the
normal suite, the long one with ``-m stress`` (CHISO_FUZZ_EXAMPLES examples, 300 by default).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st

from chiso.catalog.loader import shipped_frameworks
from chiso.dossiers import compute
from chiso.errors import ChisoError
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.periods import PeriodType, period_range

EXAMPLES = int(os.environ.get("CHISO_FUZZ_EXAMPLES", "300"))
DATA = Path(__file__).parents[1] / "dossiers" / "data"
PROCEDURES = DATA / "procedures.csv"
COLUMNS = DATA.joinpath("dossiers.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
CQS = shipped_frameworks()["cqs"]
HIERARCHY = Hierarchy([OrgUnit("66", "Tỉnh Đắk Lắk", OrgUnitType.PROVINCE),
                       OrgUnit("643", "TP Buôn Ma Thuột", OrgUnitType.DISTRICT, "66"),
                       OrgUnit("644", "Thị xã Buôn Hồ", OrgUnitType.DISTRICT, "66")])

dates = st.one_of(
    st.dates().map(str), st.datetimes().map(lambda moment: moment.isoformat(sep=" ")),
    st.dates().map(lambda day: day.strftime("%d/%m/%Y")),
    st.sampled_from(["2024-01-10", "2024-02-30", "0000-00-00", "9999-12-31", "31/12/1", "2024-1-5", "hôm qua", ""]))
plausible = {
    "dossier_id": st.one_of(st.sampled_from(["D01", "D02", " D03 ", "D01"]), st.text(max_size=8)),
    "procedure_code": st.sampled_from(["P1", "P2", "P3", "P4", "P5", "P9", "", "p1"]),
    "unit_code": st.sampled_from(["66", "643", "644", "999", "", "643.0"]),
    "received_at": dates, "due_at": dates, "completed_at": dates,
    "channel": st.sampled_from(["online", "direct", "postal", "Trực tuyến", "", "ONLINE"]),
}
flags = st.sampled_from(["1", "0", "yes", "no", "có", "không", "true", "", "2", "-1"])
strange = st.one_of(
    st.text(max_size=12), st.sampled_from(['"', '""', 'a"b', '"open', ",", ";", "\t", "\n", "\r\n", "\x00", "\\"]))
encodings = st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1258"])
separators = st.sampled_from([",", ",", ",", ";", "\t", "|"])


def _row(header: list[str]) -> st.SearchStrategy[list[str]]:
    """Mostly a cell of its column's kind per column; now and then a strange cell, a cell too many or too few."""
    cells = st.tuples(*(st.one_of(*[plausible.get(name.lower(), flags)] * 6, strange) for name in header))
    return st.one_of(*[cells.map(list)] * 6, cells.map(lambda row: [*row, "thừa"]),
                     cells.map(lambda row: list(row[:-1])))


@dataclass(frozen=True)
class Dossiers:
    header: list[str]
    rows: list[list[str]]
    separator: str
    encoding: str
    damage: list[tuple[int, int]]  # (position, byte): a byte written over; position -1 cuts the file there
    stated: bool
    max_rejects: int


@st.composite
def dossier_files(draw: st.DrawFn) -> Dossiers:
    header = draw(st.permutations(COLUMNS)) if draw(st.booleans()) else list(COLUMNS)
    header = draw(st.sampled_from([header, header, header, header[1:], [*header, "ghi_chu"], [*header, header[0]],
                                   [name.upper() for name in header]]))
    rows = draw(st.lists(_row(header), max_size=25))
    damage = draw(st.one_of(st.just([]), st.just([]), st.lists(st.tuples(st.integers(-1, 2000),
                                                                          st.integers(0, 255)), max_size=3)))
    return Dossiers(header, rows, draw(separators), draw(encodings), damage, draw(st.booleans()),
                    draw(st.sampled_from([0, 0, 1000])))


def _cell(text: str, separator: str) -> str:
    if any(mark in text for mark in (separator, '"', "\n", "\r")) and not text.startswith('"'):
        return '"' + text.replace('"', '""') + '"'
    return text  # a cell starting with a quote is left as it is: an open quote a broken export leaves


def content(files: Dossiers) -> bytes:
    lines = [files.separator.join(_cell(cell, files.separator) for cell in row) for row in [files.header, *files.rows]]
    data = "\n".join(lines).encode(files.encoding, errors="replace")
    for position, byte in files.damage:
        if position < 0 or not data:
            data = data[:len(data) // 2]
        else:
            where = position % len(data)
            data = data[:where] + bytes([byte]) + data[where + 1:]
    return data


def check(files: Dossiers) -> None:
    """Computes from the fuzzed file: a result, or chiso's own error with a message."""
    with tempfile.TemporaryDirectory(prefix="chiso-fuzz-") as work:
        path = Path(work) / "ho-so.csv"
        path.write_bytes(content(files))
        try:
            result = compute([PROCEDURES], [path], framework=CQS, hierarchy=HIERARCHY, top="66",
                             period_type=PeriodType.YEAR, periods=period_range("2023:2024") if files.stated else None,
                             rejects=Path(work) / "loai.csv", max_rejects=files.max_rejects, memory_limit="512MB",
                             threads=1, digests=False)
        except ChisoError as error:
            assert str(error).strip(), "a refusal without a message"
            event(f"refused: {str(error).split(':', 2)[-1][:50]}")
            return
    event(f"computed: {bool(result.values)} values, {bool(result.rejected)} rejected")


FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink])


# A carriage return in the header line (here the sixth byte) made the header's own reading fail.
RETURN_IN_HEADER = Dossiers(list(COLUMNS), [["D01", "P1", "66", "2024-01-10", "online", "", "", "1", "1", "1", "1"]],
                            ",", "utf-8", [(5, 13)], True, 0)


@settings(FUZZ, max_examples=10)
@example(files=RETURN_IN_HEADER)
@given(files=dossier_files())
def test_fuzzed_dossier_files_are_computed_or_refused_quick(files: Dossiers) -> None:
    check(files)


@pytest.mark.stress
@settings(FUZZ, max_examples=EXAMPLES)
@example(files=RETURN_IN_HEADER)
@given(files=dossier_files())
def test_fuzzed_dossier_files_are_computed_or_refused(files: Dossiers) -> None:
    check(files)

"""chiso's figures as SDMX-CSV 2.0, written and read through pysdmx (the BIS's SDMX library, Apache-2.0).

One dataflow, ``CHISO:DF_CHISO(1.0)``, holds every framework: its dimensions are the framework, the
indicator, the origin (``_Z``, SDMX's "not applicable", for the unit's own report), the unit (REF_AREA) and
the period (TIME_PERIOD in SDMX's reporting-period syntax: 2025, 2025-S1, 2025-Q1, 2025-M06; a year to
date 2024M1-9 is the interval 2024-01-01/P9M). OBS_VALUE is the value's exact stored text (a count, a rate,
a bound «>90», a level, a sentence), so a figure crosses unchanged; OBS_BOUND repeats a bound's comparator
for whoever reads numbers only. OBS_STATUS is SDMX's A (normal: approved) or P (provisional).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, fields
from typing import TYPE_CHECKING, Any

from chiso.errors import InputError
from chiso.periods import Period, PeriodType

if TYPE_CHECKING:
    from pysdmx.model import Schema

AGENCY, DATAFLOW, VERSION = "CHISO", "DF_CHISO", "1.0"
STRUCTURE_ID = f"{AGENCY}:{DATAFLOW}({VERSION})"
OWN_REPORT = "_Z"
APPROVED, PROVISIONAL = "A", "P"
_BOUNDS = (">=", "<=", "≥", "≤", ">", "<")
_REPORTING = re.compile(r"(\d{4})(?:-([SQ])(\d)|-M(\d{2}))?", re.ASCII)
_YEAR_TO_DATE = re.compile(r"(\d{4})-01-01/P(\d{1,2})M", re.ASCII)


@dataclass(frozen=True)
class Observation:
    """One figure as an SDMX observation; the field names are the CSV's columns, in order."""

    FRAMEWORK: str
    INDICATOR: str
    ORIGIN: str
    REF_AREA: str
    TIME_PERIOD: str
    OBS_VALUE: str
    UNIT_MEASURE: str = ""
    OBS_STATUS: str = APPROVED
    OBS_BOUND: str = ""
    COMMENT: str = ""
    SOURCE_DETAIL: str = ""


COLUMNS = tuple(f.name for f in fields(Observation))
DIMENSIONS = COLUMNS[:5]


def observation(framework: str, indicator: str, origin: str, unit: str, period: str, value: str, *,
                measure: str = "", status: str = APPROVED, note: str = "", source: str = "") -> Observation:
    """The observation of one stored figure; its period is given in chiso's code."""
    bound = next((b for b in _BOUNDS if value.startswith(b)), "")
    return Observation(framework, indicator, origin or OWN_REPORT, unit, sdmx_period(period), value, measure,
                       status, bound, note, source)


def sdmx_period(code: str) -> str:
    """A chiso period code in SDMX's syntax: 2025S1 → 2025-S1, 2025-06 → 2025-M06, 2024M1-9 → 2024-01-01/P9M."""
    period = Period.parse(code)
    if period.type is PeriodType.YTD:
        return f"{period.year}-01-01/P{period.index}M"
    return {PeriodType.YEAR: f"{period.year}", PeriodType.HALF: f"{period.year}-S{period.index}",
            PeriodType.QUARTER: f"{period.year}-Q{period.index}",
            PeriodType.MONTH: f"{period.year}-M{period.index:02d}"}[period.type]


def chiso_period(text: str) -> str:
    """An SDMX period as chiso's code, the inverse of ``sdmx_period``; InputError for any other form."""
    ytd = _YEAR_TO_DATE.fullmatch(text)
    if ytd:
        return Period.year_to(int(ytd[1]), int(ytd[2])).code
    found = _REPORTING.fullmatch(text)
    if found is None:
        raise InputError(f"kỳ SDMX «{text}» không phải kỳ chiso đọc được", column="TIME_PERIOD",
                         expected="2025, 2025-S1, 2025-Q2, 2025-M06 hoặc 2024-01-01/P9M")
    year, kind, index, month = found.groups()
    code = year + (f"{kind}{index}" if kind else f"-{month}" if month else "")
    return Period.parse(code).code


def write_csv(observations: Iterable[Observation]) -> str:
    """The SDMX-CSV 2.0 text of the observations, read back through pysdmx and compared before it is given.

    A figure the format would not keep exactly (pysdmx reads a lone «nan» as «NaN») is refused by name.
    """
    wanted = list(observations)
    text = _written(wanted)
    for before, after in zip(wanted, read_csv(text), strict=True):
        if before != after:
            raise InputError(f"SDMX-CSV không giữ nguyên được số liệu {_named(before)}: «{_differ(before, after)}»",
                             expected="giá trị, ghi chú và trích dẫn nguồn không chỉ gồm chữ «nan»")
    return text


def read_csv(text: str) -> list[Observation]:
    """The observations of an SDMX-CSV 2.0 text of chiso's dataflow, checked against its structure by pysdmx."""
    from pysdmx.errors import Invalid
    from pysdmx.io.csv.sdmx20.reader import read
    from pysdmx.io.pd import PandasDataset

    if _header_only(text):
        return []
    try:
        datasets = read(text)
    except (Invalid, ValueError, KeyError) as error:
        raise InputError(f"tệp không phải SDMX-CSV 2.0 đọc được: {error}", expected="SDMX-CSV 2.0") from error
    found: list[Observation] = []
    for dataset in datasets:
        typed = PandasDataset(structure=schema(), data=_checked(dataset.data, str(dataset.structure)))
        found.extend(Observation(*(str(row[c]) for c in COLUMNS)) for row in typed.data.to_dict("records"))
    return found


def _header_only(text: str) -> bool:
    """A file of no observations: pysdmx writes its header alone and reads it as no SDMX-CSV at all."""
    lines = text.strip().splitlines()
    return not lines or (len(lines) == 1 and lines[0].split(",") == ["STRUCTURE", "STRUCTURE_ID", "ACTION", *COLUMNS])


def schema() -> Schema:
    """The dataflow's structure as pysdmx describes it (a ``pysdmx.model.Schema``)."""
    from pysdmx.model import Concept, DataType, Role, Schema
    from pysdmx.model.dataflow import Component, Components

    def component(name: str, role: Role, dtype: DataType = DataType.STRING) -> Component:
        required = role is not Role.ATTRIBUTE
        return Component(id=name, required=required, role=role, concept=Concept(id=name, dtype=dtype),
                         attachment_level=None if required else "O")

    parts = [component(name, Role.DIMENSION, DataType.PERIOD if name == "TIME_PERIOD" else DataType.STRING)
             for name in DIMENSIONS]
    parts += [component("OBS_VALUE", Role.MEASURE)] + [component(name, Role.ATTRIBUTE) for name in COLUMNS[6:]]
    return Schema(context="dataflow", agency=AGENCY, id=DATAFLOW, version=VERSION, components=Components(parts))


def _written(observations: Sequence[Observation]) -> str:
    import pandas as pd  # pysdmx's data extra brings it
    from pysdmx.io.csv.sdmx20.writer import write
    from pysdmx.io.pd import PandasDataset
    from pysdmx.model.dataset import ActionType

    frame = pd.DataFrame([astuple(o) for o in observations], columns=list(COLUMNS), dtype=object)
    text = write([PandasDataset(structure=schema(), data=frame, action=ActionType.Information)])
    return text or ""


def _checked(frame: Any, structure: str) -> Any:
    """The data of one dataset when it is chiso's dataflow with every column, else InputError."""
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    if STRUCTURE_ID not in structure:
        raise InputError(f"SDMX-CSV thuộc cấu trúc «{structure}», không phải của chiso", column="STRUCTURE_ID",
                         expected=STRUCTURE_ID)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(f"SDMX-CSV thiếu cột {', '.join(missing)}", expected=", ".join(COLUMNS))
    return frame[list(COLUMNS)].fillna("")


def _named(item: Observation) -> str:
    return f"{item.FRAMEWORK} {item.INDICATOR} {item.REF_AREA} {item.TIME_PERIOD}"


def _differ(before: Observation, after: Observation) -> str:
    return next(str(a) for a, b in zip(astuple(before), astuple(after), strict=True) if a != b)

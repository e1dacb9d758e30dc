"""The data shipped with chiso: the frameworks cqs and cds2025 and the Đắk Lắk values behind them."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chiso.reports.options import ReportData

DATA_FILES = ("org_units.csv", "values.csv", "evaluations.csv")


def shipped_files() -> list[Path]:
    """The shipped frameworks and Đắk Lắk data, in load order."""
    frameworks = resources.files("chiso.data.frameworks")
    daklak = resources.files("chiso.data.daklak")
    names = sorted(f.name for f in frameworks.iterdir() if f.name.endswith(".yaml"))
    return [Path(str(frameworks.joinpath(n))) for n in names] + [Path(str(daklak.joinpath(n))) for n in DATA_FILES]


def shipped_report_data() -> ReportData:
    """The Đắk Lắk data as ReportData, read straight from the shipped files (no store needed)."""
    from chiso.catalog.loader import shipped_frameworks
    from chiso.io.files import read_files
    from chiso.orgunits.model import Hierarchy
    from chiso.reports.options import ReportData

    # Imported here: the catalogue imports this package to find its frameworks.
    data_files = [p for p in shipped_files() if p.suffix == ".csv"]
    bundle = read_files(data_files, shipped_frameworks(), set())
    return ReportData(tuple(bundle.values), tuple(bundle.evaluations), Hierarchy(bundle.org_units))

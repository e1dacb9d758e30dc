"""The one-stop indicators (Phụ lục VIII, sections 5 and 6) counted from exported procedure and dossier records.

``compute(procedures, dossiers, framework=…, hierarchy=…, top="66", period_type=PeriodType.YEAR)`` compiles
the framework's ``records:`` declarations into one DuckDB query and returns the values of the periods the
files cover (or of ``periods=``), the periods left out and why, the number of rejected rows and duplicate
ids, the unknown unit codes met, the records of old unit codes counted for a successor (or for none, and why;
see :mod:`chiso.dossiers.units`) and the files read with their hashes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chiso.dossiers.engine import DossierResult, compute, source_text

__all__ = ["DossierResult", "compute", "source_text"]


def __getattr__(name: str) -> Any:
    # The engine (and DuckDB) load on first use: loading a framework or starting the CLI reads only declarations.
    if name in __all__:
        from chiso.dossiers import engine

        return getattr(engine, name)
    raise AttributeError(f"module 'chiso.dossiers' has no attribute {name!r}")

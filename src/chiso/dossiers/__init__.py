"""The one-stop indicators (Phụ lục VIII, sections 5 and 6) counted from exported procedure and dossier records.

``compute(procedures, dossiers, framework=…, hierarchy=…, top="66", period_type=PeriodType.YEAR)`` compiles
the framework's ``records:`` declarations into one DuckDB query and returns the values, the number of
rejected rows and duplicate ids, the unknown unit codes met and the files read with their hashes.
"""

from chiso.dossiers.engine import DossierResult, compute, source_text

__all__ = ["DossierResult", "compute", "source_text"]

"""Parquet files with typed columns are read in their own types, by the same rules as text files.

Timestamps and dates are dates, booleans are yes/no, integer codes go through the mapping's codes; the
figures are those of the same records written as text, and unreadable typed values still go to the
rejects file with their reason.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from chiso.catalog.model import Framework
from chiso.dossiers import DossierResult, compute
from chiso.dossiers.declarations import Table
from chiso.dossiers.mapping import IDENTITY, shipped_mapping
from chiso.dossiers.sources import open_sources, relation_sql
from chiso.errors import InputError
from chiso.orgunits.model import Hierarchy
from chiso.periods import PeriodType, period_range

DATA = Path(__file__).parent / "data"
STATED = period_range("2023:2024")  # the sample's periods (see test_dossiers_engine.py)
PORTAL_DATE = "strptime(CAST({c} AS VARCHAR), '%Y%m%d%H%M%S')"


def run(cqs: Framework, hierarchy: Hierarchy, dossiers: Path, tmp_path: Path,
        procedures: Path = DATA / "procedures.csv", **options: object) -> DossierResult:
    return compute([procedures], [dossiers], framework=cqs, hierarchy=hierarchy, top="66",
                   period_type=PeriodType.YEAR, periods=STATED, rejects=tmp_path / "rejects.csv",
                   **options)  # type: ignore[arg-type]


def figures(result: DossierResult) -> dict[tuple[str, str, str], str]:
    return {(v.indicator, v.unit, v.period): v.value for v in result.values}


def typed_copy(source: Path, target: Path, select: str) -> Path:
    duckdb.sql(f"COPY (SELECT {select} FROM read_csv('{source}', all_varchar = true)) TO '{target}' (FORMAT parquet)")
    return target


def test_portal_fields_in_their_own_types_give_the_figures_of_the_text_export(cqs: Framework, hierarchy: Hierarchy,
                                                                             tmp_path: Path) -> None:
    """Timestamps, integer channel codes 1/2/3, integer flags 1/0 and the payment code 0/1/2 of the mapping."""
    dates = ", ".join(f"{PORTAL_DATE.format(c=c)} AS {c}" for c in ("NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy"))
    integers = ", ".join(f"CAST({c} AS INTEGER) AS {c}" for c in ("KenhThucHien", "HoSoCoThanhPhanSoHoa",
                                                                    "DuocLayTuKhoDMQG", "DuocThanhToanTrucTuyen"))
    typed = typed_copy(DATA / "dossiers-dvcqg.csv", tmp_path / "dvcqg.parquet",
                       f"MaHoSo, MaTTHC, MaDonVi, DuongDanTepTinKetQua, {dates}, {integers}")

    mapped = run(cqs, hierarchy, typed, tmp_path, procedures=DATA / "procedures-dvcqg.csv",
                 mapping=shipped_mapping("dvcqg"))

    assert figures(mapped) == figures(run(cqs, hierarchy, DATA / "dossiers.csv", tmp_path))
    assert mapped.rejected == 0


def test_typed_columns_are_not_read_back_from_text(tmp_path: Path) -> None:
    day = "CAST(try_cast(received_at AS TIMESTAMP) AS DATE)"
    typed = typed_copy(DATA / "dossiers.csv", tmp_path / "typed.parquet",
                       f"* REPLACE ({day} AS received_at, digitized = '1' AS digitized)")
    text = typed_copy(DATA / "dossiers.csv", tmp_path / "text.parquet", "*")
    con = duckdb.connect()

    def relation(path: Path) -> str:
        return relation_sql(open_sources(con, [path], Table.DOSSIERS, IDENTITY, tmp_path), Table.DOSSIERS, IDENTITY)

    assert "try_cast(raw_received_at" not in relation(typed) and "try_cast(raw_received_at" in relation(text)
    assert "WHEN raw_digitized IN" not in relation(typed) and "WHEN raw_digitized IN" in relation(text)


def test_unreadable_typed_values_are_rejected_with_their_reason(cqs: Framework, hierarchy: Hierarchy,
                                                                tmp_path: Path) -> None:
    typed = tmp_path / "typed.parquet"
    duckdb.sql(f"""COPY (SELECT * REPLACE (
            CASE dossier_id WHEN 'D03' THEN NULL ELSE digitized = '1' END AS digitized,
            CASE dossier_id WHEN 'D05' THEN 7 WHEN 'D03' THEN 1 ELSE 2 END AS channel,
            CASE dossier_id WHEN 'D08' THEN TIMESTAMP '20240-01-01'
                 ELSE coalesce(try_cast(received_at AS TIMESTAMP), strptime(received_at, '%d/%m/%Y')) END
                 AS received_at)
        FROM read_csv('{DATA / "dossiers.csv"}', all_varchar = true)) TO '{typed}' (FORMAT parquet)""")
    mapping = tmp_path / "channels.yaml"
    mapping.write_text('dossiers:\n  values:\n    channel: {"1": direct, "2": online, "3": postal}\n', encoding="utf-8")

    with pytest.raises(InputError, match="3 dòng hồ sơ không đọc được"):
        run(cqs, hierarchy, typed, tmp_path, mapping=mapping)

    reasons = dict(duckdb.sql(f"SELECT dossier_id, reason FROM read_csv('{tmp_path / 'rejects.csv'}', "
                              "all_varchar = true)").fetchall())
    assert reasons == {
        "D03": "thiếu digitized",
        "D05": "channel: «7» không phải là mã hợp lệ",
        "D08": "received_at: «20240-01-01 00:00:00» nằm ngoài các năm 1000–9999",
    }


def test_an_id_with_blanks_around_it_is_the_same_dossier(cqs: Framework, hierarchy: Hierarchy,
                                                         tmp_path: Path) -> None:
    """Ids are grouped as read, which is fast; one with blanks around it makes the run read them trimmed."""
    lines = (DATA / "dossiers.csv").read_text(encoding="utf-8").splitlines()
    padded = tmp_path / "padded.csv"
    padded.write_text("\n".join([*lines, " " + lines[1], lines[2].replace("D02,", "D02  ,", 1)]) + "\n",
                      encoding="utf-8")
    as_parquet = typed_copy(padded, tmp_path / "padded.parquet", "*")

    for path in (padded, as_parquet):
        result = run(cqs, hierarchy, path, tmp_path)
        assert result.duplicates == 2 and result.rejected == 0
        assert figures(result) == figures(run(cqs, hierarchy, DATA / "dossiers.csv", tmp_path))

"""`chiso.dossiers.compute` on small hand-made files, every expected figure worked out by hand below.

The files (tests/dossiers/data): six versions of five procedures and ten dossiers, D01–D10.

    procedure  level    fee  pay  portal  valid
    P1         full     yes  yes  yes     always
    P2         partial  yes  no   yes     from 2023-01-01
    P3         none     yes  no   no      always
    P4         full     no   no   yes     until 2024-06-15, then partial, not on the portal
    P5         partial  yes  no   yes     from 2024-07-01

    dossier  proc  unit   received    channel  due         completed         dig  e-res  reused
    D01      P1    66     2024-01-10  online   2024-01-20  2024-01-18         1    1      1
    D02      P1    643    2024-02-05  online   2024-02-15  2024-02-16 (late)  1    0      0
    D03      P2    643    2024-03-10  direct   2024-03-20  2024-03-19 17:00   0    0      0
    D04      P2    24121  2024-04-02  online   —           2024-04-10         1    1      0
    D05      P3    644    2024-05-06  postal   2024-05-30  2024-07-02 (late)  0    0      1
    D06      P4    24121  2024-06-01  online   2024-06-10  2024-06-09         1    1      0
    D07      P4    644    2024-08-15  online   2024-08-25  —                  1    0      1
    D08      P5    643    2024-09-09  direct   2024-09-19  2024-09-18         1    1      0
    D09      P1    999    2024-11-20  online   2024-11-30  2024-12-01 (late)  0    1      0
    D10      P2    643    2023-12-28  online   2024-01-08  2024-01-05         1    1      1

The hierarchy: province 66 → districts 643 and 644; commune 24121 under 643. Unit 999 is unknown: its
dossier counts in the province's total only.

A sample this small covers no whole period (its first dossier was received on 28/12/2023, its last on
20/11/2024), so the tests of the definitions state the periods they compute, as `--periods` does; the
coverage itself is tested in test_coverage.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from chiso.catalog.model import Framework
from chiso.dossiers import DossierResult, compute
from chiso.errors import InputError
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.periods import PeriodType, period_range

DATA = Path(__file__).parent / "data"
PROCEDURES = DATA / "procedures.csv"
DOSSIERS = DATA / "dossiers.csv"

Figures = dict[tuple[str, str, str], str]
# The periods of the sample's reception dates, 28/12/2023 to 20/11/2024.
STATED = {PeriodType.YEAR: "2023:2024", PeriodType.HALF: "2023S2:2024S2", PeriodType.QUARTER: "2023Q4:2024Q4",
          PeriodType.MONTH: "2023-12:2024-11"}


def run(cqs: Framework, hierarchy: Hierarchy, tmp_path: Path, period_type: PeriodType = PeriodType.YEAR,
        procedures: Path = PROCEDURES, dossiers: Path = DOSSIERS, **options: object) -> DossierResult:
    options.setdefault("rejects", tmp_path / "rejects.csv")
    options.setdefault("periods", period_range(STATED[period_type]))
    return compute([procedures], [dossiers], framework=cqs, hierarchy=hierarchy, top="66",
                   period_type=period_type, threads=2, **options)  # type: ignore[arg-type]


def figures(result: DossierResult) -> Figures:
    return {(v.indicator, v.unit, v.period): v.value for v in result.values}


def test_every_definition_for_the_year_2024(cqs: Framework, hierarchy: Hierarchy, tmp_path: Path) -> None:
    got = figures(run(cqs, hierarchy, tmp_path))

    province = {k: v for k, v in got.items() if k[1:] == ("66", "2024")}
    assert province == {
        # Active on 31/12/2024: P1 full; P2, P4 (its second version) and P5 partial; P3 none.
        ("5.1.1", "66", "2024"): "5", ("5.1.2", "66", "2024"): "1", ("5.1", "66", "2024"): "20.00",
        ("5.2.1", "66", "2024"): "5", ("5.2.2", "66", "2024"): "3", ("5.2", "66", "2024"): "60.00",
        ("5.3.1", "66", "2024"): "4", ("5.3.2", "66", "2024"): "3", ("5.3", "66", "2024"): "75.00",  # not P4
        ("5.5.1", "66", "2024"): "4", ("5.5.2", "66", "2024"): "1", ("5.5", "66", "2024"): "25.00",  # P1 only
        # Full procedures with an online dossier in 2024: P1 (D01, D02, D09). Partial: P2 (D04), P4 (D06, D07):
        # P4 counts as partial, the version valid at the end of the year, though it was full when D06 came.
        ("5.1.3", "66", "2024"): "1", ("5.2.3", "66", "2024"): "2",
        # Received in 2024: D01–D09, six online (D01, D02, D04, D06, D07, D09), the unknown unit's D09 included.
        ("5.4.1", "66", "2024"): "9", ("5.4.2", "66", "2024"): "6", ("5.4", "66", "2024"): "66.67",
        ("6.1", "66", "2024"): "66.67",  # digitised: D01, D02, D04, D06, D07, D08 = 6 / 9
        ("6.2", "66", "2024"): "33.33",  # re-used data: D01, D05, D07 = 3 / 9
        # Completed in 2024: D01–D06, D08, D09 and D10 (received in 2023) = 9; e-result D01, D04, D06, D08, D09,
        # D10 = 6. With a due date: all but D04 = 8, on time: D01, D03, D06, D08, D10 = 5.
        ("6.3", "66", "2024"): "66.67", ("6.4", "66", "2024"): "62.50",
    }


def test_roll_up_counts_each_unit_with_the_units_below_it(cqs: Framework, hierarchy: Hierarchy,
                                                           tmp_path: Path) -> None:
    got = figures(run(cqs, hierarchy, tmp_path))

    units = {k: v for k, v in got.items() if k[1] != "66" and k[2] == "2024"}
    assert units == {
        # 643 with its commune 24121: received D02, D03, D04, D06, D08; online D02, D04, D06.
        ("5.4.1", "643", "2024"): "5", ("5.4.2", "643", "2024"): "3", ("5.4", "643", "2024"): "60.00",
        ("6.1", "643", "2024"): "80.00", ("6.2", "643", "2024"): "0.00",
        # completed D02, D03, D04, D06, D08, D10; e-result D04, D06, D08, D10; due: all but D04, on time 4 of 5
        ("6.3", "643", "2024"): "66.67", ("6.4", "643", "2024"): "80.00",
        ("5.1.3", "643", "2024"): "1", ("5.2.3", "643", "2024"): "2",  # P1 (D02); P2 (D04), P4 (D06)
        ("5.4.1", "24121", "2024"): "2", ("5.4.2", "24121", "2024"): "2", ("5.4", "24121", "2024"): "100.00",
        ("6.1", "24121", "2024"): "100.00", ("6.2", "24121", "2024"): "0.00",
        ("6.3", "24121", "2024"): "100.00", ("6.4", "24121", "2024"): "100.00",  # D06 only has a due date
        ("5.1.3", "24121", "2024"): "0", ("5.2.3", "24121", "2024"): "2",
        ("5.4.1", "644", "2024"): "2", ("5.4.2", "644", "2024"): "1", ("5.4", "644", "2024"): "50.00",
        ("6.1", "644", "2024"): "50.00", ("6.2", "644", "2024"): "100.00",
        ("6.3", "644", "2024"): "0.00", ("6.4", "644", "2024"): "0.00",  # D05 completed late, no e-result
        ("5.1.3", "644", "2024"): "0", ("5.2.3", "644", "2024"): "1",  # P4 (D07)
    }


def test_distinct_procedures_are_not_summed_across_units(cqs: Framework, hierarchy: Hierarchy,
                                                         tmp_path: Path) -> None:
    got = figures(run(cqs, hierarchy, tmp_path))

    # P4 has online dossiers in both 24121 and 644: the province counts it once, not 2 + 1.
    assert got["5.2.3", "643", "2024"] == "2" and got["5.2.3", "644", "2024"] == "1"
    assert got["5.2.3", "66", "2024"] == "2"


def test_every_stated_period_and_no_value_without_a_denominator(cqs: Framework, hierarchy: Hierarchy,
                                                                 tmp_path: Path) -> None:
    got = figures(run(cqs, hierarchy, tmp_path))

    assert {period for _i, _u, period in got} == {"2023", "2024"}
    # 2023: only D10 (643, received online, completed in 2024); procedures active on 31/12/2023: P1, P2, P3
    # and P4's first version.
    assert {k: v for k, v in got.items() if k[1:] == ("66", "2023")} == {
        ("5.1.1", "66", "2023"): "4", ("5.1.2", "66", "2023"): "2", ("5.1", "66", "2023"): "50.00",
        ("5.1.3", "66", "2023"): "0",
        ("5.2.1", "66", "2023"): "4", ("5.2.2", "66", "2023"): "1", ("5.2", "66", "2023"): "25.00",
        ("5.2.3", "66", "2023"): "1",
        ("5.3.1", "66", "2023"): "3", ("5.3.2", "66", "2023"): "3", ("5.3", "66", "2023"): "100.00",
        ("5.5.1", "66", "2023"): "3", ("5.5.2", "66", "2023"): "1", ("5.5", "66", "2023"): "33.33",
        ("5.4.1", "66", "2023"): "1", ("5.4.2", "66", "2023"): "1", ("5.4", "66", "2023"): "100.00",
        ("6.1", "66", "2023"): "100.00", ("6.2", "66", "2023"): "100.00",
        # nothing completed in 2023: 6.3 and 6.4 have no value, not 0
    }


def test_half_years_quarters_and_months(cqs: Framework, hierarchy: Hierarchy, tmp_path: Path) -> None:
    halves = figures(run(cqs, hierarchy, tmp_path, PeriodType.HALF))
    quarters = figures(run(cqs, hierarchy, tmp_path, PeriodType.QUARTER))
    months = figures(run(cqs, hierarchy, tmp_path, PeriodType.MONTH))

    assert {p for _i, _u, p in halves} == {"2023S2", "2024S1", "2024S2"}
    assert {k: halves[k] for k in [("5.4.1", "66", "2024S1"), ("5.4.2", "66", "2024S1"), ("5.4.1", "66", "2024S2"),
                                    ("5.4.2", "66", "2024S2"), ("6.3", "66", "2024S2"), ("6.4", "66", "2024S2")]} == {
        ("5.4.1", "66", "2024S1"): "6", ("5.4.2", "66", "2024S1"): "4",  # D01–D06; D01, D02, D04, D06
        ("5.4.1", "66", "2024S2"): "3", ("5.4.2", "66", "2024S2"): "2",  # D07–D09; D07, D09
        ("6.3", "66", "2024S2"): "66.67",  # completed D05, D08, D09; e-result D08, D09
        ("6.4", "66", "2024S2"): "33.33",  # on time: D08 only
    }
    assert {k: quarters[k] for k in [("5.4.1", "66", "2024Q1"), ("6.3", "66", "2024Q1"), ("5.1.2", "66", "2024Q1"),
                                      ("5.1.2", "66", "2024Q2"), ("5.2.2", "66", "2024Q2"),
                                      ("5.2.2", "66", "2024Q3")]} == {
        ("5.4.1", "66", "2024Q1"): "3",  # D01, D02, D03
        ("6.3", "66", "2024Q1"): "50.00",  # completed D01, D02, D03, D10; e-result D01, D10
        ("5.1.2", "66", "2024Q1"): "2",  # P1, P4 (full until 15/6)
        ("5.1.2", "66", "2024Q2"): "1",  # on 30/6 P4 is partial
        ("5.2.2", "66", "2024Q2"): "2",  # P2, P4
        ("5.2.2", "66", "2024Q3"): "3",  # P5 from 1/7
    }
    # July, stated: D05 (unit 644) was completed, nothing received. Every unit gets every count, zero included;
    # the rates over the received dossiers have no value (no denominator), nor do 643's and 24121's completion
    # rates.
    catalogue = {"5.1.1", "5.1.2", "5.1", "5.2.1", "5.2.2", "5.2", "5.3.1", "5.3.2", "5.3", "5.5.1", "5.5.2", "5.5"}
    assert {k: v for k, v in months.items() if k[2] == "2024-07" and k[0] not in catalogue} == {
        ("5.4.1", "66", "2024-07"): "0", ("5.4.2", "66", "2024-07"): "0",
        ("5.1.3", "66", "2024-07"): "0", ("5.2.3", "66", "2024-07"): "0",
        ("6.3", "66", "2024-07"): "0.00", ("6.4", "66", "2024-07"): "0.00",  # D05: no e-result, late
        ("5.4.1", "644", "2024-07"): "0", ("5.4.2", "644", "2024-07"): "0",
        ("5.1.3", "644", "2024-07"): "0", ("5.2.3", "644", "2024-07"): "0",
        ("6.3", "644", "2024-07"): "0.00", ("6.4", "644", "2024-07"): "0.00",
        **{(code, unit, "2024-07"): "0" for code in ("5.4.1", "5.4.2", "5.1.3", "5.2.3") for unit in ("643", "24121")},
    }
    assert months["5.1.1", "66", "2024-07"] == "5" and ("5.4", "66", "2024-07") not in months
    assert {k: months[k] for k in [("5.4.1", "24121", "2024-06"), ("6.4", "24121", "2024-06")]} == {
        ("5.4.1", "24121", "2024-06"): "1", ("6.4", "24121", "2024-06"): "100.00",  # D06
    }


def test_unknown_units_count_in_the_top_total_and_are_reported(cqs: Framework, hierarchy: Hierarchy,
                                                              tmp_path: Path) -> None:
    result = run(cqs, hierarchy, tmp_path)

    assert result.unknown_units == {"999": 1}
    assert not any(v.unit == "999" for v in result.values)
    assert (result.rejected, result.duplicates, result.rejects_file) == (0, 0, None)
    assert not (tmp_path / "rejects.csv").exists()


def test_values_carry_their_sources_with_content_hashes(cqs: Framework, hierarchy: Hierarchy,
                                                        tmp_path: Path) -> None:
    import hashlib

    result = run(cqs, hierarchy, tmp_path)

    digests = [(p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in (PROCEDURES, DOSSIERS)]
    assert result.sources == digests
    assert all(v.framework == "cqs" and digests[1][1] in v.source and "dossiers.csv" in v.source
               for v in result.values)


# --- Bad input ----------------------------------------------------------------------------------------------

PROBLEMS = DATA / "dossiers-with-problems.csv"


def test_rejects_go_to_a_file_with_their_reason_and_fail_the_run(cqs: Framework, hierarchy: Hierarchy,
                                                                 tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.csv"

    with pytest.raises(InputError) as caught:
        run(cqs, hierarchy, tmp_path, dossiers=PROBLEMS, rejects=rejects)

    message = str(caught.value)
    assert "4 dòng hồ sơ không đọc được" in message and str(rejects) in message and "--max-rejects" in message
    rows = duckdb.sql(f"SELECT file, line, dossier_id, reason FROM read_csv('{rejects}', all_varchar = true) "
                      "ORDER BY dossier_id").fetchall()
    assert rows == [  # the line in the file, its header being line 1
        (PROBLEMS.name, "5", "D11",
         "received_at: «2024-13-45» không phải là ngày (cần 2024-03-05, 2024-03-05 10:30 hoặc 05/03/2024)"),
        (PROBLEMS.name, "6", "D12",
         "digitized: «maybe» không phải là có/không (cần 1/0, true/false, yes/no, có/không)"),
        (PROBLEMS.name, "7", "D13", "channel: «fax» không phải là mã hợp lệ"),
        (PROBLEMS.name, "8", "D14", "thiếu received_at"),
    ]
    header = rejects.read_text(encoding="utf-8").splitlines()[0]
    assert header == ("file,line,dossier_id,procedure_code,unit_code,received_at,channel,due_at,completed_at,"
                      "digitized,e_result,reused_data,paid_online,reason")


def test_max_rejects_lets_the_run_go_on_and_duplicates_count_once(cqs: Framework, hierarchy: Hierarchy,
                                                                  tmp_path: Path) -> None:
    result = run(cqs, hierarchy, tmp_path, dossiers=PROBLEMS, max_rejects=4, periods=period_range("2024"))

    assert (result.rejected, result.duplicates, result.unknown_units) == (4, 1, {"777": 1})
    assert result.rejects_file == tmp_path / "rejects.csv" and result.rejects_file.exists()
    got = figures(result)
    # Readable: D01 (twice, counted once), D02, D15 (777, "trực tuyến"), D16 (24121, "bưu chính", 15/05/2024).
    assert {k: v for k, v in got.items() if k[0] in ("5.4.1", "5.4.2", "6.1", "6.3")} == {
        ("5.4.1", "66", "2024"): "4", ("5.4.2", "66", "2024"): "3", ("6.1", "66", "2024"): "75.00",
        ("6.3", "66", "2024"): "50.00",  # completed D01, D02, D15, D16; e-result D01, D16
        # 643 with 24121: D02 (online, digitised, no e-result) and D16 (post, not digitised, e-result)
        ("5.4.1", "643", "2024"): "2", ("5.4.2", "643", "2024"): "1", ("6.1", "643", "2024"): "50.00",
        ("6.3", "643", "2024"): "50.00",
        ("5.4.1", "24121", "2024"): "1", ("5.4.2", "24121", "2024"): "0", ("6.1", "24121", "2024"): "0.00",
        ("6.3", "24121", "2024"): "100.00",
        ("5.4.1", "644", "2024"): "0", ("5.4.2", "644", "2024"): "0",  # 644 had only D12–D14, all rejected
    }


def test_the_default_rejects_file_lies_beside_the_first_dossiers_file(cqs: Framework, hierarchy: Hierarchy,
                                                                     tmp_path: Path) -> None:
    copy = tmp_path / "ho-so.csv"
    shutil.copy(PROBLEMS, copy)

    result = compute([PROCEDURES], [copy], framework=cqs, hierarchy=hierarchy, top="66",
                     period_type=PeriodType.YEAR, periods=period_range("2024"), max_rejects=10)

    assert result.rejects_file == tmp_path / "ho-so-rejects.csv" and result.rejects_file.exists()


def test_a_missing_column_names_the_column_the_file_and_the_mapping(cqs: Framework, hierarchy: Hierarchy,
                                                                    tmp_path: Path) -> None:
    broken = tmp_path / "no-channel.csv"
    broken.write_text(DOSSIERS.read_text(encoding="utf-8").replace(",channel,", ",kenh,"), encoding="utf-8")
    mapped = tmp_path / "dvcqg-no-date.csv"
    mapped.write_text((DATA / "dossiers-dvcqg.csv").read_text(encoding="utf-8").replace("NgayTiepNhan", "Ngay"),
                      encoding="utf-8")

    with pytest.raises(InputError) as plain:
        run(cqs, hierarchy, tmp_path, dossiers=broken)
    with pytest.raises(InputError) as via_mapping:
        run(cqs, hierarchy, tmp_path, procedures=DATA / "procedures-dvcqg.csv", dossiers=mapped,
            mapping=_dvcqg())

    assert plain.value.column == "channel" and plain.value.file == str(broken)
    assert "thiếu cột «channel»" in str(plain.value) and "không có tệp ánh xạ" in str(plain.value)
    assert via_mapping.value.column == "NgayTiepNhan" and via_mapping.value.file == str(mapped)
    assert "cột chuẩn «received_at»" in str(via_mapping.value) and "dvcqg.yaml" in str(via_mapping.value)


def test_a_bad_procedure_row_stops_the_run(cqs: Framework, hierarchy: Hierarchy, tmp_path: Path) -> None:
    bad = tmp_path / "procedures.csv"
    bad.write_text(PROCEDURES.read_text(encoding="utf-8").replace("P3,Chứng thực bản sao,none",
                                                                  "P3,Chứng thực bản sao,level4"), encoding="utf-8")

    with pytest.raises(InputError, match=r"1 dòng danh mục TTHC không đọc được: procedures.csv dòng 4, TTHC «P3»: "
                                         r"online_level: «level4» không phải là mã hợp lệ"):
        run(cqs, hierarchy, tmp_path, procedures=bad)


def test_an_unknown_top_unit_is_bad_usage(cqs: Framework, hierarchy: Hierarchy) -> None:
    with pytest.raises(InputError) as caught:
        compute([PROCEDURES], [DOSSIERS], framework=cqs, hierarchy=hierarchy, top="54", period_type=PeriodType.YEAR)
    assert caught.value.column == "--unit"


# --- Formats and mappings -----------------------------------------------------------------------------------


def _dvcqg() -> Path:
    from chiso.dossiers.mapping import shipped_mapping

    return shipped_mapping("dvcqg")


def test_csv_parquet_and_xlsx_give_the_same_result(cqs: Framework, hierarchy: Hierarchy, tmp_path: Path) -> None:
    from openpyxl import Workbook

    parquet = tmp_path / "dossiers.parquet"
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{DOSSIERS}')) TO '{parquet}' (FORMAT parquet)")
    xlsx = tmp_path / "dossiers.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in duckdb.sql(f"SELECT * FROM read_csv('{DOSSIERS}', all_varchar = true)").fetchall():
        sheet.append(list(row))
    sheet.insert_rows(1)
    for index, name in enumerate(DOSSIERS.read_text(encoding="utf-8").splitlines()[0].split(","), start=1):
        sheet.cell(1, index, name)
    book.save(xlsx)

    expected = figures(run(cqs, hierarchy, tmp_path))
    assert figures(run(cqs, hierarchy, tmp_path, dossiers=parquet)) == expected
    assert figures(run(cqs, hierarchy, tmp_path, dossiers=xlsx)) == expected


def test_the_national_portal_mapping_reads_its_fields_and_codes(cqs: Framework, hierarchy: Hierarchy,
                                                                tmp_path: Path) -> None:
    """The same ten dossiers as the portal exports them: KenhThucHien 1/2/3, dates yyyyMMddHHmmss, the
    e-result as a result-file link, procedures with Vietnamese online levels."""
    mapped = run(cqs, hierarchy, tmp_path, procedures=DATA / "procedures-dvcqg.csv",
                 dossiers=DATA / "dossiers-dvcqg.csv", mapping=_dvcqg())

    assert figures(mapped) == figures(run(cqs, hierarchy, tmp_path))
    assert figures(mapped)["6.3", "66", "2024"] == "66.67"


def test_several_dossier_files_are_read_as_one(cqs: Framework, hierarchy: Hierarchy, tmp_path: Path) -> None:
    lines = DOSSIERS.read_text(encoding="utf-8").splitlines()
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("\n".join(lines[:6]) + "\n", encoding="utf-8")
    second.write_text("\n".join([lines[0], *lines[6:]]) + "\n", encoding="utf-8")

    both = compute([PROCEDURES], [first, second], framework=cqs, hierarchy=hierarchy, top="66",
                   period_type=PeriodType.YEAR, periods=period_range(STATED[PeriodType.YEAR]),
                   rejects=tmp_path / "r.csv")

    assert figures(both) == figures(run(cqs, hierarchy, tmp_path))
    assert [name for name, _digest in both.sources] == ["procedures.csv", "a.csv", "b.csv"]


def test_the_memory_budget_keeps_a_fifth_for_everything_but_duckdb() -> None:
    from chiso.dossiers.engine import duckdb_memory

    assert [duckdb_memory(b) for b in ("1GB", "512MB", "2GiB", "10MB")] == ["800MB", "409MB", "1717MB", "64MB"]
    with pytest.raises(InputError) as caught:
        duckdb_memory("nhiều")
    assert caught.value.column == "--memory-limit"


def test_progress_is_reported_between_0_and_100(cqs: Framework, hierarchy: Hierarchy, tmp_path: Path) -> None:
    seen: list[float] = []

    run(cqs, hierarchy, tmp_path, progress=seen.append)

    assert all(0 <= p <= 100 for p in seen)  # a run this small may end before the first poll


def test_only_units_that_existed_in_a_period_get_its_zero_counts() -> None:
    from datetime import date

    from chiso.dossiers.engine import covered_units
    from chiso.periods import Period

    units = Hierarchy([OrgUnit("66", "Tỉnh Đắk Lắk", OrgUnitType.PROVINCE),
                       OrgUnit("643", "TP Buôn Ma Thuột", OrgUnitType.DISTRICT, "66", valid_to=date(2025, 6, 30)),
                       OrgUnit("24121", "P. Buôn Ma Thuột", OrgUnitType.COMMUNE, "66", valid_from=date(2025, 7, 1))])
    expected = {"2025S1": ["643", "66"], "2025S2": ["24121", "66"], "2025": ["24121", "643", "66"],
                "2025-06": ["643", "66"], "2025-07": ["24121", "66"]}
    assert {code: covered_units(units, "66", Period.parse(code)) for code in expected} == expected


def test_a_tight_memory_budget_gives_the_same_figures(cqs: Framework, tmp_path: Path) -> None:
    """Bounded memory: 1.000.000 dossiers (~120 MB of CSV, a million ids to de-duplicate) under a 256 MB budget
    (DuckDB gets 204 MB, a spill folder for the rest) give exactly what a roomy budget gives."""
    from chiso.dossiers.synth import write_dossiers, write_procedures

    units = Hierarchy([OrgUnit("66", "Tỉnh Đắk Lắk", OrgUnitType.PROVINCE),
                       *(OrgUnit(str(code), f"Huyện {code}", OrgUnitType.DISTRICT, "66") for code in range(643, 658))])
    procedures, dossiers = tmp_path / "tthc.csv", tmp_path / "ho-so.csv"
    write_procedures(procedures, year=2024, seed=3)
    write_dossiers(dossiers, rows=1_000_000, year=2024, seed=3)
    assert dossiers.stat().st_size > 100 * 10**6

    seen: list[float] = []

    def computed(limit: str) -> dict[tuple[str, str, str], str]:
        result = compute([procedures], [dossiers], framework=cqs, hierarchy=units, top="66",
                         period_type=PeriodType.QUARTER, memory_limit=limit, threads=2,
                         temp_directory=tmp_path / f"spill-{limit}", progress=seen.append)
        return {(v.indicator, v.unit, v.period): v.value for v in result.values}

    tight = computed("256MB")
    assert seen and all(0 <= p <= 100 for p in seen)  # a run of a second or more reports its progress
    assert tight == computed("4GB")
    assert tight["5.1.1", "66", "2024Q4"] == "1741" and int(tight["5.4.1", "66", "2024Q2"]) > 200_000


def test_rejects_name_their_line_in_a_large_file(cqs: Framework, tmp_path: Path) -> None:
    """Read in parallel for the figures, the rejects pass still numbers lines in file order."""
    from chiso.dossiers.synth import write_dossiers, write_procedures

    units = Hierarchy([OrgUnit("66", "Tỉnh Đắk Lắk", OrgUnitType.PROVINCE),
                       *(OrgUnit(str(code), f"Huyện {code}", OrgUnitType.DISTRICT, "66") for code in range(643, 658))])
    procedures, dossiers = tmp_path / "tthc.csv", tmp_path / "ho-so.csv"
    write_procedures(procedures, year=2024, seed=5)
    write_dossiers(dossiers, rows=250_000, year=2024, seed=5)
    lines = dossiers.read_text(encoding="utf-8").splitlines()
    broken = {1000: "", 123_457: "", 250_001: ""}  # line → its dossier id; line 1 is the header
    for number in broken:
        cells = lines[number - 1].split(",")
        cells[4], broken[number] = "fax", cells[0]
        lines[number - 1] = ",".join(cells)
    dossiers.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = compute([procedures], [dossiers], framework=cqs, hierarchy=units, top="66",
                     period_type=PeriodType.YEAR, threads=2, max_rejects=3, rejects=tmp_path / "rejects.csv")

    rows = duckdb.sql(f"SELECT line, dossier_id FROM read_csv('{tmp_path / 'rejects.csv'}', all_varchar = true)")
    assert result.rejected == 3
    assert {int(line): dossier for line, dossier in rows.fetchall()} == broken

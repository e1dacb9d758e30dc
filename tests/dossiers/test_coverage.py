"""Figures only for the periods the dossier files cover: never a 2027 full of zeros from a 2026 export.

The files are synthetic exports of "every dossier received in 2026" (20.000 dossiers of the 15 districts,
completed up to 31/01/2027), cut the way real exports are cut: taken mid-year, filtered to a date, or
holding a few dossiers of the year before.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from chiso.catalog.model import Framework
from chiso.cli.main import app
from chiso.dossiers import DossierResult, compute
from chiso.dossiers.coverage import Events, Span, decide
from chiso.dossiers.synth import DAKLAK_UNITS, write_dossiers, write_procedures
from chiso.errors import InputError
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.periods import Period, PeriodType, period_range

runner = CliRunner(env={"COLUMNS": "250"})


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The procedures and a year's dossiers, received in 2026 and completed up to January 2027."""
    folder = tmp_path_factory.mktemp("export")
    procedures, dossiers = folder / "tthc.csv", folder / "ho-so-2026.parquet"
    write_procedures(procedures, year=2026, seed=7)
    write_dossiers(dossiers, rows=20_000, year=2026, seed=7)
    return procedures, dossiers


@pytest.fixture(scope="module")
def districts() -> Hierarchy:
    return Hierarchy([OrgUnit("66", "Tỉnh Đắk Lắk", OrgUnitType.PROVINCE),
                      *(OrgUnit(code, f"Huyện {code}", OrgUnitType.DISTRICT, "66") for code in DAKLAK_UNITS)])


def cut(source: Path, target: Path, where: str, completed_until: str | None = None) -> Path:
    """The dossiers of ``source`` that ``where`` keeps, completions after ``completed_until`` not yet made."""
    until = f"TIMESTAMP '{completed_until} 23:59:59'"
    done = "" if completed_until is None else \
        f" REPLACE (CASE WHEN completed_at <= {until} THEN completed_at END AS completed_at)"
    duckdb.sql(f"COPY (SELECT *{done} FROM '{source}' WHERE {where}) TO '{target}' (FORMAT parquet)")
    return target


def run(cqs: Framework, districts: Hierarchy, procedures: Path, dossiers: Path, period_type: PeriodType,
        periods: str | None = None) -> DossierResult:
    return compute([procedures], [dossiers], framework=cqs, hierarchy=districts, top="66", period_type=period_type,
                   periods=None if periods is None else period_range(periods), threads=2)


def periods_of(result: DossierResult) -> set[str]:
    return {v.period for v in result.values}


def test_dossiers_completed_next_year_make_no_period_of_their_own(cqs: Framework, districts: Hierarchy,
                                                                   export: tuple[Path, Path]) -> None:
    years = run(cqs, districts, *export, PeriodType.YEAR)
    quarters = run(cqs, districts, *export, PeriodType.QUARTER)

    assert periods_of(years) == {"2026"} and periods_of(quarters) == {"2026Q1", "2026Q2", "2026Q3", "2026Q4"}
    got = {(v.indicator, v.unit, v.period): v.value for v in years.values}
    assert got["5.4.1", "66", "2026"] == str(20_000 - years.duplicates) and got["5.1.1", "66", "2026"] == "1741"
    [left] = years.left_out
    assert left.period == Period.parse("2027") and left.events.received == 0 and left.events.completed > 0
    assert left.message == (f"{left.events.completed} hồ sơ giải quyết xong trong năm 2027 không được tính: tệp không "
                            "bao phủ năm 2027 (không có hồ sơ nào tiếp nhận trong kỳ)")
    assert [left.period.code for left in quarters.left_out] == ["2027Q1"]
    assert years.span is not None and (years.span.first, years.span.last) == (date(2026, 1, 1), date(2026, 12, 31))
    assert years.span.latest.strftime("%Y-%m") == "2027-01"  # completions up to the export date


def test_an_export_taken_mid_year_covers_only_its_finished_periods(cqs: Framework, districts: Hierarchy,
                                                                   export: tuple[Path, Path], tmp_path: Path) -> None:
    procedures, dossiers = export
    taken = cut(dossiers, tmp_path / "ho-so-27-6.parquet", "received_at < DATE '2026-06-28'", "2026-06-27")

    quarters = run(cqs, districts, procedures, taken, PeriodType.QUARTER)

    assert periods_of(quarters) == {"2026Q1"}
    [second] = quarters.left_out
    assert second.period.code == "2026Q2" and second.events.received > 0
    assert second.reason == ("tệp chỉ bao phủ một phần quý II/2026: ngày muộn nhất trong tệp là 27/06/2026, "
                             "trước khi kỳ kết thúc")
    with pytest.raises(InputError) as caught:
        run(cqs, districts, procedures, taken, PeriodType.YEAR)
    assert caught.value.column == "--periods" and "không bao phủ trọn một năm nào" in caught.value.message
    assert "từ 01/01/2026 đến 27/06/2026" in caught.value.message


def test_reception_dates_must_reach_both_ends_of_a_period(cqs: Framework, districts: Hierarchy,
                                                          export: tuple[Path, Path], tmp_path: Path) -> None:
    """Filtered to receptions before 15/06 though exported later; a few dossiers of late 2025 come along."""
    procedures, dossiers = export
    filtered = cut(dossiers, tmp_path / "den-15-6.parquet", "received_at < DATE '2026-06-15'")
    late_2025 = tmp_path / "cuoi-2025.parquet"
    earlier = "'X-' || dossier_id AS dossier_id, received_at - INTERVAL 5 DAY AS received_at"
    duckdb.sql(f"COPY (SELECT * REPLACE ({earlier}) FROM '{dossiers}' WHERE received_at < DATE '2026-01-03' LIMIT 3) "
               f"TO '{late_2025}' (FORMAT parquet)")

    result = compute([procedures], [filtered, late_2025], framework=cqs, hierarchy=districts, top="66",
                     period_type=PeriodType.QUARTER, threads=2)

    assert periods_of(result) == {"2026Q1"}
    assert {left.period.code: left.reason for left in result.left_out if left.period.year == 2026} == {
        "2026Q2": "tệp chỉ bao phủ một phần quý II/2026: hồ sơ tiếp nhận muộn nhất ngày 14/06/2026",
        "2026Q3": "tệp không bao phủ quý III/2026 (không có hồ sơ nào tiếp nhận trong kỳ)"}  # completions only
    [before] = [left for left in result.left_out if left.period.year == 2025]
    assert before.events.received == 3 and before.reason.startswith("tệp chỉ bao phủ một phần quý IV/2025: hồ sơ "
                                                                    "tiếp nhận sớm nhất ngày 2")


def test_stated_periods_replace_the_inference_and_one_outside_the_files_is_refused(
        cqs: Framework, districts: Hierarchy, export: tuple[Path, Path], tmp_path: Path) -> None:
    procedures, dossiers = export
    mid_june = cut(dossiers, tmp_path / "ho-so-15-6.parquet", "received_at < DATE '2026-06-16'", "2026-06-15")

    stated = run(cqs, districts, procedures, mid_june, PeriodType.QUARTER, "2026Q2")

    assert periods_of(stated) == {"2026Q2"}
    assert stated.partial == ["2026Q2: tệp chỉ bao phủ một phần quý II/2026: hồ sơ tiếp nhận muộn nhất ngày "
                              "15/06/2026; vẫn tính vì kỳ được nêu trong --periods"]
    assert [(left.period.code, left.reason) for left in stated.left_out] == [
        ("2026Q1", "kỳ không được nêu trong --periods")]
    for periods, period_type in (("2027", PeriodType.YEAR), ("2026Q3:2026Q4", PeriodType.QUARTER)):
        with pytest.raises(InputError) as caught:
            run(cqs, districts, procedures, mid_june, period_type, periods)
        assert caught.value.column == "--periods" and "không có hồ sơ nào tiếp nhận trong kỳ" in caught.value.message
    with pytest.raises(InputError, match="không phải là kỳ năm"):
        run(cqs, districts, procedures, mid_june, PeriodType.YEAR, "2026Q1")


def test_a_stated_quiet_month_inside_the_files_counts_zero(cqs: Framework, districts: Hierarchy,
                                                          export: tuple[Path, Path], tmp_path: Path) -> None:
    procedures, dossiers = export
    no_march = cut(dossiers, tmp_path / "khong-thang-3.parquet", "month(received_at) <> 3")

    inferred = run(cqs, districts, procedures, no_march, PeriodType.MONTH)
    stated = run(cqs, districts, procedures, no_march, PeriodType.MONTH, "2026-01:2026-12")

    assert "2026-03" not in periods_of(inferred) and "2026-04" in periods_of(inferred)
    march = {(v.indicator, v.unit): v.value for v in stated.values if v.period == "2026-03"}
    assert march["5.4.1", "66"] == "0" and march["5.4.1", "643"] == "0" and int(march["5.1.1", "66"]) > 1700
    assert ("5.4", "66") not in march  # no dossier received: no rate over them
    assert stated.partial == ["2026-03: không có hồ sơ nào tiếp nhận trong kỳ, số hồ sơ tiếp nhận là 0; vẫn tính "
                              "vì kỳ được nêu trong --periods"]


def test_the_edges_allow_a_week_of_holidays_and_a_month_three_days() -> None:
    def covered(first: str, last: str, latest: str, kind: PeriodType, codes: list[str]) -> list[str]:
        span = Span(date.fromisoformat(first), date.fromisoformat(last), date.fromisoformat(latest))
        events = {Period.parse(code): Events(received=1) for code in codes}
        try:
            return [p.code for p in decide(events, span, kind).periods]
        except InputError:
            return []

    assert covered("2026-01-08", "2026-12-24", "2027-01-05", PeriodType.YEAR, ["2026"]) == ["2026"]
    assert covered("2026-01-09", "2026-12-31", "2027-01-05", PeriodType.YEAR, ["2026"]) == []
    assert covered("2026-01-01", "2026-12-23", "2027-01-05", PeriodType.YEAR, ["2026"]) == []
    assert covered("2026-01-01", "2026-12-31", "2026-12-31", PeriodType.YEAR, ["2026"]) == ["2026"]
    assert covered("2026-01-01", "2026-12-31", "2026-12-30", PeriodType.YEAR, ["2026"]) == []
    assert covered("2026-02-05", "2026-03-29", "2026-04-02", PeriodType.MONTH, ["2026-02", "2026-03"]) == ["2026-03"]


# --- the command ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_save_writes_no_value_for_a_period_the_files_do_not_cover(shipped_store: None,
                                                                  export: tuple[Path, Path]) -> None:
    from chiso.store import models

    procedures, dossiers = export
    args = ["dossiers", "compute", "--procedures", str(procedures), "--dossiers", str(dossiers), "-u", "66"]
    result = runner.invoke(app, [*args, "--period-type", "quarter", "--save", "--format", "json"])

    assert result.exit_code == 0, result.stderr
    assert {row["period"] for row in json.loads(result.stdout)} == {"2026Q1", "2026Q2", "2026Q3", "2026Q4"}
    flat = " ".join(result.stderr.split())
    assert "hồ sơ giải quyết xong trong quý I/2027 không được tính: tệp không bao phủ quý I/2027" in flat
    saved = models.Value.objects.filter(framework__code="cqs", period__startswith="2026")
    assert saved.filter(indicator="5.4.1").exists()
    assert not models.Value.objects.filter(period__startswith="2027").exists()

    refused = runner.invoke(app, [*args, "--periods", "2027", "--save"])
    assert refused.exit_code == 2 and "không bao phủ năm 2027" in " ".join(refused.stderr.split())
    assert not models.Value.objects.filter(period__startswith="2027").exists()

    exported = runner.invoke(app, ["export", "--framework", "cqs", "--unit", "643"])
    assert not [row for row in csv.DictReader(io.StringIO(exported.stdout)) if row["period"].startswith("2027")]


@pytest.mark.django_db
def test_periods_give_their_type_and_must_agree_with_period_type(shipped_store: None,
                                                                 export: tuple[Path, Path]) -> None:
    procedures, dossiers = export
    args = ["dossiers", "compute", "--procedures", str(procedures), "--dossiers", str(dossiers), "-u", "66"]

    halves = runner.invoke(app, [*args, "--periods", "2026S1:2026S2", "--format", "csv"])
    mixed = runner.invoke(app, [*args, "--periods", "2026Q1:2026Q2", "--period-type", "year"])
    neither = runner.invoke(app, args)

    assert halves.exit_code == 0, halves.stderr
    assert {row["period"] for row in csv.DictReader(io.StringIO(halves.stdout))} == {"2026S1", "2026S2"}
    assert mixed.exit_code == 2 and "không khớp --period-type" in mixed.stderr
    assert neither.exit_code == 2 and "chưa nêu loại kỳ" in neither.stderr

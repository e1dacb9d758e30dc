"""Synthetic procedures and dossiers: deterministic per seed, calibrated to Đắk Lắk 2024, canonical values."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import duckdb
import openpyxl
import pytest
from typer.testing import CliRunner

from chiso.cli.main import app
from chiso.dossiers.synth import DAKLAK_UNITS, XLSX_MAX_ROWS, write_dossiers, write_procedures
from chiso.errors import InputError

runner = CliRunner(env={"COLUMNS": "200"})
YEAR = 2024
ROWS = 200_000

FLAGS = {"1", "0", "true", "false", "yes", "no", "có", "không"}
LEVELS = {"full", "partial", "none", "toàn trình", "một phần", "không"}
CODE = re.compile(r"^[123]\.\d{6}$")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("synth")
    procedures, dossiers = folder / "procedures.csv", folder / "dossiers.csv"
    write_procedures(procedures, year=YEAR, seed=3)
    write_dossiers(dossiers, rows=ROWS, year=YEAR, seed=3)
    return procedures, dossiers


def query(sql: str) -> tuple[object, ...]:
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    row = con.execute(sql).fetchone()
    assert row is not None
    return row


# --- determinism ----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
@pytest.mark.parametrize("mixed", [False, True])
def test_same_seed_same_bytes_and_another_seed_other_bytes(tmp_path: Path, suffix: str, mixed: bool) -> None:
    files = {}
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        write_dossiers(tmp_path / f"d{name}{suffix}", rows=50_000, year=YEAR, seed=seed, mixed_formats=mixed)
        write_procedures(tmp_path / f"p{name}{suffix}", year=YEAR, seed=seed, mixed_formats=mixed)
        files[name] = [(tmp_path / f"{kind}{name}{suffix}").read_bytes() for kind in "dp"]

    assert files["a"] == files["b"]
    assert files["a"][0] != files["c"][0] and files["a"][1] != files["c"][1]


def test_rows_are_written_in_row_order(synthetic: tuple[Path, Path]) -> None:
    _, dossiers = synthetic
    serials = [int(row["dossier_id"].rsplit("-", 1)[1]) for row in _rows(dossiers)]

    assert len(serials) == ROWS
    assert serials == sorted(serials) and serials[-1] == ROWS - 1


# --- calibration ----------------------------------------------------------------------------------


def test_the_catalogue_has_the_dak_lak_counts_at_the_end_of_the_year(synthetic: tuple[Path, Path]) -> None:
    procedures, _ = synthetic
    active = (f"FROM '{procedures}' WHERE coalesce(valid_from, DATE '1900-01-01') <= DATE '{YEAR}-12-31'"
              f" AND coalesce(valid_to, DATE '2999-12-31') >= DATE '{YEAR}-12-31'")
    counts = query(f"""SELECT count(*), count(DISTINCT procedure_code), count(*) FILTER (online_level = 'full'),
                              count(*) FILTER (online_level = 'partial'),
                              count(*) FILTER (online_level <> 'none' AND on_national_portal),
                              count(*) FILTER (has_fee), count(*) FILTER (has_fee AND online_payment) {active}""")

    assert counts == (1741, 1741, 879, 703, 897, 374, 374)  # 5.1.1, 5.1.2, 5.2.2, 5.3.2, 5.5.1, 5.5.2


def test_the_catalogue_has_versions_and_procedures_ending_during_the_year(synthetic: tuple[Path, Path]) -> None:
    procedures, _ = synthetic
    rows = list(_rows(procedures))
    by_code: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_code.setdefault(row["procedure_code"], []).append(row)

    assert all(CODE.match(code) for code in by_code)
    two = [versions for versions in by_code.values() if len(versions) == 2]
    assert 100 < len(two) < 180  # about 8 % of 1.741
    for first, second in two:
        ends, starts = date.fromisoformat(first["valid_to"]), date.fromisoformat(second["valid_from"])
        assert starts.toordinal() == ends.toordinal() + 1
        assert first["valid_to"].startswith(str(YEAR))
    ended = [v for v in by_code.values() if len(v) == 1 and v[0]["valid_to"].startswith(str(YEAR))]
    assert 20 < len(ended) < 60


def test_dossiers_have_the_dak_lak_shares(synthetic: tuple[Path, Path]) -> None:
    _, dossiers = synthetic
    online, completed, on_time, digitized, reused, e_result, no_due = query(f"""
        SELECT avg((channel = 'online')::INT), avg((completed_at IS NOT NULL)::INT),
               avg((completed_at <= due_at)::INT) FILTER (completed_at IS NOT NULL AND due_at IS NOT NULL),
               avg(digitized::INT), avg(reused_data::INT), avg(e_result::INT) FILTER (completed_at IS NOT NULL),
               avg((due_at IS NULL)::INT)
        FROM '{dossiers}'""")

    assert online == pytest.approx(0.3796, abs=0.01)  # 5.4 in 2024: 37,96 %
    assert digitized == pytest.approx(0.9984, abs=0.002)  # 6.1: 99,84 %
    assert reused == pytest.approx(0.1826, abs=0.01)  # 6.2 of 2025S1: 18,26 %
    assert e_result == pytest.approx(0.9978, abs=0.002)  # 6.3: 99,78 %
    assert completed == pytest.approx(0.95, abs=0.015)
    assert on_time == pytest.approx(0.90, abs=0.02)
    assert no_due == pytest.approx(0.02, abs=0.005)


def test_online_dossiers_use_the_dak_lak_number_of_procedures(synthetic: tuple[Path, Path]) -> None:
    procedures, dossiers = synthetic
    full, partial, unknown = query(f"""
        WITH p AS (SELECT procedure_code, online_level FROM '{procedures}'
                   WHERE valid_to IS NULL OR valid_to > DATE '{YEAR}-12-31'),
             d AS (SELECT DISTINCT procedure_code FROM '{dossiers}' WHERE channel = 'online')
        SELECT count(*) FILTER (online_level = 'full'), count(*) FILTER (online_level = 'partial'),
               count(*) FILTER (online_level IS NULL) FROM d LEFT JOIN p USING (procedure_code)""")

    assert (full, partial, unknown) == (347, 306, 0)  # 5.1.3 and 5.2.3 in 2024


def test_dossiers_follow_the_calendar_and_the_units(synthetic: tuple[Path, Path]) -> None:
    _, dossiers = synthetic
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    months = dict(con.sql(f"SELECT month(received_at), count(*) FROM '{dossiers}' GROUP BY 1").fetchall())
    units = dict(con.sql(f"SELECT unit_code::VARCHAR, count(*) FROM '{dossiers}' GROUP BY 1").fetchall())
    bad = con.execute(f"""SELECT count(*) FILTER (year(received_at) <> {YEAR}), count(*) FILTER (due_at <= received_at),
                             count(*) FILTER (completed_at <= received_at),
                             count(*) FILTER (completed_at > DATE '{YEAR + 1}-01-31'),
                             count(*) FILTER (year(completed_at) = {YEAR + 1}),
                             max(date_diff('day', received_at, due_at))
                      FROM '{dossiers}'""").fetchone()

    assert min(months, key=months.__getitem__) == 2 and max(months, key=months.__getitem__) == 12  # Tết, year end
    assert set(units) == set(DAKLAK_UNITS) and max(units, key=units.__getitem__) == "643"  # Buôn Ma Thuột
    assert bad is not None and bad[:4] == (0, 0, 0, 0)
    assert bad[4] > 0 and bad[5] <= 35  # some completed early next year; due within about a month


def test_paid_online_is_empty_exactly_for_procedures_without_fee(synthetic: tuple[Path, Path]) -> None:
    procedures, dossiers = synthetic
    wrong, paid = query(f"""
        WITH p AS (SELECT procedure_code, bool_or(has_fee) AS fee FROM '{procedures}' GROUP BY 1)
        SELECT count(*) FILTER ((paid_online IS NULL) = fee), avg(paid_online::INT)
        FROM '{dossiers}' JOIN p USING (procedure_code)""")

    assert wrong == 0 and 0.2 < paid < 0.8


def test_duplicate_ids_repeat_the_same_dossier(synthetic: tuple[Path, Path]) -> None:
    _, dossiers = synthetic
    ids, distinct, versions = query(f"""SELECT count(*), count(DISTINCT dossier_id),
                                               count(DISTINCT (dossier_id, received_at, completed_at, channel))
                                        FROM '{dossiers}'""")

    assert 0 < ids - distinct < ROWS * 0.002 and versions == distinct


# --- formats --------------------------------------------------------------------------------------


def test_every_mixed_value_parses_by_the_canonical_rules(tmp_path: Path) -> None:
    procedures, dossiers = tmp_path / "p.csv", tmp_path / "d.csv"
    write_procedures(procedures, year=YEAR, seed=9, mixed_formats=True)
    write_dossiers(dossiers, rows=20_000, year=YEAR, seed=9, mixed_formats=True)
    seen: dict[str, set[str]] = {}

    for row in _rows(procedures):
        assert CODE.match(row["procedure_code"]) and row["name"] and row["online_level"] in LEVELS
        for column in ("has_fee", "online_payment", "on_national_portal"):
            assert row[column] in FLAGS
            seen.setdefault("flag", set()).add(row[column])
        for column in ("valid_from", "valid_to"):
            _date(row[column], empty=True)
    for row in _rows(dossiers):
        assert row["channel"] in {"online", "direct", "postal"} and row["unit_code"] in DAKLAK_UNITS
        assert _date(row["received_at"], empty=False) is not None
        for column in ("due_at", "completed_at"):
            seen.setdefault("form", set()).add(_form(row[column]))
            _date(row[column], empty=True)
        for column in ("digitized", "e_result", "reused_data"):
            assert row[column] in FLAGS
        assert row["paid_online"] in FLAGS | {""}

    assert seen["flag"] == FLAGS and seen["form"] == {"iso time", "iso T", "iso date", "vn", ""}


def test_plain_formats_are_iso_with_time_and_true_false(synthetic: tuple[Path, Path]) -> None:
    _, dossiers = synthetic
    row = next(_rows(dossiers))

    assert _form(row["received_at"]) == "iso time" and row["digitized"] in {"true", "false"}


def test_xlsx_for_small_files_and_a_clear_error_above_the_limit(tmp_path: Path) -> None:
    write_dossiers(tmp_path / "d.xlsx", rows=500, year=YEAR, seed=1)
    sheet = openpyxl.load_workbook(tmp_path / "d.xlsx", read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))

    assert rows[0][:2] == ("dossier_id", "procedure_code") and len(rows) == 501
    assert isinstance(rows[1][3], datetime)
    with pytest.raises(InputError, match="XLSX tối đa 100.000 dòng, yêu cầu 100.001"):
        write_dossiers(tmp_path / "big.xlsx", rows=XLSX_MAX_ROWS + 1, year=YEAR, seed=1)


# --- command line ---------------------------------------------------------------------------------


def test_cli_writes_both_files(tmp_path: Path) -> None:
    procedures = runner.invoke(app, ["synth", "procedures", "--year", "2024", "--seed", "2", "-o",
                                     str(tmp_path / "p.parquet")])
    dossiers = runner.invoke(app, ["synth", "dossiers", "--rows", "1000", "--year", "2024", "--seed", "2",
                                   "--units", "643,644", "--mixed-formats", "-o", str(tmp_path / "d.csv")])

    assert procedures.exit_code == 0 and "Đã ghi" in procedures.output and "1.741 TTHC" in procedures.output
    assert dossiers.exit_code == 0 and "1.000 hồ sơ" in dossiers.output
    assert {row["unit_code"] for row in _rows(tmp_path / "d.csv")} == {"643", "644"}


@pytest.mark.parametrize(("args", "message"), [
    (["--rows", "0"], "«--rows»: số dòng 0 không hợp lệ"),
    (["--rows", "10", "--procedures-rows", "-1"], "«--procedures-rows»"),
    (["--rows", "10", "--units", " , "], "cần ít nhất một mã đơn vị"),
    (["--rows", "10", "-o", "{tmp}/no/such/dir/d.csv"], "thư mục hoặc tệp không tồn tại"),
    (["--rows", "10", "-o", "{tmp}/d.json"], "không ghi được định dạng «.json»"),
    (["--rows", "10", "--year", "20"], "năm 20 không hợp lệ"),
])
def test_cli_rejects_bad_options_in_vietnamese(tmp_path: Path, args: list[str], message: str) -> None:
    base = {"--year": "2024", "-o": str(tmp_path / "d.csv")}
    for option, value in zip(args[::2], args[1::2], strict=True):
        base[option] = value.replace("{tmp}", str(tmp_path))
    result = runner.invoke(app, ["synth", "dossiers", *[x for pair in base.items() for x in pair]])

    assert result.exit_code == 2
    assert "Lỗi:" in result.output and message in " ".join(result.output.split())


# --- helpers --------------------------------------------------------------------------------------


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _form(text: str) -> str:
    if not text:
        return ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", text):
        return "iso time"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", text):
        return "iso T"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return "iso date"
    if re.fullmatch(r"\d{2}/\d{2}/\d{4}", text):
        return "vn"
    raise AssertionError(f"not a canonical date: {text!r}")


def _date(text: str, *, empty: bool) -> datetime | None:
    form = _form(text)
    if form == "":
        assert empty
        return None
    if form == "vn":
        return datetime.strptime(text, "%d/%m/%Y")
    return datetime.fromisoformat(text)

"""The `chiso` command as a user runs it: in-process with Typer's runner, and once as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chiso.cli.main import app

runner = CliRunner(env={"COLUMNS": "200"})
DATA = Path(__file__).parents[1] / "store" / "data"

CHECK_KEYS = {"rule", "severity", "framework", "indicator", "unit", "period", "message", "expected", "reported"}
EVALUATE_KEYS = {"framework", "indicator", "unit", "target_id", "target", "scope", "deadline", "result", "period",
                 "status", "status_label", "recorded_status", "disagrees", "forecast"}


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.mark.django_db
def test_check_reports_exactly_the_real_inconsistencies_of_dak_lak(shipped_store: None) -> None:
    code, output = run("check", "--framework", "cqs", "--unit", "66", "--format", "json")

    assert code == 1  # there are errors
    findings = json.loads(output)
    assert all(set(f) == CHECK_KEYS for f in findings)
    errors = [(f["rule"], f["indicator"], f["period"], f["expected"], f["reported"])
              for f in findings if f["severity"] == "error"]
    assert errors == [
        ("sum", "5.3.1", "2021", "1168", "1543"),  # 712 + 456 toàn trình + một phần ≠ 1.543
        ("formula", "5.5", "2022", "19.12", "19.3"),  # 48 / 251 × 100 = 19,12, not 19,3
    ]
    warnings = {(f["indicator"], f["period"]) for f in findings if f["severity"] == "warning"}
    assert warnings == {("5.2.2", "2024"), ("5.3", "2024"), ("5.4.1", "2022"), ("5.4.2", "2024"),
                        ("5.5", "2023"), ("5.5.1", "2023"), ("6.1", "2023"), ("6.3", "2023")}
    assert {f["rule"] for f in findings if f["severity"] == "warning"} == {"jump"}


@pytest.mark.django_db
def test_check_filters_by_period_and_exits_zero_without_errors(shipped_store: None) -> None:
    code, output = run("check", "-f", "cqs", "-u", "66", "-p", "2024")

    assert code == 0
    assert "Cảnh báo" in output and "5.4.2" in output and "0 lỗi, 3 cảnh báo." in output


@pytest.mark.django_db
def test_evaluate_gives_every_target_row_a_status(shipped_store: None) -> None:
    code, output = run("evaluate", "--framework", "cds2025", "--unit", "66", "--format", "json", "-p", "2023S1")

    assert code == 0
    rows = json.loads(output)
    assert all(set(r) == EVALUATE_KEYS for r in rows)
    got = {r["indicator"]: (r["status"], r["recorded_status"], r["disagrees"]) for r in rows}
    # targets for 2025 judged as of 6/2023: those not reached yet are in progress, not failed
    assert got == {
        "I.1": ("met", "met", False), "I.2": ("exceeded", "exceeded", False),
        "I.3": ("in_progress", None, False), "I.4": ("in_progress", None, False),
        "I.5": ("met", "met", False), "I.6": ("in_progress", None, False),
        "II.1": ("no_data", None, False), "II.2": ("no_data", None, False),
        "II.3": ("exceeded", "exceeded", False), "II.4": ("no_data", None, False),
        "III.1": ("in_progress", "met", True),  # 98,9% of communes is short of 100%
        "III.2": ("manual", None, False), "III.3": ("exceeded", None, False),
        "III.4": ("manual", None, False), "III.5": ("in_progress", None, False),
    }
    iii5 = next(r for r in rows if r["indicator"] == "III.5")
    assert (iii5["result"], iii5["period"], iii5["status_label"]) == ("Loại B", "2021", "Đang thực hiện")
    assert (iii5["unit"], iii5["target_id"], iii5["deadline"]["end"]) == ("66", "2025", "2025")


@pytest.mark.django_db
def test_evaluate_of_today_finds_the_2025_deadline_passed(shipped_store: None) -> None:
    """Without a period the evaluation is of today (after 2025): a 2025 target not reached by the latest result
    is not reached, and nothing of it is forecast."""
    code, output = run("evaluate", "--framework", "cds2025", "--unit", "66", "--format", "json")

    assert code == 0
    got = {r["indicator"]: (r["status"], r["forecast"]) for r in json.loads(output)
           if r["indicator"] in ("I.3", "I.4", "I.6", "III.1", "III.5", "I.1")}
    assert got == {"I.1": ("met", None), "I.3": ("not_met", None), "I.4": ("not_met", None),
                   "I.6": ("not_met", None), "III.1": ("not_met", None), "III.5": ("not_met", None)}


@pytest.mark.django_db
def test_evaluate_table_explains_each_row(shipped_store: None) -> None:
    code, output = run("evaluate", "-f", "cds2025", "-u", "66")

    assert code == 0
    assert "Chưa đạt ≠ đánh giá đã ghi nhận: Đạt chỉ tiêu" in output
    assert "Chưa đến hạn" not in output
    assert "Chỉ tiêu 80% đến năm 2025; kết quả: 60% (6 tháng đầu năm 2023)." in output
    assert "xã: 98,9% thấp hơn chỉ tiêu 100%" in output
    assert "Cần đánh giá: 2" in output


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("check", "--framework", "nope"), "không có bộ chỉ tiêu «nope»"),
        (("evaluate", "--unit", "99999"), "không có đơn vị «99999»"),
        (("check", "--period", "2025H1"), "--period"),
        (("export", "--format", "xml"), "xml"),
        (("load", "--locale", "fr", "x.csv"), "--locale «fr» không hợp lệ"),
    ],
)
@pytest.mark.django_db
def test_bad_usage_exits_2_with_a_message(shipped_store: None, args: tuple[str, ...], fragment: str) -> None:
    code, output = run(*args)

    assert code == 2
    assert fragment in output


@pytest.mark.django_db
def test_load_rejects_a_bad_file_and_writes_nothing() -> None:
    code, output = run("load", str(DATA / "mini.yaml"), str(DATA / "org_units.csv"),
                       str(DATA / "values-with-problems.csv"), "--locale", "vi")

    assert code == 2
    assert "values-with-problems.csv, dòng 6, cột «period»" in output
    code, output = run("catalogue")
    assert "mini" not in output


@pytest.mark.django_db
def test_load_then_export_round_trips(tmp_path: Path) -> None:
    code, output = run("load", str(DATA / "mini.yaml"), str(DATA / "org_units.csv"), str(DATA / "values.csv"),
                       "--locale", "vi")
    assert code == 0, output
    assert "1 bộ chỉ tiêu, 2 đơn vị, 6 giá trị, 0 đánh giá" in output

    out = tmp_path / "mini.json"
    assert run("export", "--framework", "mini", "--format", "json", "-o", str(out))[0] == 0
    first = json.loads(out.read_text(encoding="utf-8"))
    assert run("load", str(out))[0] == 0
    assert run("export", "--framework", "mini", "--format", "json", "-o", str(out))[0] == 0
    assert json.loads(out.read_text(encoding="utf-8")) == first
    assert {v["value"] for v in first["values"] if v["indicator"] == "1.1"} == {"861058", "190031"}


@pytest.mark.django_db
def test_export_to_an_unwritable_place_is_a_clear_error(shipped_store: None, tmp_path: Path) -> None:
    code, output = run("export", "-o", str(tmp_path / "missing-folder" / "x.csv"))

    assert code == 2
    assert "không ghi được tệp" in output


def test_demo_in_a_real_process_builds_the_default_store(tmp_path: Path) -> None:
    """A new user's path: `chiso demo`, then plain commands see the demo database without options."""
    env = {**os.environ, "CHISO_HOME": str(tmp_path / "home")}
    env.pop("CHISO_DATABASE_URL", None)
    chiso = [sys.executable, "-m", "chiso.cli"]

    demo = subprocess.run([*chiso, "demo", "--no-serve", "--out", str(tmp_path / "out")], env=env,
                          capture_output=True, text=True, timeout=300)
    assert demo.returncode == 0, demo.stderr
    assert "134 giá trị" in demo.stdout
    assert (tmp_path / "home" / "chiso.sqlite3").exists()
    written = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"cqs-66-values.csv", "cds2025-66-values.csv", "daklak.json", "check.json", "evaluate.json"} <= written
    from chiso.reports.exporters import EXPORTERS
    from chiso.reports.exporters.pdf import libreoffice_path

    formats = set(EXPORTERS) - (set() if libreoffice_path() else {"pdf"})
    assert {f"{fw}-66.{fmt}" for fw in ("cqs", "cds2025") for fmt in formats} <= written

    check = subprocess.run([*chiso, "check", "--unit", "66", "--format", "json"], env=env,
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 1
    assert len([f for f in json.loads(check.stdout) if f["severity"] == "error"]) == 2

    # The one-stop indicators from synthetic records, in a real process (Django set up by the command itself).
    files = {"procedures": tmp_path / "tthc.csv", "dossiers": tmp_path / "ho-so.csv"}
    for kind, rows in (("procedures", "1741"), ("dossiers", "20000")):
        made = subprocess.run([*chiso, "synth", kind, "--rows", rows, "--year", "2024", "--seed", "7",
                               "-o", str(files[kind])], env=env, capture_output=True, text=True, timeout=120)
        assert made.returncode == 0, made.stderr
    computed = subprocess.run([*chiso, "dossiers", "compute", "--procedures", str(files["procedures"]), "--dossiers",
                               str(files["dossiers"]), "--unit", "66", "--period-type", "year", "--format", "json"],
                              env=env, capture_output=True, text=True, timeout=120)
    assert computed.returncode == 0, computed.stderr
    found = {(r["indicator"], r["unit"], r["period"]): r["value"] for r in json.loads(computed.stdout)}
    assert (found["5.1.1", "66", "2024"], found["5.1.2", "66", "2024"], found["5.2.2", "66", "2024"]) == \
        ("1741", "879", "703")
    assert 19_900 <= int(found["5.4.1", "66", "2024"]) <= 20_000  # 20.000 rows, about 0,1 % repeated ids
    assert 30 < float(found["5.4", "66", "2024"]) < 46  # about 38 % online

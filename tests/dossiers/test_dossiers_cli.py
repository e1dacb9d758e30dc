"""`chiso dossiers compute` as a user runs it, on the test store with the shipped Đắk Lắk data."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chiso.cli.main import app

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
runner = CliRunner(env={"COLUMNS": "250"})


@pytest.fixture
def store(shipped_store: None, tmp_path: Path) -> None:
    """The shipped store with a commune under Buôn Ma Thuột, as the hand-made dossier files need."""
    units = tmp_path / "units.csv"
    units.write_text("code,name,type,parent,valid_from,valid_to\n24121,Phường Tân Lập,commune,643,,\n",
                     encoding="utf-8")
    assert runner.invoke(app, ["load", str(units)]).exit_code == 0


def compute(*args: str, dossiers: Path = DATA / "dossiers.csv") -> tuple[int, str, str]:
    result = runner.invoke(app, ["dossiers", "compute", "--procedures", str(DATA / "procedures.csv"),
                                 "--dossiers", str(dossiers), *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_rows_name_framework_indicator_unit_period_and_value(store: None) -> None:
    code, out, err = compute("--unit", "66", "--period-type", "year", "--periods", "2023:2024", "--format", "json")

    assert code == 0, err
    rows = json.loads(out)
    assert all(list(r) == ["framework", "indicator", "unit", "period", "value"] for r in rows)
    got = {(r["indicator"], r["unit"], r["period"]): r["value"] for r in rows}
    assert {k: got[k] for k in [("5.4.1", "66", "2024"), ("5.4", "643", "2024"), ("6.4", "66", "2024"),
                                ("5.2.3", "644", "2024"), ("5.1", "66", "2023")]} == {
        ("5.4.1", "66", "2024"): "9", ("5.4", "643", "2024"): "60.00", ("6.4", "66", "2024"): "62.50",
        ("5.2.3", "644", "2024"): "1", ("5.1", "66", "2023"): "50.00",
    }
    assert "999 (1 hồ sơ)" in err  # the unknown unit is reported, on stderr


def test_csv_and_table_output(store: None) -> None:
    code, out, _err = compute("-u", "66", "--period-type", "quarter", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {"framework": "cqs", "indicator": "5.4.1", "unit": "66", "period": "2024Q1", "value": "3"} in rows

    code, out, _err = compute("-u", "643", "--period-type", "half")
    assert code == 0
    assert "Chỉ tiêu tính từ hồ sơ" in out and "24121" in out and "66 " not in out
    # a column per period, in its Vietnamese words; figures written the Vietnamese way
    assert "6 tháng đầu năm 2024" in out and "2024S1" not in out
    rate = next(line for line in out.splitlines() if " 5.4 " in line)
    assert "," in rate and "%" in rate and "." not in rate.split("5.4", 1)[1]


def test_save_writes_the_values_with_their_source_for_chiso_export(store: None) -> None:
    code, _out, err = compute("-u", "66", "--periods", "2024", "--save", "--format", "json")
    assert code == 0, err
    assert "Đã ghi" in err

    result = runner.invoke(app, ["export", "--framework", "cqs", "--unit", "643"])
    rows = {(r["indicator"], r["period"]): r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["5.4.1", "2024"]["value"] == "5" and rows["6.4", "2024"]["value"] == "80.00"
    source = rows["5.4.1", "2024"]["source"]
    assert source.startswith("chiso dossiers compute: procedures.csv (sha256 ")
    assert "dossiers.csv (sha256 " in source


def test_a_save_into_an_approved_period_writes_nothing(store: None) -> None:
    from chiso.store import models
    from chiso.store.models import Submission, SubmissionStatus

    Submission.objects.create(framework=models.Framework.objects.get(code="cqs"),
                              org_unit=models.OrgUnit.objects.get(code="644"), period="2024",
                              status=SubmissionStatus.APPROVED)
    before = models.Value.objects.count()

    code, _out, err = compute("-u", "66", "--periods", "2024", "--save", "--format", "json")

    assert code == 2
    assert "đơn vị 644, kỳ 2024" in err and "kỳ đã được phê duyệt" in " ".join(err.split())
    assert models.Value.objects.count() == before
    assert not models.Value.objects.filter(org_unit__code="643").exists()


def test_rejects_fail_the_command_unless_max_rejects_allows_them(store: None, tmp_path: Path) -> None:
    problems = tmp_path / "ho-so.csv"
    shutil.copy(DATA / "dossiers-with-problems.csv", problems)

    code, _out, err = compute("-u", "66", "--period-type", "year", dossiers=problems)
    assert code == 2
    flat = " ".join(err.split())
    assert "4 dòng hồ sơ không đọc được" in flat and "--max-rejects 4" in flat
    assert (tmp_path / "ho-so-rejects.csv").exists()

    chosen = tmp_path / "loai.csv"
    code, out, err = compute("-u", "66", "--periods", "2024", "--format", "json", "--max-rejects", "4",
                             "--rejects", str(chosen), dossiers=problems)
    assert code == 0, err
    assert json.loads(out) and chosen.exists()
    flat = " ".join(err.split())
    assert "4 dòng bị loại" in flat and "1 hồ sơ trùng mã" in flat and "777 (1 hồ sơ)" in flat


def test_the_shipped_mapping_is_named_by_its_name(store: None) -> None:
    result = runner.invoke(app, ["dossiers", "compute", "--procedures", str(DATA / "procedures-dvcqg.csv"),
                                 "--dossiers", str(DATA / "dossiers-dvcqg.csv"), "--mapping", "dvcqg", "-u", "66",
                                 "--periods", "2024", "--format", "json", "--threads", "1",
                                 "--memory-limit", "256MB"])
    assert result.exit_code == 0, result.stderr
    got = {(r["indicator"], r["unit"], r["period"]): r["value"] for r in json.loads(result.stdout)}
    assert got["5.4.2", "66", "2024"] == "6" and got["6.3", "66", "2024"] == "66.67"


def test_bad_usage_is_explained(store: None) -> None:
    code, _out, err = compute("--period-type", "year")
    assert code == 2 and "kho có nhiều đơn vị gốc" in err and "54, 66" in err

    code, _out, err = compute("-u", "66", "--period-type", "year", "--framework", "cds2025")
    assert code == 2 and "không có chỉ tiêu nào khai báo «records»" in " ".join(err.split())

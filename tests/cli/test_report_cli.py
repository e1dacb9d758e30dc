"""`chiso report` as a user runs it against the store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chiso.cli.main import app

runner = CliRunner(env={"COLUMNS": "200"})


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.mark.django_db
def test_report_writes_the_statistics_table_as_tidy_csv(shipped_store: None, tmp_path: Path) -> None:
    out = tmp_path / "cqs.csv"
    code, output = run("report", "cqs", "--unit", "66", "--periods", "2021:2025", "-o", str(out))

    assert code == 0, output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    cell = next(r for r in rows if r["code"] == "5.4.1" and r["column"] == "Năm 2022")
    assert (cell["text"], cell["number"]) == ("1.247.855", "1247855")
    assert {r["column"] for r in rows if r["code"] == "4.1"} == {"Năm 2021 – Năm 2022 – Năm 2023 – Năm 2024 – Năm 2025"}


@pytest.mark.django_db
def test_report_json_of_the_evaluation_table_as_of_a_period(shipped_store: None, tmp_path: Path) -> None:
    out = tmp_path / "cds.json"
    code, output = run("report", "cds2025", "-u", "66", "--as-of", "2023S1", "--format", "json", "-o", str(out),
                       "--doc-number", "45/BC-BCĐCĐS", "--doc-date", "15/08/2023", "--summary")

    assert code == 0, output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["columns"][3] == "Kết quả thực hiện đến tháng 6/2023"
    assert report["subtitle"] == ("(Kèm theo Báo cáo số 45/BC-BCĐCĐS ngày 15/08/2023 "
                                  "của Ban Chỉ đạo về Chuyển đổi số tỉnh Đắk Lắk)")
    assert report["summary"], "--summary drafts at least one paragraph"


@pytest.mark.django_db
def test_report_to_stdout_with_a_dash(shipped_store: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """«-o -» writes the report alone to standard output, for a pipe, and no file named «-»."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", "cds2025", "-u", "66", "--format", "json", "-o", "-"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout_bytes)["columns"][0] == "TT"
    assert list(tmp_path.iterdir()) == []
    result = runner.invoke(app, ["report", "cqs", "-u", "66", "--format", "docx", "-o", "-"])
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"PK")  # a Word file is a zip


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("report", "nope", "-u", "66", "--format", "csv"), "không có bộ chỉ tiêu «nope»"),
        (("report", "cqs", "-u", "99", "--format", "csv"), "không có đơn vị «99»"),
        (("report", "cqs", "-u", "66", "--periods", "2021:2025Q1", "--format", "csv"), "tùy chọn «--periods»"),
        (("report", "cqs", "-u", "66", "--periods", "20x1", "--format", "csv"), "tùy chọn «--periods»"),
        (("report", "cds2025", "-u", "66", "--as-of", "2023S3", "--format", "csv"), "tùy chọn «--as-of»"),
        (("report", "cqs", "-u", "66", "--doc-date", "31/02/2025", "--format", "csv"), "ngày «31/02/2025»"),
        (("report", "cqs", "-u", "66", "--format", "odt"), "định dạng «odt» không được hỗ trợ"),
        (("report", "cqs", "-u", "66", "--format", "csv", "-o", "/nonexistent-dir/x.csv"),
         "không ghi được tệp: thư mục hoặc tệp không tồn tại"),
    ],
)
@pytest.mark.django_db
def test_bad_report_options_are_clear_errors(shipped_store: None, args: tuple[str, ...], fragment: str) -> None:
    code, output = run(*args)

    assert code == 2, output
    assert fragment in " ".join(output.split())

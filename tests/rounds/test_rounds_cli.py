"""`chiso datasets add|list`: from options or a YAML file, checked whole before anything is stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from chiso.cli.main import app
from chiso.store import models

runner = CliRunner(env={"COLUMNS": "200"})
pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_a_data_set_from_options_is_listed_with_its_latest_round(shipped_store: None) -> None:
    code, output = run("datasets", "add", "--code", "nam", "--name", "Báo cáo năm", "-f", "cqs",
                       "--period-type", "year", "--units", "66", "--due", "30", "--closes", "90")
    assert code == 0, output
    record = models.DataSet.objects.get(code="nam")
    assert (record.units, record.due_days, record.closes_days, record.history.count()) == (["66"], 30, 90, 1)
    code, output = run("datasets", "list")
    assert code == 0 and "nam" in output and "Báo cáo năm" in output and "1/30/90" in output


def test_a_file_of_data_sets_is_stored_whole_or_not_at_all(shipped_store: None, tmp_path: Path) -> None:
    good = "- {code: quy, name: Quý, framework: cqs, period_type: quarter, units: [66], due: 10}\n"
    bad = "- {code: thang, name: Tháng, framework: cqs, period_type: month, units: [999]}\n"
    path = tmp_path / "bo-bieu.yaml"
    path.write_text(good + bad, encoding="utf-8")
    code, output = run("datasets", "add", str(path))
    assert code == 2 and "bộ biểu thứ 2: không có đơn vị 999" in output and str(path) in output
    assert not models.DataSet.objects.exists()
    path.write_text(good, encoding="utf-8")
    assert run("datasets", "add", str(path))[0] == 0
    assert models.DataSet.objects.get(code="quy").due_days == 10


@pytest.mark.parametrize(("text", "message"), [
    ("- {code: a, name: A, framework: cqs, period_type: week}\n", "loại kỳ «week» không hợp lệ"),
    ("- {code: a, name: A, framework: zzz, period_type: year}\n", "không có bộ chỉ tiêu «zzz»"),
    ("- {code: a, name: A, framework: cqs, period_type: year, opens: 9, due: 3}\n", "hạn nộp trước ngày mở nhập"),
    ("- {code: a, name: A, framework: cqs, period_type: year, colour: red}\n", "khóa «colour» không có"),
    ("- {code: a, name: A, framework: cqs\n", "dòng"),
])
def test_a_broken_file_is_refused_with_where(shipped_store: None, tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bo-bieu.yaml"
    path.write_text(text, encoding="utf-8")
    code, output = run("datasets", "add", str(path))
    assert code == 2 and message in " ".join(output.split()), output
    assert not models.DataSet.objects.exists()

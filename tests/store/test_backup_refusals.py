"""What `chiso restore` refuses, each with a message naming the file and what is wrong, the store left as it was.

Every refusal is tried with --replace where it matters: a restore that had already emptied the store before
finding the file damaged would lose everything, so the store is compared table by table afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from backup_tables import contents, differences
from django.db import DEFAULT_DB_ALIAS
from typer.testing import CliRunner

from chiso.cli.main import app
from chiso.data import shipped_files

pytestmark = pytest.mark.django_db(transaction=True)

runner = CliRunner(env={"COLUMNS": "400"})


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, " ".join(result.output.split())


@pytest.fixture
def backup_file(tmp_path: Path) -> Path:
    """The shipped store backed up; the store keeps its data (so it is not empty)."""
    assert run("load", *map(str, shipped_files()))[0] == 0
    path = tmp_path / "kho.zip"
    code, output = run("backup", "-o", str(path))
    assert code == 0, output
    return path


def rewritten(source: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    """A copy of the archive with some members replaced (or, for None, left out)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = change.get(item.filename, old.read(item.filename))
            if data is not None:
                new.writestr(item.filename, data)
    return target


def manifest_of(path: Path) -> dict[str, object]:
    with zipfile.ZipFile(path) as archive:
        found: dict[str, object] = json.loads(archive.read("manifest.json"))
    return found


def refused(path: Path, *expected: str, replace: bool = True) -> None:
    before = contents(DEFAULT_DB_ALIAS)
    code, output = run("restore", str(path), *(["--replace"] if replace else []))
    assert code == 2, output
    assert f"tệp {path}" in output
    for text in expected:
        assert text in output
    assert "Traceback" not in output
    assert differences(before, contents(DEFAULT_DB_ALIAS)) == []


def test_a_store_with_data_is_not_replaced_unless_asked(backup_file: Path) -> None:
    refused(backup_file, "đã có dữ liệu", "store_value: 134 dòng", "Thêm --replace", replace=False)


def test_a_damaged_table_late_in_the_file_leaves_the_store_as_it_was(backup_file: Path, tmp_path: Path) -> None:
    # The values are the last table restored: every table before them is in when the damage is found.
    damaged = tmp_path / "hong.zip"
    shutil.copy(backup_file, damaged)
    with zipfile.ZipFile(damaged) as archive:
        member = archive.getinfo("tables/store_value.jsonl")
    data = bytearray(damaged.read_bytes())
    start = member.header_offset + 30 + len(member.filename) + len(member.extra)
    for offset in range(start + member.compress_size // 2, start + member.compress_size // 2 + 16):
        data[offset] ^= 0xFF
    damaged.write_bytes(bytes(data))

    refused(damaged, "bị hỏng hoặc không trọn vẹn", "bảng store_value", "kho chưa bị thay đổi")


def test_a_truncated_file_is_refused(backup_file: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cat-ngan.zip"
    cut.write_bytes(backup_file.read_bytes()[: backup_file.stat().st_size // 2])

    refused(cut, "bị hỏng hoặc không trọn vẹn", "thiếu phần cuối")


def test_a_row_that_contradicts_the_manifest_is_refused(backup_file: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(backup_file) as archive:
        values = archive.read("tables/store_value.jsonl").decode()
    rows = json.loads(values)  # one line: the 134 values are one batch
    rows[5] = rows[5][:-1]  # a column short
    bad = rewritten(backup_file, tmp_path / "cot.zip", {"tables/store_value.jsonl": json.dumps(rows).encode()})

    refused(bad, "bảng store_value, hàng 6: cần 15 cột")  # origin is the 15th


def test_a_table_with_fewer_rows_than_its_manifest_says_is_refused(backup_file: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(backup_file) as archive:
        values = archive.read("tables/store_value.jsonl").decode()
    short = json.dumps(json.loads(values)[:-1]).encode()
    bad = rewritten(backup_file, tmp_path / "thieu.zip", {"tables/store_value.jsonl": short})

    refused(bad, "bảng store_value có 133 hàng, danh mục ghi 134")


def test_a_row_the_database_refuses_is_named_not_a_traceback(backup_file: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(backup_file) as archive:
        rows = json.loads(archive.read("tables/store_value.jsonl"))
    manifest = manifest_of(backup_file)
    for table in manifest["tables"]:  # type: ignore[attr-defined]
        if table["name"] == "store_value":
            table["rows"] += 1
    twice = json.dumps([*rows, rows[0]]).encode()  # the first value again, with its id
    bad = rewritten(backup_file, tmp_path / "trung.zip", {"tables/store_value.jsonl": twice,
                                                          "manifest.json": json.dumps(manifest).encode()})

    refused(bad, "bảng store_value", "cơ sở dữ liệu không nhận")


def test_a_backup_from_a_newer_schema_is_refused(backup_file: Path, tmp_path: Path) -> None:
    manifest = manifest_of(backup_file)
    manifest["chiso_version"] = "9.0.0"
    manifest["migrations"] = [*manifest["migrations"], ["store", "0099_tuong_lai"]]  # type: ignore[misc]
    newer = rewritten(backup_file, tmp_path / "moi.zip", {"manifest.json": json.dumps(manifest).encode()})

    refused(newer, "do chiso 9.0.0 tạo, với cấu trúc mới hơn", "store.0099_tuong_lai", "hãy cập nhật chiso")


def test_a_backup_of_a_newer_format_is_refused(backup_file: Path, tmp_path: Path) -> None:
    manifest = manifest_of(backup_file)
    manifest["format_version"] = 2
    newer = rewritten(backup_file, tmp_path / "dinh-dang.zip", {"manifest.json": json.dumps(manifest).encode()})

    refused(newer, "định dạng phiên bản 2", "hãy cập nhật chiso")


@pytest.mark.parametrize(("kind", "expected"), [
    ("sqlite", "đây là một tệp cơ sở dữ liệu SQLite"),
    ("pg_dump", "đây là tệp của pg_dump; khôi phục nó bằng pg_restore"),
    ("export", "đây là một tệp JSON"),
    ("zip", "tệp zip không có manifest.json"),
    ("manifest", "manifest.json không phải của chiso"),
])
def test_a_file_of_another_kind_is_refused(backup_file: Path, tmp_path: Path, kind: str, expected: str) -> None:
    path = tmp_path / f"{kind}.bin"
    if kind == "sqlite":
        path.write_bytes(b"SQLite format 3\x00" + bytes(4080))
    elif kind == "pg_dump":
        path.write_bytes(b"PGDMP\x01\x0e\x00" + bytes(100))
    elif kind == "export":
        assert run("export", "--format", "json", "-o", str(path))[0] == 0
    elif kind == "zip":
        rewritten(backup_file, path, {"manifest.json": None})
    else:
        rewritten(backup_file, path, {"manifest.json": b'{"format": "something-else"}'})

    refused(path, "không phải tệp sao lưu của chiso", expected)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    code, output = run("restore", str(tmp_path / "khong-co.zip"))

    assert code == 2
    assert f"tệp {tmp_path / 'khong-co.zip'}: không đọc được tệp sao lưu: thư mục hoặc tệp không tồn tại" in output


@pytest.mark.parametrize(("command", "outcome"), [("backup", "chưa ghi tệp sao lưu nào"),
                                                   ("restore", "kho chưa bị thay đổi")])
def test_a_database_out_of_reach_is_said_in_a_sentence(request: pytest.FixtureRequest, tmp_path: Path, command: str,
                                                       outcome: str) -> None:
    path = request.getfixturevalue("backup_file") if command == "restore" else tmp_path / "moi.zip"
    arguments = [command, *(["-o"] if command == "backup" else []), str(path)]
    done = subprocess.run([sys.executable, "-m", "chiso.cli", *arguments, "--db", "postgres://postgres@127.0.0.1:1/x"],
                          capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "CHISO_HOME": str(tmp_path)})

    assert done.returncode == 2, done.stderr
    output = " ".join(done.stderr.split())
    assert "Traceback" not in output
    assert "cơ sở dữ liệu PostgreSQL: 127.0.0.1:1/x báo lỗi" in output and outcome in output

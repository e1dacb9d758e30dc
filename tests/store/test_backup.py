"""`chiso backup` and `chiso restore`: every table comes back as it was, and the restored store works.

The store is built as people build it (the shipped data loaded through the CLI, a user of each role with
an API token, values edited twice, a submission approved, a recorded evaluation changed), backed up through
the CLI, restored into another, empty database (SQLite; PostgreSQL when the suite runs on it) and compared
table by table, every table found by introspection; then restored over the store itself and used.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from backup_tables import SESSIONS, contents, differences, other_store
from django.db import DEFAULT_DB_ALIAS, connection
from rest_framework.test import APIClient
from typer.testing import CliRunner

from chiso.cli.main import app
from chiso.data import shipped_files
from chiso.errors import InputError
from chiso.periods import Period
from chiso.store import models, services
from chiso.store.backup import backup, restore
from chiso.store.models import Submission, SubmissionStatus
from chiso.values.model import EvaluationStatus, RecordedEvaluation, Value

pytestmark = pytest.mark.django_db(transaction=True)

runner = CliRunner(env={"COLUMNS": "300"})
PASSWORD = "Mật-khẩu-đủ-mạnh-2025"
ROLES = (("quantri", "admin", "66"), ("pheduyet", "approver", "66"), ("nhaplieu", "reporter", "643"),
         ("xem", "viewer", "66"))
LOCKED = ("cqs", "643", "2025S1")


def run(*args: str, **env: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=env or None)
    return result.exit_code, " ".join(result.output.split())


def build_store() -> dict[str, str]:
    """Everything a store holds, made the way people make it; returns the users' API tokens."""
    code, output = run("load", *map(str, shipped_files()))
    assert code == 0, output
    tokens = {}
    for name, role, unit in ROLES:
        code, output = run("user", "add", name, "--role", role, "--unit", unit, CHISO_PASSWORD=PASSWORD)
        assert code == 0, output
        tokens[name] = runner.invoke(app, ["user", "token", name]).output.strip()
    for value in ("900000", "910000"):  # two edits: the history keeps both and the shipped value
        services.save_values([Value("cqs", "5.4.1", "66", "2024", value)], recorded_by="quantri")
    services.save_recorded_evaluations([RecordedEvaluation("cds2025", "I.3", "2025", "66", "2023S1",
                                                           EvaluationStatus.NOT_MET, note="Còn chậm")], "quantri")
    approve(*LOCKED)
    return tokens


def approve(framework: str, unit: str, period: str) -> None:
    """A reporter's values submitted, then approved by the approver, through the entry workflow."""
    from django.contrib.auth.models import User

    from chiso.web.entry.workflow import Target, decide

    services.save_values([Value(framework, "5.1.1", unit, period, "120")], recorded_by="nhaplieu")
    target = Target(services.frameworks()[framework], models.Framework.objects.get(code=framework),
                    models.OrgUnit.objects.get(code=unit), Period.parse(period))
    Submission.objects.create(framework=target.framework_record, org_unit=target.unit, period=period,
                              status=SubmissionStatus.SUBMITTED, updated_by=User.objects.get(username="nhaplieu"))
    decide(target, "approve", User.objects.get(username="pheduyet"), "Đồng ý")


def test_a_backup_restores_every_table_into_an_empty_sqlite_store(tmp_path: Path) -> None:
    build_store()
    before = contents(DEFAULT_DB_ALIAS)
    code, output = run("backup", "-o", str(tmp_path / "kho.zip"))
    assert code == 0, output
    assert "Đã sao lưu" in output and "vào " + str(tmp_path / "kho.zip") in output

    with other_store("sqlite", tmp_path, "restored") as alias:
        restore(tmp_path / "kho.zip", using=alias)
        after = contents(alias)

        fresh_ids(alias)

    assert differences(before, after) == []
    assert after[SESSIONS] == []
    assert len(after["store_historicalvalue"]) > len(after["store_value"])  # the history came back too


def test_a_backup_restores_every_table_into_an_empty_postgresql_database(tmp_path: Path) -> None:
    with other_store("postgresql", tmp_path, "restored") as alias:
        build_store()
        before = contents(DEFAULT_DB_ALIAS)
        assert run("backup", "-o", str(tmp_path / "kho.zip"))[0] == 0
        restore(tmp_path / "kho.zip", using=alias)
        after = contents(alias)
        fresh_ids(alias)

    assert differences(before, after) == []


def fresh_ids(alias: str) -> None:
    """A row added to the restored store gets an id after the restored ones (PostgreSQL's sequences were reset)."""
    units = models.OrgUnit.objects.using(alias)
    newest = max(units.values_list("id", flat=True))
    assert units.create(code="999", name="Xã mới", type="commune").id > newest


def test_the_restored_store_works_locks_tokens_history_and_fresh_ids(tmp_path: Path) -> None:
    tokens = build_store()
    before = contents(DEFAULT_DB_ALIAS)
    assert run("backup", "-o", str(tmp_path / "kho.zip"))[0] == 0
    services.save_values([Value("cqs", "5.4.1", "66", "2024", "1")])  # changes made after the backup …
    models.Submission.objects.update(status=SubmissionStatus.DRAFT)
    run("user", "token", "xem", "--new")

    code, output = run("restore", str(tmp_path / "kho.zip"), "--replace")

    assert code == 0, output
    assert "Đã khôi phục" in output
    assert differences(before, contents(DEFAULT_DB_ALIAS)) == []  # … are gone: the store is the backup's
    with pytest.raises(InputError, match="kỳ đã được phê duyệt"):
        services.save_values([Value("cqs", "5.1.1", "643", "2025S1", "121")])
    for name, key in tokens.items():
        answer = api(key).get("/api/values/", {"framework": "cqs", "unit": "643", "period": "2025S1"})
        assert answer.status_code == 200, (name, answer.content)
    edits = models.Value.history.filter(indicator="5.4.1", org_unit__code="66", period="2024")
    assert [h.value for h in edits.order_by("history_id")] == ["861058", "900000", "910000"]
    approval = models.Submission.history.filter(period="2025S1").order_by("history_id").last()
    assert approval is not None
    assert (approval.status, approval.history_change_reason, approval.updated_by.username) == (
        "approved", "approve", "pheduyet")
    newest = max(models.Value.objects.values_list("id", flat=True))
    services.save_values([Value("cqs", "5.1.1", "643", "2026", "5")])
    assert models.Value.objects.get(period="2026").id > newest  # ids continue after the restored rows


def api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_store_restores_across_sqlite_and_postgresql(tmp_path: Path) -> None:
    """A province moving from SQLite to PostgreSQL and back: each kind restores the other's file."""
    with other_store("sqlite", tmp_path, "moved") as sqlite, other_store("postgresql", tmp_path, "moved") as pg:
        build_store()
        before = contents(DEFAULT_DB_ALIAS)
        assert run("backup", "-o", str(tmp_path / "kho.zip"))[0] == 0
        first, second = (sqlite, pg) if connection.vendor == "postgresql" else (pg, sqlite)
        restore(tmp_path / "kho.zip", using=first)
        backup(tmp_path / "moved.zip", using=first)
        restore(tmp_path / "moved.zip", using=second)
        assert differences(before, contents(first)) == []
        assert differences(before, contents(second)) == []

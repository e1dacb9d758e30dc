"""`chiso remind` on the command line: what it sent, printed; a second run sends nothing; a bad date refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from chiso.cli.main import app
from chiso.web.notify.models import Notification
from web.notify.notify_world import build, mails  # tests/web/notify: the same small world

pytestmark = pytest.mark.django_db
runner = CliRunner()


@pytest.fixture
def world(db: None, tmp_path: Path, settings: Any) -> Path:
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    build(tmp_path)
    return tmp_path / "mail"


def test_remind_prints_what_it_sent_and_a_second_run_nothing(world: Path) -> None:
    first = runner.invoke(app, ["remind", "--today", "12/04/2026"])
    second = runner.invoke(app, ["remind", "--today", "2026-04-13"])

    assert first.exit_code == 0, first.output
    assert "Đã gửi 5 thông báo (4 thư điện tử)." in first.output
    assert "Quá hạn nộp" in first.output and "nhap1" in first.output
    assert second.exit_code == 0 and "Đã gửi 0 thông báo (0 thư điện tử)." in second.output
    assert len(mails(world)) == 4 and Notification.objects.count() == 5


def test_a_dry_run_sends_nothing(world: Path) -> None:
    result = runner.invoke(app, ["remind", "--today", "02/04/2026", "--dry-run"])

    assert result.exit_code == 0, result.output
    assert "Sẽ gửi 3 thông báo (2 thư điện tử)." in result.output
    assert not Notification.objects.exists() and mails(world) == []


def test_a_bad_date_is_refused_with_the_option_named(world: Path) -> None:
    result = runner.invoke(app, ["remind", "--today", "31/02/2026"])

    assert result.exit_code == 2
    assert "--today" in result.output and "dd/mm/yyyy" in result.output

"""Mail written to files under the test's own folder, and the small world of notify_world."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from notify_world import build


@pytest.fixture
def mail_folder(settings: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "mail"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(folder)
    settings.EMAIL_SITE_URL = "https://chiso.tinh.example"
    return folder


@pytest.fixture
def world(db: None, tmp_path: Path, mail_folder: Path) -> dict[str, Any]:
    return build(tmp_path)

"""Opening the store from the CLI: the database comes from --db, CHISO_DATABASE_URL or CHISO_HOME."""

from __future__ import annotations

import getpass
import io
import os
from pathlib import Path

import django
from django.core.management import call_command

from chiso.errors import InputError


def open_store(db_url: str | None = None) -> None:
    """Configures Django for the chosen database and brings its tables up to date."""
    from django.conf import settings

    if db_url:
        os.environ["CHISO_DATABASE_URL"] = db_url
    if not settings.configured:  # already configured when a test suite or the web app runs the CLI
        # Another project's DJANGO_SETTINGS_MODULE in the shell must not leak into chiso.
        os.environ["DJANGO_SETTINGS_MODULE"] = os.environ.get("CHISO_SETTINGS_MODULE", "chiso.web.settings")
    django.setup()
    _ensure_sqlite_folder()
    # A fresh store works without a separate set-up step; migrate is a no-op once applied.
    call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())


def _ensure_sqlite_folder() -> None:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and str(database["NAME"]) != ":memory:":
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)


def database_label() -> str:
    from django.conf import settings

    database = settings.DATABASES["default"]
    engine = str(database["ENGINE"]).rsplit(".", 1)[-1]
    return f"{engine}: {database['NAME']}"


def cli_user() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def load_files(files: list[Path], locale: str = "en") -> dict[str, int]:
    from chiso.io.files import read_files
    from chiso.store import services

    units = {u.code for u in services.org_units()}
    bundle = read_files(files, services.frameworks(), units, locale)
    return services.save_bundle(bundle, recorded_by=cli_user())


def check_known(framework: str | None, unit: str | None) -> None:
    """Unknown codes in options are bad usage, not an empty result."""
    from chiso.store import services

    known = services.frameworks()
    if framework and framework not in known:
        raise InputError(f"không có bộ chỉ tiêu «{framework}» trong kho", column="--framework",
                         expected=", ".join(sorted(known)) or "nạp bộ chỉ tiêu bằng `chiso load`")
    if unit and unit not in services.hierarchy():
        raise InputError(f"không có đơn vị «{unit}» trong kho", column="--unit",
                         expected="mã một đơn vị đã nạp, ví dụ 66")

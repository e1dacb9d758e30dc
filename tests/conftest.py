"""Test-wide set-up: a private CHISO_HOME, and PostgreSQL instead of SQLite when CHISO_TEST_DATABASE_URL is set."""

from __future__ import annotations

import os
import tempfile

# Settings are read when Django starts, which pytest-django does right after this file is imported.
os.environ["CHISO_HOME"] = tempfile.mkdtemp(prefix="chiso-test-home-")
os.environ.setdefault("CHISO_SECRET_KEY", "chiso-tests-only")
os.environ["CHISO_ARGON2"] = "0"
if os.environ.get("CHISO_TEST_DATABASE_URL"):
    os.environ["CHISO_DATABASE_URL"] = os.environ["CHISO_TEST_DATABASE_URL"]
else:
    os.environ.pop("CHISO_DATABASE_URL", None)


import io  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402


def export_tables() -> dict[str, str]:
    """The store's org units, values and recorded evaluations as the CSV `chiso export` writes."""
    from chiso.io.files import write_csv
    from chiso.web.store import services

    tables = {"org_units": services.org_units(), "values": services.values(),
              "evaluations": services.recorded_evaluations()}
    texts = {}
    for name, items in tables.items():
        out = io.StringIO()
        write_csv(items, name, out)
        texts[name] = out.getvalue()
    return texts


@pytest.fixture
def shipped_store(db: None) -> None:
    """The store with the shipped frameworks and Đắk Lắk data loaded, as `chiso demo` builds it."""
    from chiso.cli.demo import shipped_files
    from chiso.cli.store import load_files

    load_files(shipped_files())


@pytest.fixture
def store_round_trip(shipped_store: None, tmp_path: Path) -> dict[str, str]:
    """Shipped data loaded, exported, loaded into an emptied store and exported again: the second export."""
    from chiso.cli.demo import shipped_files
    from chiso.cli.store import load_files
    from chiso.web.store import services

    first = export_tables()
    services.reset()
    paths = []
    for name in ("org_units", "values", "evaluations"):
        paths.append(tmp_path / f"{name}.csv")
        paths[-1].write_text(first[name], encoding="utf-8")
    frameworks = [p for p in shipped_files() if p.suffix == ".yaml"]
    load_files([*frameworks, *paths])
    second = export_tables()
    assert second == first
    return second

"""Shared fixtures. The test environment itself (CHISO_HOME, database) is set in chiso.web.test_settings."""

from __future__ import annotations

import io
from pathlib import Path

import pytest


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
    from chiso.cli.store import load_files
    from chiso.data import shipped_files

    load_files(shipped_files())


@pytest.fixture
def store_round_trip(shipped_store: None, tmp_path: Path) -> dict[str, str]:
    """Shipped data loaded, exported, loaded into an emptied store and exported again: the second export."""
    from chiso.cli.store import load_files
    from chiso.data import shipped_files
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

"""Shared fixtures. The test environment itself (CHISO_HOME, database) is set in chiso.web.test_settings."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def vietnamese_after_each_test() -> Iterator[None]:
    """A page asked for in English leaves English active in the thread; the next test starts in Vietnamese."""
    yield
    from django.utils import translation

    translation.activate("vi")


def export_tables() -> dict[str, str]:
    """The store's org units, values and recorded evaluations as the CSV `chiso export` writes."""
    from chiso.io.files import write_csv
    from chiso.store import services

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
    from chiso.store import services

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


# --- Personas: who uses chiso (healthchecks' Alice, Bob and Charlie, for a province) ----------------------

PASSWORD = "persona-password-1"


def _persona(username: str, role: str, unit: str) -> object:
    from chiso.web.accounts.services import add_user

    return add_user(username, PASSWORD, role, unit, check_password=False).user


@pytest.fixture
def province_admin(shipped_store: None) -> object:
    """Quản trị cấp tỉnh: everything in Tỉnh Đắk Lắk (66)."""
    return _persona("quantri", "admin", "66")


@pytest.fixture
def approver(shipped_store: None) -> object:
    """Người phê duyệt of the province: approves any unit in 66."""
    return _persona("pheduyet", "approver", "66")


@pytest.fixture
def reporter(shipped_store: None) -> object:
    """Cán bộ nhập số liệu of Thành phố Buôn Ma Thuột (643): enters data for 643 only."""
    return _persona("nhaplieu", "reporter", "643")


@pytest.fixture
def viewer(shipped_store: None) -> object:
    """Người xem of the province: reads, never writes."""
    return _persona("xem", "viewer", "66")


@pytest.fixture
def outsider(shipped_store: None) -> object:
    """A reporter of another unit (Thị xã Buôn Hồ, 644): must never touch 643's data."""
    return _persona("ngoai", "reporter", "644")

"""A province of its own for the management pages: province 99 with three communes, a small framework with two
targets, and an account of every role (an admin of one commune too, whose scope is that commune alone)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

PASSWORD = "manage-persona-1"

FRAMEWORK = """\
# Bộ chỉ tiêu thử của tỉnh 99
code: xa_so
title: "Chuyển đổi số cấp xã"
indicators:
  - code: "1"
    name: "Số thủ tục hành chính"
    type: count
    unit: "thủ tục"
  - code: "2"
    name: "Số thủ tục trực tuyến"
    type: count
    unit: "thủ tục"
  - code: "3"
    name: "Tỷ lệ thủ tục trực tuyến"
    type: percent
    decimals: 1
    direction: higher
    formula: "{2} / {1} * 100"
    targets:
      - period: "2026"
        value: "80%"  # mục tiêu của tỉnh
        scope: commune
      - {id: "cuoi", period: "2027", value: ">90%"}
"""

UNITS = """\
code,name,type,parent,valid_from,valid_to
99,Tỉnh Chín Chín,province,,,
99001,Xã Một,commune,99,,
99002,Xã Hai,commune,99,,
99003,Xã Ba,commune,99,01/07/2025,
"""

VALUES = """\
framework,indicator,unit,period,value
xa_so,1,99001,2026,40
xa_so,2,99001,2026,30
"""

ROLES = {"tinh": ("admin", "99"), "xa_admin": ("admin", "99001"), "nhap": ("reporter", "99001"),
         "duyet": ("approver", "99"), "xem": ("viewer", "99"), "ngoai": ("reporter", "99002")}


@pytest.fixture
def province(db: None, tmp_path: Path) -> dict[str, object]:
    """The store with the province loaded as `chiso load` loads it, and one account per persona."""
    from chiso.cli.store import load_files
    from chiso.web.accounts.services import add_user

    files = []
    for name, text in (("xa_so.yaml", FRAMEWORK), ("units.csv", UNITS), ("values.csv", VALUES)):
        files.append(tmp_path / name)
        files[-1].write_text(text, encoding="utf-8")
    load_files(files)
    return {name: add_user(name, PASSWORD, role, unit, check_password=False).user
            for name, (role, unit) in ROLES.items()}


@pytest.fixture
def signed_in(province: dict[str, object]) -> Callable[[str], Client]:
    def client(name: str) -> Client:
        found = Client()
        found.force_login(province[name])  # type: ignore[arg-type]
        return found

    return client


@pytest.fixture
def admin(signed_in: Callable[[str], Client]) -> Client:
    return signed_in("tinh")

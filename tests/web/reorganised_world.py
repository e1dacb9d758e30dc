"""A small world of our own that went through a reorganisation on 1/7/2025, for the web pages and the API.

Tỉnh Sông Xanh (91) and Tỉnh Núi Đá (92) became one province, the new Tỉnh Sông Xanh, which keeps the
first one's code. Their communes were merged (Bến Đò and Cây Đa into Bến Cây), split with declared shares
(Đá Trắng into Đá Đông, 60 %, and Đá Tây, 40 %, by population) and moved (Phường Núi, same code, now under
91). Tỉnh Hồ Lặng (93) was not reorganised. Both old provinces reported 2023; only the old Sông Xanh 2024;
the new province reported the second half of 2025 itself.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from chiso.orgunits.links import UnitLink
from chiso.orgunits.model import OrgUnit, OrgUnitType
from chiso.values.model import Value

FRAMEWORK = """
code: sx
title: Bộ chỉ tiêu thử của tỉnh sau sắp xếp
indicators:
  - {code: "1", name: "Tỷ lệ hồ sơ nộp trực tuyến", type: percent, decimals: 2, formula: "{1.2} / {1.1} * 100"}
  - {code: "1.1", name: "Tổng số hồ sơ", type: count, period_rollup: sum}
  - {code: "1.2", name: "Số hồ sơ nộp trực tuyến", type: count, period_rollup: sum}
"""

END, START = date(2025, 6, 30), date(2025, 7, 1)
P, C = OrgUnitType.PROVINCE, OrgUnitType.COMMUNE
PASSWORD = "reorganised-password-1"


def old(code: str, name: str, kind: OrgUnitType, parent: str = "") -> OrgUnit:
    return OrgUnit(code, name, kind, parent, valid_to=END)


def new(code: str, name: str, kind: OrgUnitType = C, parent: str = "91") -> OrgUnit:
    return OrgUnit(code, name, kind, parent, valid_from=START)


UNITS = [
    old("91", "Tỉnh Sông Xanh", P), old("92", "Tỉnh Núi Đá", P),
    old("91001", "Xã Bến Đò", C, "91"), old("91002", "Xã Cây Đa", C, "91"),
    old("92001", "Xã Đá Trắng", C, "92"), old("92002", "Phường Núi", C, "92"),
    new("91", "Tỉnh Sông Xanh", P, ""),
    new("91010", "Xã Bến Cây"), new("91020", "Xã Đá Đông"), new("91030", "Xã Đá Tây"), new("92002", "Phường Núi"),
    OrgUnit("93", "Tỉnh Hồ Lặng", P), OrgUnit("93001", "Xã Lặng Im", C, "93"),
]
LINKS = [
    UnitLink("91", "91", START), UnitLink("92", "91", START, note="Nghị quyết sắp xếp đơn vị hành chính cấp tỉnh"),
    UnitLink("91001", "91010", START), UnitLink("91002", "91010", START),
    UnitLink("92001", "91020", START, share=Decimal("0.6"), basis="dân số"),
    UnitLink("92001", "91030", START, share=Decimal("0.4"), basis="dân số"),
    UnitLink("92002", "92002", START),
]


def reported(period: str, rows: dict[str, dict[str, str]]) -> list[Value]:
    return [Value("sx", code, unit, period, text) for unit, by_code in rows.items() for code, text in by_code.items()]


VALUES = [
    *reported("2023", {"91": {"1.1": "100", "1.2": "40"}, "92": {"1.1": "50", "1.2": "35"},
                       "93": {"1.1": "70", "1.2": "14"}}),
    *reported("2024", {"91": {"1.1": "120", "1.2": "60"}}),  # Núi Đá sent nothing for 2024
    *reported("2025S2", {"91": {"1.1": "90", "1.2": "45"}}),
]


def build() -> None:
    """The store of this world: the framework, both versions of every code, the links and the values."""
    from chiso.catalog.loader import load_framework
    from chiso.io.files import Bundle
    from chiso.store import services

    services.save_bundle(Bundle(frameworks=[load_framework(FRAMEWORK)], org_units=UNITS, values=VALUES))
    services.save_org_unit_links(LINKS)


def person(username: str, role: str, unit: str) -> Any:
    from chiso.web.accounts.services import add_user

    return add_user(username, PASSWORD, role, unit, check_password=False).user


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reorganised(db: None) -> dict[str, Client]:
    """The world built, and signed-in clients: the admin, a reporter and a viewer of the new 91, and the
    viewer of 93, which was not reorganised."""
    build()
    found = {"admin": ("admin", "91"), "reporter": ("reporter", "91"), "viewer": ("viewer", "91"),
             "other": ("viewer", "93")}
    return {name: client_of(person(f"sx_{name}", role, unit)) for name, (role, unit) in found.items()}

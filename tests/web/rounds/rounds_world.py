"""A small world of our own for rounds: a framework «thu» of three indicators, Tỉnh Thử (99) with three communes
and a district that ended on 30/06/2025, another province (98), and its people.

The tests run on the real date; schedules are made relative to it (``around``) so that exactly the previous
month is open, closed or not yet open, whatever day the suite runs.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from chiso.periods import Period, PeriodType
from chiso.rounds.model import containing
from chiso.store import models

FRAMEWORK = """\
code: thu
title: Bộ chỉ tiêu thử của vòng báo cáo
indicators:
  - code: "1"
    name: Tỷ lệ hồ sơ trực tuyến
    type: percent
    decimals: 2
    formula: "{1.2} / {1.1} * 100"
  - code: "1.1"
    name: Tổng số hồ sơ
    type: count
  - code: "1.2"
    name: Số hồ sơ trực tuyến
    type: count
relations:
  - {kind: part_of, part: "1.2", whole: "1.1"}
"""

UNITS = """\
code,name,type,parent,valid_from,valid_to
99,Tỉnh Thử,province,,,
99001,Xã Một,commune,99,2025-07-01,
99002,Xã Hai,commune,99,2025-07-01,
99003,Xã Ba,commune,99,2025-07-01,
99100,Huyện Cũ,district,99,,2025-06-30
98,Tỉnh Khác,province,,,
98001,Xã Ngoài,commune,98,2025-07-01,
"""

PASSWORD = "rounds-password-1"


def last_month() -> Period:
    return containing(PeriodType.MONTH, timezone.localdate()).previous()


def around(opens_ago: int, due_in: int, closes_in: int | None) -> dict[str, int | None]:
    """Schedule days (from a period's end) that put last month's window at today − opens_ago, today + due_in,
    today + closes_in; with offsets under four weeks no other month is open."""
    since_end = (timezone.localdate() - last_month().end).days
    return {"opens_days": since_end - opens_ago, "due_days": since_end + due_in,
            "closes_days": None if closes_in is None else since_end + closes_in}


def make_data_set(code: str = "thang", *, units: list[str] | None = None, unit_types: list[str] | None = None,
                  active: bool = True, schedule: dict[str, int | None] | None = None) -> models.DataSet:
    return models.DataSet.objects.create(
        code=code, name=f"Báo cáo {code}", framework=models.Framework.objects.get(code="thu"),
        period_type=PeriodType.MONTH.value, units=units or [],
        unit_types=unit_types if unit_types is not None else ([] if units else ["commune"]),
        active=active, **(schedule or around(3, 5, 20)))


def grant(data_set: models.DataSet, unit: str, period: Period, until: date | None = None) -> models.EntryException:
    return models.EntryException.objects.create(
        data_set=data_set, org_unit=models.OrgUnit.objects.get(code=unit), period=period.code,
        until=until or timezone.localdate() + timedelta(days=3), reason="Mất điện")


@pytest.fixture
def round_world(db: None, tmp_path: Path) -> None:
    from chiso.cli.store import load_files

    (tmp_path / "thu.yaml").write_text(FRAMEWORK, encoding="utf-8")
    (tmp_path / "org_units.csv").write_text(UNITS, encoding="utf-8")
    load_files([tmp_path / "thu.yaml", tmp_path / "org_units.csv"])


def person(username: str, role: str, unit: str) -> Any:
    from chiso.web.accounts.services import add_user

    return add_user(username, PASSWORD, role, unit, check_password=False).user


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people(round_world: None) -> dict[str, Client]:
    """Signed-in clients: the admin of 99, its approver and viewer, a reporter of each commune and of the
    district that ended, and the admin of the other province."""
    found = {"admin": ("admin", "99"), "approver": ("approver", "99"), "viewer": ("viewer", "99"),
             "r1": ("reporter", "99001"), "r2": ("reporter", "99002"), "r3": ("reporter", "99003"),
             "old": ("reporter", "99100"), "other": ("admin", "98")}
    return {name: client_of(person(f"u_{name}", role, unit)) for name, (role, unit) in found.items()}

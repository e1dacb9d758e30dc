"""The indicator page's table of lower units shows their latest periods, and every period when asked.

Tỉnh Mới's framework and units (tests/view/data) with two years of quarters from its communes: the
province's own series has all ten periods (eight quarters and two years rolled up from them).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

DATA = Path(__file__).parents[2] / "view" / "data"
QUARTERS = [f"{year}Q{q}" for year in (2025, 2026) for q in (1, 2, 3, 4)]
pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years(db: None, tmp_path: Path) -> Client:
    from chiso.cli.store import load_files
    from chiso.web.accounts.services import add_user

    rows = ["framework,indicator,unit,period,value"]
    for number, period in enumerate(QUARTERS):
        for unit in ("99001", "99002", "99003"):
            rows += [f"tinhmoi,1.1,{unit},{period},{100 + number}", f"tinhmoi,1.2,{unit},{period},200"]
    (tmp_path / "values.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    load_files([DATA / "framework.yaml", DATA / "org_units.csv", tmp_path / "values.csv"])
    client = Client()
    client.force_login(add_user("quantri99", "persona-password-1", "admin", "99", check_password=False).user)
    return client


def headings(html: str) -> list[str]:
    table = html[html.index('id="children-title"'):]
    head = table[table.index("<thead>"):table.index("</thead>")]
    return re.findall(r"<th>([^<]+)</th>", head)[1:]


def test_the_table_of_communes_shows_the_six_latest_periods(two_years: Client) -> None:
    html = two_years.get("/chi-tieu/tinhmoi/1.1/", {"unit": "99"}).content.decode("utf-8")
    # the last year, the quarters of this one and this year, in the page's order of periods
    assert sorted(headings(html)) == sorted(["Năm 2025", "Quý I/2026", "Quý II/2026", "Quý III/2026",
                                             "Quý IV/2026", "Năm 2026"])
    assert "6 kỳ gần nhất trong 10 kỳ." in html
    assert "Xã An Bình" in html and "&amp;all=1" in html


def test_every_period_when_asked(two_years: Client) -> None:
    html = two_years.get("/chi-tieu/tinhmoi/1.1/", {"unit": "99", "all": "1"}).content.decode("utf-8")
    assert len(headings(html)) == 10 and headings(html)[0] == "Quý I/2025"
    assert "kỳ gần nhất" not in html

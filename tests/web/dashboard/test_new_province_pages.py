"""A new province's admin reads its pages: its own small framework, three communes reporting counts only.

The province reports nothing itself, yet its dashboard shows the rate its communes' counts give, with how
many of them contributed; its indicator page lists the communes; its findings name the commune at fault.
(The data is that of tests/view: framework.yaml, org_units.csv, values.csv, values-with-problems.csv.)
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from dashboard_pages import charts, page, unit_finding_rows
from django.test import Client

DATA = Path(__file__).parents[2] / "view" / "data"
pytestmark = pytest.mark.django_db


def _load(*names: str) -> None:
    from chiso.cli.store import load_files

    load_files([DATA / name for name in names])


@pytest.fixture
def new_province(db: None) -> Client:
    """Tỉnh Mới (99) with Xã An Bình, Phường Hòa Lạc and Xã Suối Mơ, signed in as its admin."""
    from chiso.web.accounts.services import add_user

    _load("framework.yaml", "org_units.csv", "values.csv")
    client = Client()
    client.force_login(add_user("quantri99", "persona-password-1", "admin", "99", check_password=False).user)
    return client


@pytest.fixture
def with_problems(new_province: Client) -> Client:
    """The same, after the province wrote 150 for Q1 (its communes add up to 185) and Suối Mơ 31 of 28 in Q4."""
    _load("values-with-problems.csv")
    return new_province


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end, text.index(start))]


def test_the_dashboard_shows_the_rate_its_communes_counts_give(new_province: Client) -> None:
    text = page(new_province.get("/", {"framework": "tinhmoi", "unit": "99"}))

    [chart] = charts(text)
    points = {p["period"]: (p["text"], p["origin"], p["partial"]) for p in chart["points"]}
    assert points["Quý I/2026"] == ("67,27%", "tính theo công thức, từ số liệu của 3/3 xã", False)  # 185 / 275
    assert points["Quý IV/2026"] == ("67,33%", "tính theo công thức, từ số liệu của 2/3 xã", True)  # no Suối Mơ
    listed = text_of(section(text, '<details class="points">', "</details>"))
    assert "Quý I/2026 67,27% tính theo công thức, từ số liệu của 3/3 xã" in listed
    evaluation = text_of(section(text, ">1.3</a>", "</tr>"))
    assert "66,82% Năm 2026 tính theo công thức, từ số liệu của 2/3 xã" in evaluation
    assert "Vượt chỉ tiêu" in evaluation  # against ≥ 60%


def test_the_indicator_page_lists_the_communes(new_province: Client) -> None:
    text = page(new_province.get("/chi-tieu/tinhmoi/1.3/", {"unit": "99"}))

    own = text_of(section(text, 'id="values-title"', 'id="children-title"'))
    assert "Quý I/2026 67,27% tính theo công thức, từ số liệu của 3/3 xã" in own
    assert "Năm 2026 66,82% tính theo công thức, từ số liệu của 2/3 xã" in own
    lower = section(text, 'id="children-title"', 'id="findings-title"')
    assert [name for _, name in re.findall(r'<a href="\?unit=(\d+)">([^<]+)</a>', lower)] == [
        "Xã An Bình", "Phường Hòa Lạc", "Xã Suối Mơ"]
    assert "<th>Quý I/2026</th>" in lower and "60,00%" in lower  # An Bình: 120 / 200, derived from its counts
    assert charts(text)[0]["texts"][0] == "67,27%"


def test_a_count_shows_its_completeness_and_what_the_province_reported_beside_it(with_problems: Client) -> None:
    text = page(with_problems.get("/chi-tieu/tinhmoi/1.1/", {"unit": "99"}))

    own = text_of(section(text, 'id="values-title"', 'id="children-title"'))
    assert "Quý I/2026 150 các đơn vị cấp dưới cộng lại: 185 (3/3 xã)" in own  # the province's own figure
    assert "Quý II/2026 200 tổng hợp từ 3/3 xã" in own  # 130 + 48 + 22
    assert "Quý IV/2026 233 tổng hợp từ 3/3 xã" in own


def test_the_findings_name_the_commune_with_a_part_above_its_whole(with_problems: Client) -> None:
    rows = unit_finding_rows(page(with_problems.get("/", {"framework": "tinhmoi", "unit": "99"})))

    errors = [(code, unit, period) for severity, code, unit, period, _ in rows if severity == "error"]
    assert errors == [("1.1", "Tỉnh Mới", "Quý I/2026"), ("1.1", "Xã Suối Mơ", "Quý IV/2026")]
    [message] = [m for _, _, unit, _, m in rows if unit == "Xã Suối Mơ"]
    assert "31" in message and "28" in message
    indicator = unit_finding_rows(page(with_problems.get("/chi-tieu/tinhmoi/1.2/", {"unit": "99"})))
    assert indicator == []  # the findings of another indicator are not this one's


def test_a_commune_reads_only_its_own_findings(with_problems: Client) -> None:
    rows = unit_finding_rows(page(with_problems.get("/", {"framework": "tinhmoi", "unit": "99003"})))

    assert [(code, unit) for _, code, unit, _, _ in rows] == [("1.1", "Xã Suối Mơ")]


def test_the_pages_in_english_translate_the_provenance(new_province: Client) -> None:
    new_province.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = page(new_province.get("/chi-tieu/tinhmoi/1.3/", {"unit": "99"}))

    own = text_of(section(text, 'id="values-title"', 'id="children-title"'))
    assert "Q1 2026 67,27% computed by formula, from the data of 3/3 communes" in own
    assert "tính theo công thức" not in own


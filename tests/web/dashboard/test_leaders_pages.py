"""What a leader reads: the targets a status card counts, those at risk, and one indicator across the communes.

A province of its own (Tỉnh Thử Nghiệm, 88) with three communes: Xã Đông and Phường Nam are above the 80%
target of 2025 for applications received online, Xã Tây (20%) drags the province down to 64,44%; in 2024
Xã Tây reported nothing. The province reports its own share of officials with a digital signature, 40% and
42%, far from the 90% set for 2030: the forecast says the deadline will be missed.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

FRAMEWORK = """\
code: lanhdao
title: "Chỉ tiêu thử của lãnh đạo tỉnh"
layout: statistics_table
settings:
  evaluation:
    exceeded_margin: 0
    on_track: 0.95
    moderate: 0.6
indicators:
  - code: "1"
    name: "Dịch vụ công trực tuyến"
    type: heading
  - code: "1.1"
    name: "Số hồ sơ tiếp nhận trực tuyến"
    type: count
    unit: "hồ sơ"
  - code: "1.2"
    name: "Tổng số hồ sơ tiếp nhận"
    type: count
    unit: "hồ sơ"
  - code: "1.3"
    name: "Tỷ lệ hồ sơ tiếp nhận trực tuyến"
    type: percent
    decimals: 2
    direction: higher
    formula: "{1.1} / {1.2} * 100"
    targets:
      - period: "2025"
        value: 80%
  - code: "2"
    name: "Tỷ lệ cán bộ có chữ ký số"
    type: percent
    direction: higher
    aggregation: none
    targets:
      - period: "2030"
        value: 90%
relations:
  - kind: part_of
    part: "1.1"
    whole: "1.2"
"""
UNITS = """\
code,name,type,parent,valid_from,valid_to
88,Tỉnh Thử Nghiệm,province,,,
88001,Xã Đông,commune,88,,
88002,Phường Nam,commune,88,,
88003,Xã Tây,commune,88,,
"""
VALUES = """\
framework,indicator,unit,period,value,note,source
lanhdao,1.1,88001,2024,80,,
lanhdao,1.2,88001,2024,100,,
lanhdao,1.1,88002,2024,150,,
lanhdao,1.2,88002,2024,200,,
lanhdao,1.1,88001,2025,90,,
lanhdao,1.2,88001,2025,100,,
lanhdao,1.1,88002,2025,170,,
lanhdao,1.2,88002,2025,200,,
lanhdao,1.1,88003,2025,30,,
lanhdao,1.2,88003,2025,150,,
lanhdao,2,88,2024,40,,
lanhdao,2,88,2025,42,,
"""


def load(folder: Path) -> None:
    from chiso.cli.store import load_files

    files = {"lanhdao.yaml": FRAMEWORK, "org_units.csv": UNITS, "values.csv": VALUES}
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    load_files([folder / name for name in files])


def signed_in(role: str, unit: str) -> Client:
    from chiso.web.accounts.services import add_user

    client = Client()
    client.force_login(add_user(f"{role}{unit}", "persona-password-1", role, unit, check_password=False).user)
    return client


@pytest.fixture
def leader(db: None, tmp_path: Path) -> Client:
    """The province's viewer: a leader reads, never writes."""
    load(tmp_path)
    return signed_in("viewer", "88")


def page(response: object) -> str:
    assert getattr(response, "status_code", None) == 200, getattr(response, "status_code", None)
    return str(getattr(response, "content", b"").decode("utf-8"))


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def listed(text: str) -> list[tuple[str, str]]:
    """(indicator, unit code) of each row of a status list."""
    return re.findall(r'<tr data-indicator="([^"]+)" data-unit="([^"]+)">', text)


def across_rows(text: str) -> list[tuple[str, str]]:
    """(unit code, the row's text) of the table of units, in page order."""
    body = text[text.index('<table class="data across">'):]
    return [(code, text_of(row)) for code, row in re.findall(r'<tr data-unit="(\d+)">(.*?)</tr>', body, re.S)]


def by_id(text: str, name: str) -> str:
    match = re.search(rf'id="{name}">(.*?)</b>', text, re.S)
    assert match, name
    return text_of(match.group(1))


def test_the_status_cards_open_the_list_of_their_targets(leader: Client) -> None:
    home = page(leader.get("/", {"framework": "lanhdao", "unit": "88"}))
    assert 'href="/danh-gia/?framework=lanhdao&amp;unit=88&amp;status=not_met"' in home

    text = page(leader.get("/danh-gia/", {"framework": "lanhdao", "unit": "88", "status": "not_met"}))

    assert listed(text) == [("1.3", "88")]  # exactly the one target not achieved
    row = text_of(text[text.index('<tr data-indicator="1.3"'):text.index("</tr>", text.index('data-indicator="1.3"'))])
    assert "Tỷ lệ hồ sơ tiếp nhận trực tuyến" in row and "Tỉnh Thử Nghiệm" in row
    assert "80%" in row and "64,44%" in row and "Chưa đạt" in row
    assert "tính theo công thức, từ số liệu của 3/3 xã" in row
    assert 'href="/chi-tieu/lanhdao/1.3/cap-duoi/?unit=88&amp;target=' in text


def test_the_list_below_names_the_commune_that_misses(leader: Client) -> None:
    text = page(leader.get("/danh-gia/", {"framework": "lanhdao", "unit": "88", "status": "not_met", "below": "1"}))

    assert listed(text) == [("1.3", "88"), ("1.3", "88003")]
    exceeded = page(leader.get("/danh-gia/", {"framework": "lanhdao", "unit": "88", "status": "exceeded",
                                              "below": "1"}))
    assert listed(exceeded) == [("1.3", "88001"), ("1.3", "88002")]


def test_an_unknown_status_is_not_found(leader: Client) -> None:
    assert leader.get("/danh-gia/", {"framework": "lanhdao", "unit": "88", "status": "nope"}).status_code == 404


def test_a_commune_reads_only_its_own_list(db: None, tmp_path: Path) -> None:
    load(tmp_path)
    commune = signed_in("viewer", "88003")

    assert commune.get("/danh-gia/", {"framework": "lanhdao", "unit": "88", "status": "not_met"}).status_code == 403
    text = page(commune.get("/danh-gia/", {"framework": "lanhdao", "unit": "88003", "status": "not_met"}))
    assert listed(text) == [("1.3", "88003")]


def test_the_dashboard_shows_what_is_at_risk(leader: Client) -> None:
    home = page(leader.get("/", {"framework": "lanhdao", "unit": "88"}))

    card = text_of(home[home.index('id="at-risk"'):home.index("</div>", home.index('id="at-risk"'))])
    assert "Có nguy cơ không đạt đúng hạn" in card and "1 mục tiêu" in card
    assert "2 Tỷ lệ cán bộ có chữ ký số" in card and "90%" in card and "Chậm tiến độ" in card
    assert "1.3" not in card  # already missed: «Chưa đạt», not at risk
    text = page(leader.get("/danh-gia/", {"framework": "lanhdao", "unit": "88", "status": "at_risk"}))
    assert listed(text) == [("2", "88")]


def test_one_indicator_across_the_communes_worst_first(leader: Client) -> None:
    text = page(leader.get("/chi-tieu/lanhdao/1.3/cap-duoi/", {"unit": "88"}))

    rows = across_rows(text)
    assert [code for code, _ in rows] == ["88003", "88002", "88001"]  # Xã Tây drags the rate down
    assert rows[0][1].startswith("1 Xã Tây 20,00% tính theo công thức Chưa đạt")
    assert "Vượt chỉ tiêu" in rows[2][1]
    assert by_id(text, "across-aggregate") == "64,44%"  # 290 / 450, the province's figure from its communes
    assert by_id(text, "across-completeness") == "3/3 xã"
    assert by_id(text, "across-target") == "80%"
    bars = re.findall(r'<g class="bar (\w+)">\s*<text class="name"[^>]*>([^<]+)</text>', text)
    assert bars == [("not_met", "Xã Tây"), ("exceeded", "Phường Nam"), ("exceeded", "Xã Đông")]
    assert '<line class="target"' in text


def test_a_period_a_commune_missed_counts_it_out(leader: Client) -> None:
    text = page(leader.get("/chi-tieu/lanhdao/1.3/cap-duoi/", {"unit": "88", "period": "2024"}))

    rows = across_rows(text)
    assert [code for code, _ in rows] == ["88002", "88001", "88003"]  # no figure: last
    assert "75,00% tính theo công thức Vượt chỉ tiêu Năm 2025" in rows[0][1]  # judged on 2025, not the 2024 shown
    assert by_id(text, "across-completeness") == "2/3 xã"
    assert by_id(text, "across-aggregate") == "76,67%"  # 230 / 300


def test_the_indicator_page_links_to_the_comparison(leader: Client) -> None:
    text = page(leader.get("/chi-tieu/lanhdao/1.3/", {"unit": "88"}))

    assert 'href="/chi-tieu/lanhdao/1.3/cap-duoi/?unit=88"' in text


def test_the_comparison_in_english(leader: Client) -> None:
    leader.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = page(leader.get("/chi-tieu/lanhdao/1.3/cap-duoi/", {"unit": "88"}))

    assert "Units with data" in text and "Against the target" in text
    assert by_id(text, "across-completeness") == "3/3 communes"
    assert "Not met" in text

"""The index page of a new province's own index (tests/indices/data/index_province): its scorecard, what each
threshold needs, its rank, the communes that cost it points linking to their own page, and the user's scope.

The points are those worked by hand in tests/indices/test_index_report.py.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from dashboard_pages import page
from django.test import Client

DATA = Path(__file__).parents[2] / "indices" / "data" / "index_province"
URL = "/chi-so/dvcxa/dvcxa/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def province(db: None) -> None:
    from chiso.cli.store import load_files

    load_files([DATA / "framework.yaml", DATA / "org_units.csv", DATA / "values.csv"])


def signed_in(username: str, unit: str) -> Client:
    from chiso.web.accounts.services import add_user

    client = Client()
    client.force_login(add_user(username, "persona-password-1", "viewer", unit, check_password=False).user)
    return client


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def row(text: str, code: str) -> str:
    match = re.search(rf'<tr data-code="{re.escape(code)}"[^>]*>(.*?)</tr>', text, re.S)
    assert match, code
    return text_of(match.group(1))


def costs(text: str) -> list[tuple[str, str]]:
    """(unit code, link) of each row of the drill-down table, in page order."""
    table = text[text.index('class="data index-costs"'):]
    table = table[:table.index("</table>")]
    return re.findall(r'<tr data-unit="(\w+)">.*?<a href="([^"]+)"', table, re.S)


def test_the_province_reads_its_score_rank_needs_and_costly_communes(province: None) -> None:
    text = page(signed_in("xem98", "98").get(URL, {"unit": "98", "period": "2026Q1"}))
    assert text_of(re.search(r'id="index-total">(.*?)</b>', text, re.S).group(1)) == "18,03/20"  # type: ignore[union-attr]
    assert 'id="index-rank">1/1<' in text
    assert row(text, "1.1") == "1.1 Hồ sơ trực tuyến 73,08% 80% 9,14 10 cần thêm 18 hồ sơ trực tuyến để đạt ngưỡng"
    assert row(text, "2.2") == "2.2 Hồ sơ quá hạn 12,00% 10% 4,89 5"
    assert row(text, "2") == "2 Kết quả và tiến độ 8,89 10"
    found = costs(text)
    assert [unit for unit, _ in found] == ["98002", "98003", "98001"]
    assert html.unescape(found[0][1]) == f"{URL}?unit=98002&period=2026Q1"


def test_the_drill_down_link_opens_the_commune_s_page_with_its_rank(province: None) -> None:
    client = signed_in("xem98", "98")
    text = page(client.get(URL, {"unit": "98003", "period": "2026Q1"}))
    assert 'id="index-rank">3/3<' in text
    assert row(text, "2.1") == "2.1 Kết quả điện tử 100% – 5 Chưa có số liệu"
    assert "chấm trên 10 điểm: có tiêu chí N/A hoặc chưa có số liệu" in text_of(text)
    assert "Không có đơn vị cấp dưới nào bị mất điểm." in text_of(text)


def test_a_commune_user_reads_its_own_page_and_not_another_commune_s(province: None) -> None:
    client = signed_in("xem98001", "98001")
    text = page(client.get(URL, {"unit": "98001", "period": "2026Q1"}))
    assert 'id="index-rank">1/3<' in text
    peers = text[text.index('class="data index-peers"'):]
    assert f'href="{URL}?unit=98002' not in peers  # its peers are listed, not linked: they are out of its scope
    assert client.get(URL, {"unit": "98002", "period": "2026Q1"}).status_code == 403
    assert client.get("/chi-so/dvcxa/khong-co/", {"unit": "98001"}).status_code == 404


def test_the_framework_s_overview_links_to_its_index(province: None) -> None:
    text = page(signed_in("xem98", "98").get("/", {"framework": "dvcxa", "unit": "98"}))
    assert f'href="{URL}?unit=98">Chỉ số tổng hợp dvcxa</a>' in text


def test_the_latest_period_is_shown_when_none_is_asked_for(province: None) -> None:
    text = page(signed_in("xem98", "98").get(URL, {"unit": "98"}))
    assert "Quý I/2026" in text and 'id="index-total">18,03/20' in text


def test_the_page_in_english(province: None) -> None:
    client = signed_in("xem98", "98")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = text_of(page(client.get(URL, {"unit": "98", "period": "2026Q1"})))
    assert "Points by group and item" in text and "Units below that lose the most points" in text
    assert "18 more hồ sơ trực tuyến needed to reach the threshold" in text
    assert "10 more dossiers needed to reach the threshold" in text  # 2.1 declares no words for its records
    assert "Rank among peers" in text and "Điểm từng nhóm" not in text
    assert "18,03/20" in text  # numbers stay Vietnamese, as on every page

"""The unit picker: the units one step away, the way up, and a search by code or name, accents or not.

No page embeds every unit any more: a nation of thousands of communes shows its provinces, a commune its
province; anything else is found by the search, as an htmx fragment or, without JavaScript, a page.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from typing import Any

import pytest
from dashboard_pages import options, page
from django.test import Client, override_settings
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from browser.chrome import chrome_browser, download_folder, login, shows, text_of, wait
from chiso.orgunits.model import OrgUnit, OrgUnitType
from chiso.store import services
from chiso.web.accounts.services import add_user
from chiso.web.dashboard import access

pytestmark = pytest.mark.django_db
__all__ = ["chrome_browser", "download_folder"]  # the browser's fixtures, for the test in a real browser below
SEARCH = "/don-vi/"
HTMX = {"HX-Request": "true"}


def matches(text: str) -> list[tuple[str, str]]:
    """(address, unit name) of each match, in the order shown."""
    return [(html.unescape(href), html.unescape(name))
            for href, name in re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', text)]


@pytest.fixture
def nation(shipped_store: None) -> Any:
    """The shipped provinces under a nation, with a new province of 25 communes; its viewer."""
    tops = services.hierarchy().roots()
    services.save_org_units([OrgUnit("VN", "Việt Nam", OrgUnitType.NATION),
                             *(replace(unit, parent="VN") for unit in tops),
                             OrgUnit("68", "Tỉnh Lâm Đồng", OrgUnitType.PROVINCE, "VN"),
                             *(OrgUnit(str(24000 + n), f"Xã Hòa Phú {n}", OrgUnitType.COMMUNE, "68")
                               for n in range(1, 26))])
    return add_user("quocgia", "quocgia-password-1", "viewer", "VN", check_password=False).user


@pytest.mark.parametrize("url", ["/?framework=cqs", "/chi-tieu/cqs/5.4/", "/bao-cao/"])
def test_pages_offer_the_units_one_step_away_not_every_unit(as_user: Any, nation: Any, url: str) -> None:
    text = page(as_user(nation).get(url, {"unit": "VN"}))

    assert options(text, "unit") == ["VN", "54", "66", "68"]
    assert "Xã Hòa Phú" not in text and "Buôn Ma Thuột" not in text


def test_a_commune_offers_its_province_and_the_way_up(as_user: Any, nation: Any) -> None:
    text = page(as_user(nation).get("/", {"framework": "cqs", "unit": "24007"}))

    assert options(text, "unit") == ["68", "24007"]
    path = re.search(r'<nav class="unit-path"[^>]*>(.*?)</nav>', text, re.S)
    assert path is not None
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', html.unescape(path.group(1))) == [
        ("?framework=cqs&unit=VN", "Việt Nam"), ("?framework=cqs&unit=68", "Tỉnh Lâm Đồng")]


def test_the_way_up_stops_at_the_top_of_the_users_scope(as_user: Any, reporter: Any, province_admin: Any) -> None:
    assert options(page(as_user(reporter).get("/")), "unit") == ["643"]  # 66 is above its scope
    admin = page(as_user(province_admin).get("/", {"unit": "643"}))
    assert options(admin, "unit") == ["66", "643"]
    assert '<a href="?framework=cds2025&amp;unit=66">Tỉnh Đắk Lắk</a>' in admin


def test_a_unit_with_more_children_than_listed_sends_to_the_search(as_user: Any, province_admin: Any,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(access, "MAX_CHILDREN", 2)

    text = page(as_user(province_admin).get("/", {"unit": "66"}))

    assert options(text, "unit") == ["66", "643", "644"]
    assert "Còn 13 đơn vị trực thuộc khác: hãy tìm theo tên hoặc mã." in text


@pytest.mark.parametrize(("query", "first"), [
    ("dak lak", ("66", "Tỉnh Đắk Lắk")), ("ĐẮK LẮK", ("66", "Tỉnh Đắk Lắk")), ("lak", ("66", "Tỉnh Đắk Lắk")),
    ("drak", ("652", "Huyện M'Đrắk")), ("643", ("643", "Thành phố Buôn Ma Thuột")),
    ("buon   ma", ("643", "Thành phố Buôn Ma Thuột")), ("ea h'leo", ("645", "Huyện Ea H'leo")),
])
def test_search_finds_a_unit_by_code_or_name_without_accents(as_user: Any, province_admin: Any, query: str,
                                                             first: tuple[str, str]) -> None:
    found = matches(page(as_user(province_admin).get(SEARCH, {"q": query, "next": "/"}, headers=HTMX)))

    assert found[0] == (f"/?unit={first[0]}", first[1])


def test_search_lists_every_match_higher_units_first(as_user: Any, province_admin: Any) -> None:
    found = matches(page(as_user(province_admin).get(SEARCH, {"q": "krong"}, headers=HTMX)))

    assert [name for _, name in found] == ["Huyện Krông A Na", "Huyện Krông Bông", "Huyện Krông Búk",
                                           "Huyện Krông Năng", "Huyện Krông Pắc"]
    lak = matches(page(as_user(province_admin).get(SEARCH, {"q": "lak"}, headers=HTMX)))
    assert [name for _, name in lak] == ["Tỉnh Đắk Lắk", "Huyện Lắk"]


def test_search_keeps_to_the_users_scope(as_user: Any, reporter: Any) -> None:
    client = as_user(reporter)

    assert matches(page(client.get(SEARCH, {"q": "buon"}, headers=HTMX))) == [("/?unit=643", "Thành phố Buôn Ma Thuột")]
    nothing = page(client.get(SEARCH, {"q": "dak lak"}, headers=HTMX))
    assert matches(nothing) == []
    assert "Không có đơn vị nào trong phạm vi của bạn khớp với «dak lak»." in html.unescape(nothing)


def test_at_most_twenty_matches_are_shown(as_user: Any, nation: Any) -> None:
    text = page(as_user(nation).get(SEARCH, {"q": "hoa phu"}, headers=HTMX))

    assert len(matches(text)) == 20
    assert "Chỉ hiện 20 đơn vị đầu tiên: hãy gõ thêm để thu hẹp." in text
    assert [name for _, name in matches(page(as_user(nation).get(SEARCH, {"q": "hoa phu 2"}, headers=HTMX)))] == [
        "Xã Hòa Phú 2", *(f"Xã Hòa Phú {n}" for n in range(20, 26)), "Xã Hòa Phú 12"]  # words first, then within


def test_without_javascript_the_search_is_a_page_with_the_same_links(as_user: Any, province_admin: Any) -> None:
    client = as_user(province_admin)
    query = {"q": "krong bong", "next": "/chi-tieu/cqs/5.4/", "framework": "cqs"}

    fragment, full = client.get(SEARCH, query, headers=HTMX), client.get(SEARCH, query)

    assert "<html" not in page(fragment) and "<html" in page(full)
    assert matches(page(fragment)) == matches(page(full)) == [("/chi-tieu/cqs/5.4/?framework=cqs&unit=653",
                                                               "Huyện Krông Bông")]
    assert 'value="krong bong"' in page(full)  # the form, filled in, to search again
    assert "HX-Request" in full["Vary"] and "HX-Request" in fragment["Vary"]
    assert "Huyện Krông Bông" in page(client.get(matches(page(full))[0][0]))


@pytest.mark.parametrize("elsewhere", ["//evil.example/", "https://evil.example/", "javascript:alert(1)", "x"])
def test_matches_never_lead_off_the_site(as_user: Any, province_admin: Any, elsewhere: str) -> None:
    found = matches(page(as_user(province_admin).get(SEARCH, {"q": "643", "next": elsewhere}, headers=HTMX)))

    assert found == [("/?unit=643", "Thành phố Buôn Ma Thuột")]


def test_every_page_with_the_picker_has_the_search(as_user: Any, province_admin: Any) -> None:
    client = as_user(province_admin)
    for url in ("/", "/chi-tieu/cqs/5.4/?unit=66", "/bao-cao/"):
        text = page(client.get(url))
        assert f'<form method="get" action="{SEARCH}" class="selector unit-search" role="search"' in text
        assert f'hx-get="{SEARCH}"' in text and 'name="q"' in text
        assert f'name="next" value="{url.split("?")[0]}"' in text


def test_anonymous_readers_sign_in_first_unless_the_dashboard_is_public(shipped_store: None) -> None:
    assert Client().get(SEARCH, {"q": "dak lak"}).status_code == 302
    with override_settings(PUBLIC_DASHBOARD=True):
        assert matches(page(Client().get(SEARCH, {"q": "dak lak"}, headers=HTMX)))[0][1] == "Tỉnh Đắk Lắk"


def test_the_picker_in_english(as_user: Any, province_admin: Any) -> None:
    client = as_user(province_admin)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    text = page(client.get("/"))
    nothing = html.unescape(page(client.get(SEARCH, {"q": "zzz"}, headers=HTMX)))

    assert "Find another unit" in text and "Name or code, e.g. dak lak" in text and ">Search</button>" in text
    assert "Tìm đơn vị khác" not in text
    assert "No unit in your scope matches «zzz»." in nothing


@pytest.mark.django_db(transaction=True)
def test_typing_in_the_search_box_lists_matches_to_follow(browser: WebDriver, live_server: Any,
                                                          province_admin: object) -> None:
    login(browser, str(live_server), "quantri")
    browser.get(f"{live_server}/?framework=cqs")

    browser.find_element(By.NAME, "q").send_keys("krong bong")  # htmx asks as the user types, no button
    shows(browser, "#unit-matches", "Huyện Krông Bông")
    browser.find_element(By.LINK_TEXT, "Huyện Krông Bông").click()

    wait(browser, lambda d: "Huyện Krông Bông" in text_of(d, "main h1"))
    assert browser.current_url.endswith("/?framework=cqs&unit=653")

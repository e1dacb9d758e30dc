"""The pages and the API of a province made of two on 1/7/2025 (tests/web/reorganised_world.py).

A unit's page lists its versions and the units it was made of or went into, each opening on the tree where
it exists. The indicator page of the new province shows, on the new tree, the two old provinces' counts
added up with their provenance and, where one of them is missing, "-" with why; on the old tree, the old
province's own figures. A toggle between the two trees is shown where a reorganisation happened only. The
search finds the old units, the API says which tree it computed on, and entry for the old province's
period is refused with its successor named.
"""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from chiso.periods import PeriodType
from chiso.store import models
from web.reorganised_world import reorganised

__all__ = ["reorganised"]
pytestmark = pytest.mark.django_db
OLD = "2025-06-30"
HTMX = {"HX-Request": "true"}


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def page(client: Client, url: str, **query: str) -> str:
    response = client.get(url, query)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def section(text: str, start: str, end: str) -> str:
    begin = text.index(start)
    return text[begin:text.index(end, begin)]


def links(fragment: str) -> list[tuple[str, str]]:
    return [(html.unescape(href), text_of(name)) for href, name in re.findall(r'<a href="([^"]+)">(.*?)</a>', fragment)]


def own_rows(text: str) -> str:
    """The table of the unit's own figures by period, as text."""
    return text_of(section(text, 'id="values-title"', 'id="children-title"'))


def toggle(text: str) -> list[tuple[str, str]]:
    """(label, address) of each side of the toggle; the address is "" for the side the page is on."""
    found = re.search(r'<nav class="tree-toggle"[^>]*>(.*?)</nav>', text, re.S)
    if found is None:
        return []
    choices = re.findall(r'<a href="([^"]+)">([^<]+)</a>|<b aria-current="true">([^<]+)</b>', found.group(1))
    return [(html.unescape(label or current), html.unescape(href)) for href, label, current in choices]


def test_the_unit_page_lists_the_versions_and_the_units_it_was_made_of(reorganised: dict[str, Client]) -> None:
    text = page(reorganised["viewer"], "/don-vi/91/")

    versions = text_of(section(text, 'id="versions-title"', "</table>"))
    assert "Tỉnh Sông Xanh Tỉnh/thành phố – … 30/06/2025 Tỉnh Sông Xanh Tỉnh/thành phố – 01/07/2025 …" in versions
    before = section(text, 'id="before-title"', "</table>")
    assert "01/07/2025 91 Tỉnh Sông Xanh (đến 30/06/2025) Nhập" in text_of(before)
    assert "01/07/2025 92 Tỉnh Núi Đá (đến 30/06/2025) Nhập – Nghị quyết sắp xếp đơn vị hành chính cấp tỉnh" in \
        text_of(before)
    assert links(before) == [(f"/don-vi/91/?tree={OLD}", "91 Tỉnh Sông Xanh"),
                             (f"/don-vi/92/?tree={OLD}", "92 Tỉnh Núi Đá")]
    assert 'id="after-title"' not in text  # the new province went into nothing
    children = [name for _, name in links(section(text, 'id="children-title"', "</ul>"))]
    assert children == ["91010 Xã Bến Cây", "91020 Xã Đá Đông", "91030 Xã Đá Tây", "92002 Phường Núi"]


def test_an_old_unit_opens_on_its_day_with_its_successors_and_shares(reorganised: dict[str, Client]) -> None:
    old = page(reorganised["viewer"], "/don-vi/91/", tree="old")
    assert "Tỉnh Sông Xanh (đến 30/06/2025)" in text_of(section(old, "<h1>", "</h1>"))
    after = section(old, 'id="after-title"', "</table>")
    assert links(after) == [("/don-vi/91/", "91 Tỉnh Sông Xanh")]
    assert [name for _, name in links(section(old, 'id="children-title"', "</ul>"))] == ["91001 Xã Bến Đò",
                                                                                          "91002 Xã Cây Đa"]
    split = page(reorganised["viewer"], "/don-vi/92001/")  # no unit took its code: read on the day it ended
    rows = text_of(section(split, 'id="after-title"', "</table>"))
    assert "01/07/2025 91020 Xã Đá Đông Chia tách 60% (dân số)" in rows
    assert "01/07/2025 91030 Xã Đá Tây Chia tách 40% (dân số)" in rows
    assert links(section(split, 'id="after-title"', "</table>")) == [("/don-vi/91020/", "91020 Xã Đá Đông"),
                                                                    ("/don-vi/91030/", "91030 Xã Đá Tây")]


def test_the_management_page_of_a_unit_shows_the_same_tables(reorganised: dict[str, Client]) -> None:
    text = page(reorganised["admin"], "/quan-tri/don-vi/91/")

    assert 'value="01/07/2025"' in text or 'value="2025-07-01"' in text  # the version's own start, not its reach
    assert links(section(text, 'id="before-title"', "</table>")) == [(f"/don-vi/91/?tree={OLD}", "91 Tỉnh Sông Xanh"),
                                                                    (f"/don-vi/92/?tree={OLD}", "92 Tỉnh Núi Đá")]


def test_the_new_tree_adds_up_the_old_provinces_and_the_old_tree_reads_the_old_one(
        reorganised: dict[str, Client]) -> None:
    new = own_rows(page(reorganised["viewer"], "/chi-tieu/sx/1.1/", unit="91"))
    assert "Năm 2023 150 gộp từ các đơn vị trước sắp xếp số liệu gộp của tỉnh Sông Xanh (cũ) và tỉnh Núi Đá" in new
    assert "6 tháng cuối năm 2025 90" in new
    rate = own_rows(page(reorganised["viewer"], "/chi-tieu/sx/1/", unit="91", tree="new"))
    assert "Năm 2023 50,00% tính theo công thức" in rate  # 75 / 150, never the mean of 40% and 70%

    for tree in ("old", OLD, "30/06/2025"):
        old = own_rows(page(reorganised["viewer"], "/chi-tieu/sx/1.1/", unit="91", tree=tree))
        assert "Năm 2023 100" in old and "Năm 2024 120" in old and "gộp" not in old
        assert "6 tháng cuối năm 2025" not in old
    rate = own_rows(page(reorganised["viewer"], "/chi-tieu/sx/1/", unit="91", tree="old"))
    assert "Năm 2023 40,00%" in rate


def test_each_tree_lists_the_history_of_its_own_units_values(reorganised: dict[str, Client]) -> None:
    def periods(tree: str) -> list[str]:
        text = page(reorganised["viewer"], "/chi-tieu/sx/1.1/", unit="91", tree=tree)
        return re.findall(r"<tr><td>([^<]+)</td><td class=\"nowrap\">", section(text, 'id="history-title"', "</table>"))

    assert periods("new") == ["6 tháng cuối năm 2025"]
    assert periods("old") == ["Năm 2023", "Năm 2024"]


def test_a_missing_predecessor_figure_shows_a_dash_and_why(reorganised: dict[str, Client]) -> None:
    text = page(reorganised["viewer"], "/chi-tieu/sx/1/", unit="91")

    assert "Năm 2024 - chưa có số liệu của tỉnh Núi Đá" in own_rows(text)
    assert '<small class="origin gap">chưa có số liệu của tỉnh Núi Đá</small>' in text


def test_the_toggle_is_shown_where_a_reorganisation_happened_only(reorganised: dict[str, Client]) -> None:
    viewer = reorganised["viewer"]
    assert toggle(page(viewer, "/chi-tieu/sx/1.1/", unit="91")) == [
        ("Địa giới mới", ""), ("Địa giới cũ (đến 30/06/2025)", "?tree=old&unit=91")]
    assert toggle(page(viewer, "/", framework="sx", unit="91", tree="old")) == [
        ("Địa giới mới", "?framework=sx&tree=new&unit=91"), ("Địa giới cũ (đến 30/06/2025)", "")]
    ended = toggle(page(viewer, "/chi-tieu/sx/1.1/", unit="92"))  # its code went to no new unit
    assert ended == [("Địa giới mới: Tỉnh Sông Xanh", "?tree=new&unit=91"), ("Địa giới cũ (đến 30/06/2025)", "")]
    made = toggle(page(viewer, "/chi-tieu/sx/1.1/", unit="91030"))  # a new code, from a split
    assert made == [("Địa giới mới", ""), ("Địa giới cũ (đến 30/06/2025): Xã Đá Trắng", "?tree=old&unit=92001")]
    assert toggle(page(reorganised["other"], "/chi-tieu/sx/1.1/", unit="93")) == []
    assert toggle(page(reorganised["other"], "/", framework="sx", unit="93")) == []


def test_the_old_tree_lists_the_old_units_below_and_keeps_its_links_on_it(reorganised: dict[str, Client]) -> None:
    text = page(reorganised["viewer"], "/chi-tieu/sx/1.1/", unit="92", tree="old")

    assert re.findall(r'<option value="(\d+)"', text) == ["92", "92001", "92002"]
    assert f'<input type="hidden" name="tree" value="{OLD}">' in text
    phuong = page(reorganised["viewer"], "/chi-tieu/sx/1.1/", unit="92002", tree=OLD)
    assert "Tỉnh Núi Đá › " in text_of(section(phuong, 'class="unit-path"', "</nav>"))


def test_old_units_are_read_by_those_who_read_what_they_became(reorganised: dict[str, Client]) -> None:
    outsider = reorganised["other"]  # the viewer of 93
    for url, query in (("/don-vi/92/", {}), ("/chi-tieu/sx/1.1/", {"unit": "92", "tree": "old"}),
                       ("/", {"framework": "sx", "unit": "91001", "tree": OLD})):
        assert reorganised["viewer"].get(url, query).status_code == 200
        assert outsider.get(url, query).status_code == 403
    assert reorganised["viewer"].get("/chi-tieu/sx/1.1/", {"unit": "91", "tree": "hôm qua"}).status_code == 400


def test_the_search_finds_old_units_on_their_day(reorganised: dict[str, Client]) -> None:
    search = {"q": "da trang", "next": "/chi-tieu/sx/1.1/"}
    text = reorganised["viewer"].get("/don-vi/", search, headers=HTMX).content.decode()

    assert re.findall(r'<li><a href="([^"]+)">([^<]+)</a> <span class="ended">([^<]+)</span>', html.unescape(text)) == [
        (f"/chi-tieu/sx/1.1/?unit=92001&tree={OLD}", "Xã Đá Trắng", "(đến 30/06/2025)")]
    both = text_of(reorganised["viewer"].get("/don-vi/", {"q": "song xanh"}, headers=HTMX).content.decode())
    assert both == "Tỉnh Sông Xanh 91 · Tỉnh/thành phố Tỉnh Sông Xanh (đến 30/06/2025) 91 · Tỉnh/thành phố"
    assert "Đá Trắng" not in reorganised["other"].get("/don-vi/", {"q": "da trang"}, headers=HTMX).content.decode()


def api(client: Client, **query: str) -> dict[str, object]:
    user = client.get("/").wsgi_request.user
    caller = APIClient()
    caller.force_authenticate(user)
    response = caller.get("/api/figures/", {"framework": "sx", "unit": "91", **query})
    assert response.status_code == 200, response.content
    return dict(response.json())


def test_the_api_says_which_tree_and_which_figures_are_composed(reorganised: dict[str, Client]) -> None:
    new = api(reorganised["viewer"], indicators="1.1")
    assert new["tree"] is None
    assert {r["period"]: (r["value"], r["provenance"], r["source"]) for r in new["results"]} == {  # type: ignore[attr-defined]
        "2023": ("150", "composed", "số liệu gộp của tỉnh Sông Xanh (cũ) và tỉnh Núi Đá"),
        "2025S2": ("90", "reported", "")}
    old = api(reorganised["viewer"], indicators="1.1", tree="old")
    assert old["tree"] == OLD
    assert [(r["period"], r["value"], r["provenance"]) for r in old["results"]] == [  # type: ignore[attr-defined]
        ("2023", "100", "reported"), ("2024", "120", "reported")]
    assert api(reorganised["viewer"], indicators="1.1", periods="2023:2024")["tree"] == "2024-12-31"
    caller = APIClient()
    caller.force_authenticate(reorganised["viewer"].get("/").wsgi_request.user)
    refused = caller.get("/api/figures/", {"framework": "sx", "unit": "91", "tree": "sớm"})
    assert refused.status_code == 400 and "tree" in refused.json()


def test_the_schema_documents_the_tree(reorganised: dict[str, Client]) -> None:
    schema = reorganised["viewer"].get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/figures/"]["get"]["parameters"]}
    assert "old" in parameters["tree"]["description"] and "YYYY-MM-DD" in parameters["tree"]["description"]
    page_schema = schema["components"]["schemas"]["FigurePage"]["properties"]
    assert page_schema["tree"]["format"] == "date" and page_schema["tree"]["nullable"] is True


def test_entering_the_old_provinces_half_year_names_its_successor(reorganised: dict[str, Client]) -> None:
    framework = models.Framework.objects.get(code="sx")
    models.DataSet.objects.create(code="nuanam", name="Báo cáo 6 tháng", framework=framework, units=[],
                                  period_type=PeriodType.HALF.value, unit_types=["province"], active=True,
                                  opens_days=0, due_days=30, closes_days=None)
    response = reorganised["reporter"].get(reverse("entry:form", args=["sx", "91", "2025S1"]))

    assert response.status_code == 403
    assert ("Đơn vị 91 Tỉnh Sông Xanh đã kết thúc hoạt động ngày 30/06/2025, không còn nhập số liệu. Quản trị cấp tỉnh "
            "có thể cho phép nhập muộn cho một kỳ nếu cần. Đơn vị kế thừa: 91 Tỉnh Sông Xanh.") in \
        text_of(response.content.decode())


def test_in_english(reorganised: dict[str, Client]) -> None:
    viewer = reorganised["viewer"]
    viewer.post("/i18n/setlang/", {"language": "en", "next": "/"})

    text = page(viewer, "/chi-tieu/sx/1.1/", unit="91")
    assert "2023 150 combined from the units before the reorganisation combined figures of" in own_rows(text)
    assert [label for label, _ in toggle(text)] == ["New boundaries", "Old boundaries (until 30/06/2025)"]
    assert "2024 - no figures yet from" in own_rows(page(viewer, "/chi-tieu/sx/1/", unit="91"))
    unit = text_of(page(viewer, "/don-vi/92001/"))
    assert "Successors after the reorganisation" in unit and "91020 Xã Đá Đông Split 60% (dân số)" in unit
    assert "(until 30/06/2025)" in unit


def test_the_reports_page_draws_the_chosen_tree(reorganised: dict[str, Client]) -> None:
    import json

    def cells(tree: str) -> tuple[dict[tuple[str, str], str], list[str]]:
        response = reorganised["viewer"].get(reverse("dashboard:report_download"), {
            "framework": "sx", "unit": "91", "format": "json", "periods": "2023", "tree": tree})
        assert response.status_code == 200, response.content[:300]
        shown = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)
        return {(row["code"], row["column"]): row["text"] for row in shown["rows"]}, shown["footnotes"]

    new, notes = cells("new")
    assert new["1.1", "Năm 2023"] == "150"
    assert "Số liệu năm 2023 là số liệu gộp của tỉnh Sông Xanh (cũ) và tỉnh Núi Đá." in notes
    old, notes = cells("old")
    assert old["1.1", "Năm 2023"] == "100" and not any("gộp" in note for note in notes)
    page_text = page(reorganised["viewer"], reverse("dashboard:reports"))
    assert "Địa giới hành chính" in page_text and "Theo kỳ cuối cùng của báo cáo" in page_text


def test_the_api_says_why_a_figure_is_missing(reorganised: dict[str, Client]) -> None:
    # Only the old Sông Xanh reported 2024: the new province's 2024 is no partial sum, and the API says why.
    new = api(reorganised["viewer"], indicators="1.1")
    assert {"indicator": "1.1", "unit": "91", "period": "2024", "reason": "chưa có số liệu của tỉnh Núi Đá"} in (
        new["gaps"])  # type: ignore[operator]
    assert "2024" not in {r["period"] for r in new["results"]}  # type: ignore[attr-defined]
    assert api(reorganised["viewer"], indicators="1.1", tree="old")["gaps"] == []

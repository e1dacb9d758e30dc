"""Rates with a formula in the entry form: computed by the core's view, never stored beside their counts.

A store written by an earlier chiso holds such copies; they still show, and the next save of the form
removes them, so a count changed later (through `chiso load`) can no longer leave a stale rate behind.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from entry_forms import filled, form_url, load_form, row_index

from chiso.periods import Period
from chiso.store import analysis, models, services
from chiso.values.model import Value
from chiso.view import Figure, Provenance
from chiso.web.entry.sheet import FORMULA_SOURCE

pytestmark = pytest.mark.django_db
COUNTS = {"5.1.1": "1.543", "5.1.2": "712"}  # 5.1 = 712 / 1.543 = 46,14 %


def stored(code: str) -> models.Value | None:
    return models.Value.objects.filter(framework__code="cqs", indicator=code, org_unit__code="643",
                                       period="2025S1").first()


def figure(code: str) -> Figure | None:
    view = analysis.view("cqs", "643", periods=[Period.parse("2025S1")], indicators=[code])
    return view.figure(code, "643", "2025S1")


def calc(html: str, code: str) -> str:
    """The text of a rate's computed cell."""
    match = re.search(rf'<span id="calc-{row_index(code)}" class="calc"[^>]*>(.*?)</span>\s*$', html, re.S | re.M)
    assert match is not None, f"no computed cell for {code}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_a_copy_stored_by_an_earlier_chiso_shows_beside_the_rate_and_goes_on_save(reporter_client: Client) -> None:
    services.save_values([Value("cqs", "5.1.1", "643", "2025S1", "1543"), Value("cqs", "5.1.2", "643", "2025S1", "712"),
                          Value("cqs", "5.1", "643", "2025S1", "40.00", source=FORMULA_SOURCE)], recorded_by="cũ")
    assert figure("5.1").value == "40.00"  # an old store still reads: the copy is what was reported

    html = reporter_client.get(form_url()).content.decode()
    assert calc(html, "5.1").startswith("46,14 tính theo công thức") and "đang lưu: 40,00" in calc(html, "5.1")

    assert reporter_client.post(form_url(), filled(load_form(reporter_client), {})).status_code == 302
    assert stored("5.1") is None and stored("5.1.1").value == "1543"
    assert (figure("5.1").value, figure("5.1").provenance) == ("46.14", Provenance.DERIVED)
    assert models.Value.history.filter(indicator="5.1", org_unit__code="643", history_type="-").exists()


def test_a_later_count_changes_the_rate_with_it(reporter_client: Client) -> None:
    reporter_client.post(form_url(), filled(load_form(reporter_client), COUNTS))
    services.save_values([Value("cqs", "5.1.2", "643", "2025S1", "800")], recorded_by="cli:sở")  # `chiso load`

    assert figure("5.1").value == "51.85"  # 800 / 1.543: nothing stale is left to show instead


def test_a_printed_rate_is_kept_until_its_counts_give_it(reporter_client: Client) -> None:
    services.save_values([Value("cqs", "5.5", "643", "2025S1", "88.5", source="Phụ lục VIII")], recorded_by="sở")

    html = reporter_client.get(form_url()).content.decode()
    assert calc(html, "5.5").startswith("– tính theo công thức") and "đang lưu: 88,5" in calc(html, "5.5")
    reporter_client.post(form_url(), filled(load_form(reporter_client), COUNTS))
    assert stored("5.5").value == "88.5"  # without its counts the printed rate is all there is

    reporter_client.post(form_url(), filled(load_form(reporter_client), {"5.5.1": "200", "5.5.2": "150"}))
    assert stored("5.5") is None and figure("5.5").value == "75.00"  # computed from its counts, as always


def test_the_approver_reads_the_rates_the_view_derives(reporter_client: Client, approver_client: Client) -> None:
    reporter_client.post(form_url(), filled(load_form(reporter_client), COUNTS, action="submit"))
    assert stored("5.1") is None

    html = approver_client.get(form_url()).content.decode()
    assert 'name="v:5.1.1"' not in html  # read-only
    assert calc(html, "5.1").startswith("46,14 tính theo công thức") and "đang lưu" not in calc(html, "5.1")


def test_yes_and_no_follow_the_page_language(reporter_client: Client) -> None:
    from chiso.cli.store import load_files

    load_files([Path(__file__).parents[2] / "store" / "data" / "mini.yaml"])
    services.save_values([Value("mini", "2", "643", "2024", "yes")], recorded_by="sở")
    url = form_url("mini", period="2025S1")
    assert '<option value="yes">Có</option>' in reporter_client.get(url).content.decode()

    reporter_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<option value="yes">Yes</option><option value="no">No</option>' in re.sub(
        r">\s+<", "><", reporter_client.get(url).content.decode())
    page = reporter_client.get("/chi-tieu/mini/2/", {"unit": "643"}).content.decode()
    assert re.search(r'<td>2024</td><td class="num">Yes</td>', page)

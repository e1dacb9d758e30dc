"""Two people on one form: the second save is refused whole, naming what changed and who changed it."""

from __future__ import annotations

import pytest
from django.test import Client
from entry_forms import fields, filled, form_url, load_form

from chiso.store import models
from chiso.store.models import Submission

pytestmark = pytest.mark.django_db


def values() -> dict[str, tuple[str, int]]:
    return {v.indicator: (v.value, v.version)
            for v in models.Value.objects.filter(org_unit__code="643", period="2025S1")}


def test_a_save_over_someone_elses_change_is_refused(reporter_client: Client, province_client: Client) -> None:
    reporter_client.post(form_url(), filled(load_form(reporter_client), {"5.1.1": "1.543", "5.1.2": "712"}))
    mine = load_form(reporter_client)  # the reporter opens the form…
    theirs = load_form(province_client)  # …and so does the admin, who saves first
    assert province_client.post(form_url(), filled(theirs, {"5.1.1": "1.600"})).status_code == 302
    after_admin = values()

    response = reporter_client.post(form_url(), filled(mine, {"5.1.2": "720", "5.4.1": "10"}))
    html = response.content.decode()

    assert response.status_code == 409
    assert "chỉ tiêu 5.1.1 (quantri," in html and "người khác thay đổi" in html
    assert "chỉ tiêu 5.1.2" not in html  # unchanged by anyone else: not named
    assert values() == after_admin  # nothing of the refused save was written, not even 5.4.1
    assert after_admin["5.1.1"] == ("1600", 2)


def test_a_value_created_meanwhile_is_a_conflict_too(reporter_client: Client, province_client: Client) -> None:
    mine = load_form(reporter_client)
    province_client.post(form_url(), filled(load_form(province_client), {"2": "100"}))

    response = reporter_client.post(form_url(), filled(mine, {"1": "Phiên bản 2.0"}))

    assert response.status_code == 409 and "chỉ tiêu 2 (quantri," in response.content.decode()
    assert set(values()) == {"2"}


def test_resaving_a_refused_form_is_refused_again(reporter_client: Client, province_client: Client) -> None:
    mine = load_form(reporter_client)
    province_client.post(form_url(), filled(load_form(province_client), {"2": "100"}))
    first = reporter_client.post(form_url(), filled(mine, {"1": "Phiên bản 2.0"}))

    again = reporter_client.post(form_url(), filled(mine, {"1": "Phiên bản 2.0"}) | {"action": "save"})

    assert fields(first.content.decode())["ver:2"] == "0"  # the shown form keeps the versions it was loaded with
    assert again.status_code == 409 and set(values()) == {"2"}


def test_a_fresh_form_saves_over_the_new_values(reporter_client: Client, province_client: Client) -> None:
    province_client.post(form_url(), filled(load_form(province_client), {"2": "100"}))

    response = reporter_client.post(form_url(), filled(load_form(reporter_client), {"2": "99,5"}))

    assert response.status_code == 302 and values()["2"] == ("99.5", 2)
    assert Submission.objects.get(org_unit__code="643").updated_by.username == "nhaplieu"

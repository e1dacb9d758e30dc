"""Who may do what: outside their scope or role, every endpoint refuses and nothing changes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from entry_forms import filled, form_url, load_form, preview_url

from chiso.store import models
from chiso.store.models import Submission

pytestmark = pytest.mark.django_db

ACTIONS = ("save", "submit", "approve", "reject", "reopen")


def state() -> tuple[list[tuple[str, str, str, int]], list[tuple[str, str]]]:
    """Every stored value and submission of the store, to compare before and after a refused request."""
    values = sorted(models.Value.objects.values_list("indicator", "org_unit__code", "value", "version"))
    submissions = sorted(Submission.objects.values_list("org_unit__code", "status"))
    return values, submissions


@pytest.fixture
def submitted(reporter_client: Client) -> None:
    """643's cqs 2025S1 with values, sent for approval."""
    form = filled(load_form(reporter_client), {"5.1.1": "1.543", "5.1.2": "712"}, action="submit")
    assert reporter_client.post(form_url(), form).status_code == 302


def refuses_everything(client: Client, login_redirect: bool = False) -> None:
    before = state()
    responses = [client.get(form_url()), client.post(preview_url(), {"v:5.1.1": "1"})]
    responses += [client.post(form_url(), {"action": a, "v:5.1.1": "1", "comment": "x"}) for a in ACTIONS]
    for response in responses:
        if login_redirect:
            assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
        else:
            assert response.status_code == 403
    assert state() == before


def test_another_districts_reporter_is_refused_on_every_endpoint(submitted: None, outsider_client: Client) -> None:
    refuses_everything(outsider_client)
    assert form_url() not in outsider_client.get(reverse("entry:list"), {"period": "2025S1"}).content.decode()


def test_a_viewer_is_refused_on_every_endpoint(submitted: None, viewer_client: Client) -> None:
    refuses_everything(viewer_client)
    assert viewer_client.get(reverse("entry:list")).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(submitted: None) -> None:
    client = Client()
    refuses_everything(client, login_redirect=True)
    for url in (reverse("entry:list"), reverse("entry:open")):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_outsider_cannot_submit_or_enter_even_in_draft(reporter_client: Client, outsider_client: Client) -> None:
    reporter_client.post(form_url(), filled(load_form(reporter_client), {"5.1.1": "1.543"}))
    before = state()

    assert outsider_client.post(form_url(), {"action": "save", "v:5.1.1": "1", "ver:5.1.1": "1"}).status_code == 403
    assert outsider_client.post(form_url(), {"action": "submit", "v:5.1.1": "1"}).status_code == 403
    assert state() == before


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_approvers_decide_only_in_their_scope(submitted: None, reporter: object, action: str,
                                              make_client: Callable[[str, str, str], Client]) -> None:
    district_approver = make_client("duyet644", "approver", "644")
    before = state()

    assert district_approver.post(form_url(), {"action": action, "comment": "x"}).status_code == 403
    assert district_approver.get(form_url()).status_code == 403
    assert state() == before


def test_an_approver_sees_but_cannot_enter(approver_client: Client) -> None:
    html = approver_client.get(form_url()).content.decode()

    assert 'name="v:5.1.1"' not in html and "chỉ để xem" in html
    assert approver_client.post(preview_url(), {"v:5.1.1": "1"}).status_code == 403
    assert approver_client.post(form_url(), {"action": "save", "v:5.1.1": "1"}).status_code == 403
    assert not models.Value.objects.filter(org_unit__code="643").exists()


def test_unknown_codes_are_not_found(reporter_client: Client) -> None:
    assert reporter_client.get(form_url(framework="khong-co")).status_code == 404
    assert reporter_client.get(form_url(unit="999")).status_code == 404
    assert reporter_client.get(form_url(period="2025H1")).status_code == 404
    assert reporter_client.get(form_url(period="2025s1"))["Location"] == form_url()


@pytest.fixture
def make_client(shipped_store: None) -> Callable[[str, str, str], Client]:
    from chiso.web.accounts.services import add_user

    def make(username: str, role: str, unit: str) -> Client:
        client = Client()
        client.force_login(add_user(username, "x", role, unit, check_password=False).user)
        return client

    return make

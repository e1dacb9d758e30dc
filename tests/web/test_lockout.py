"""Repeated wrong passwords lock one username at one client address, on the login page and the token endpoint.

A lockout by username alone would let anyone lock any account; one by address alone would lock everyone
behind the same NAT. The client address is the connection's, unless it comes from a trusted proxy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import Client, RequestFactory

from chiso.web.clientip import client_ip, proxy_list

pytestmark = pytest.mark.django_db

PASSWORD = "persona-password-1"  # tests/conftest.py's personas
LIMIT = 5
Attempt = Callable[..., HttpResponse]


def _login_page(username: str, password: str, **meta: str) -> HttpResponse:
    return Client().post("/tai-khoan/dang-nhap/", {"username": username, "password": password}, **meta)


def _token(username: str, password: str, **meta: str) -> HttpResponse:
    return Client().post("/api/token/", {"username": username, "password": password},
                         content_type="application/json", **meta)


def _accepted(attempt: Attempt, answer: HttpResponse) -> bool:
    if attempt is _login_page:
        return answer.status_code == 302  # to the dashboard
    return answer.status_code == 200 and "token" in answer.json()


ATTEMPTS = {"login page": _login_page, "token endpoint": _token}


def _fail(attempt: Attempt, username: str, address: str, **meta: str) -> None:
    for _ in range(LIMIT):
        refused = attempt(username, "sai-mat-khau", REMOTE_ADDR=address, **meta)
        assert refused.status_code in (200, 400, 429)


@pytest.mark.parametrize("where", ATTEMPTS)
def test_failures_from_one_address_do_not_lock_the_user_elsewhere(province_admin: Any, where: str) -> None:
    attempt = ATTEMPTS[where]
    _fail(attempt, "quantri", "198.51.100.7")

    assert _accepted(attempt, attempt("quantri", PASSWORD, REMOTE_ADDR="203.0.113.20"))


@pytest.mark.parametrize("where", ATTEMPTS)
def test_failures_for_a_made_up_user_do_not_lock_others_at_that_address(province_admin: Any, where: str) -> None:
    attempt = ATTEMPTS[where]
    _fail(attempt, "khong-co-ai", "198.51.100.7")

    assert _accepted(attempt, attempt("quantri", PASSWORD, REMOTE_ADDR="198.51.100.7"))


def test_the_user_at_that_address_is_locked_with_a_vietnamese_page(province_admin: Any) -> None:
    _fail(_login_page, "quantri", "198.51.100.7")

    locked = _login_page("quantri", PASSWORD, REMOTE_ADDR="198.51.100.7")

    text = locked.content.decode()
    assert locked.status_code == 429
    assert "Tài khoản «quantri» tạm bị khoá đăng nhập từ địa chỉ này" in text
    assert "sau 5 lần nhập sai mật khẩu" in text and "15 phút" in text
    assert locked["Retry-After"] == "900"
    assert 'href="/tai-khoan/dang-nhap/"' in text  # a way back to the form


def test_the_user_at_that_address_is_locked_on_the_token_endpoint(province_admin: Any) -> None:
    _fail(_token, "quantri", "198.51.100.7")

    locked = _token("quantri", PASSWORD, REMOTE_ADDR="198.51.100.7")

    assert locked.status_code == 429
    assert locked.json() == {"detail": "Tài khoản «quantri» tạm bị khoá đăng nhập từ địa chỉ này sau 5 lần nhập sai "
                                       "mật khẩu. Hãy thử lại sau 15 phút, hoặc nhờ quản trị viên mở khoá."}
    assert locked["Retry-After"] == "900"


def test_the_login_page_and_the_token_endpoint_count_together(province_admin: Any) -> None:
    for n in range(LIMIT):
        attempt = _login_page if n % 2 else _token
        attempt("quantri", "sai-mat-khau", REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT=f"trinh-duyet-{n}")

    assert _token("quantri", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 429


def test_the_lockout_page_follows_the_chosen_language(province_admin: Any) -> None:
    _fail(_login_page, "quantri", "198.51.100.7")
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    locked = client.post("/tai-khoan/dang-nhap/", {"username": "quantri", "password": PASSWORD},
                         REMOTE_ADDR="198.51.100.7")

    assert locked.status_code == 429
    assert "The account «quantri» is locked out from this address" in locked.content.decode()


# --- Behind a proxy ----------------------------------------------------------------------------------------

def _address(remote: str, forwarded: str | None = None) -> str:
    meta = {"REMOTE_ADDR": remote} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {})
    return client_ip(RequestFactory().get("/", **meta))


def test_x_forwarded_for_is_ignored_without_trusted_proxies(settings: Any) -> None:
    settings.TRUSTED_PROXIES = []

    assert _address("198.51.100.7", "203.0.113.5") == "198.51.100.7"


def test_x_forwarded_for_is_read_only_from_a_trusted_proxy(settings: Any) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "::1"]

    assert _address("10.0.0.3", "203.0.113.5") == "203.0.113.5"
    assert _address("198.51.100.7", "203.0.113.5") == "198.51.100.7"  # not through the proxy: header ignored
    # The right-most address the trusted proxies did not add: what a client wrote before it is not believed.
    assert _address("10.0.0.3", "1.2.3.4, 203.0.113.5, 10.0.0.8") == "203.0.113.5"
    assert _address("::1", "2001:db8::5") == "2001:db8::5"
    assert _address("10.0.0.3", "") == "10.0.0.3"
    assert _address("10.0.0.3", "pas-une-adresse") == "10.0.0.3"
    assert _address("10.0.0.3", "10.0.0.9, 10.0.0.8") == "10.0.0.9"  # only proxies: the one furthest away


def test_a_wrong_trusted_proxy_setting_says_which_entry() -> None:
    assert proxy_list(["10.0.0.1", " 10.1.0.0/16 "]) == ["10.0.0.1/32", "10.1.0.0/16"]
    with pytest.raises(ImproperlyConfigured, match=r"CHISO_TRUSTED_PROXIES: «10\.0\.0\.300» không phải là địa chỉ IP"):
        proxy_list(["10.0.0.300"])


def test_behind_a_trusted_proxy_each_client_is_locked_on_its_own(province_admin: Any, settings: Any) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.3"]
    _fail(_login_page, "quantri", "10.0.0.3", HTTP_X_FORWARDED_FOR="198.51.100.7")

    other = _login_page("quantri", PASSWORD, REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR="203.0.113.20")
    same = _login_page("quantri", PASSWORD, REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert other.status_code == 302
    assert same.status_code == 429


def test_without_a_trusted_proxy_a_forged_header_does_not_escape_the_lockout(province_admin: Any) -> None:
    for n in range(LIMIT):
        _login_page("quantri", "sai-mat-khau", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    again = _login_page("quantri", PASSWORD, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert again.status_code == 429


def test_chiso_user_unlock_lifts_the_lockout(province_admin: Any) -> None:
    from typer.testing import CliRunner

    from chiso.cli.main import app

    _fail(_login_page, "quantri", "198.51.100.7")

    result = CliRunner().invoke(app, ["user", "unlock", "quantri"])

    assert result.exit_code == 0, result.output
    assert "Đã mở khoá đăng nhập cho «quantri» (xoá 1 bản ghi đăng nhập sai)" in " ".join(result.output.split())
    assert _login_page("quantri", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302

"""Passwords follow Django's four validators, as the settings of a real deployment configure them: `chiso user
add` refuses a weak one naming the rule it breaks and creates nothing; the demo's password passes them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import MinimumLengthValidator, get_password_validators, validate_password
from django.test import override_settings
from typer.testing import CliRunner

from chiso.cli.main import app
from chiso.cli.web import DEMO_ACCOUNTS, DEMO_PASSWORD
from chiso.web import settings as deployed

pytestmark = pytest.mark.django_db

UNITS = "code,name,type,parent,valid_from,valid_to\n77,Tỉnh Giao,province,,,\n"


@pytest.fixture
def province(db: None, tmp_path: Path) -> None:
    from chiso.cli.store import load_files

    (tmp_path / "org_units.csv").write_text(UNITS, encoding="utf-8")
    load_files([tmp_path / "org_units.csv"])


def user_add(username: str, password: str) -> tuple[int, str]:
    result = CliRunner(env={"CHISO_PASSWORD": password, "COLUMNS": "300"}).invoke(
        app, ["user", "add", username, "--role", "reporter", "--unit", "77"])
    return result.exit_code, " ".join(result.output.split())


def test_a_real_deployment_configures_the_four_validators() -> None:
    validators = get_password_validators(deployed.AUTH_PASSWORD_VALIDATORS)
    assert [type(v).__name__ for v in validators] == [
        "UserAttributeSimilarityValidator", "MinimumLengthValidator", "CommonPasswordValidator",
        "NumericPasswordValidator"]
    length = validators[1]
    assert isinstance(length, MinimumLengthValidator) and length.min_length >= 8


@override_settings(AUTH_PASSWORD_VALIDATORS=deployed.AUTH_PASSWORD_VALIDATORS)
@pytest.mark.parametrize(("password", "rule"), [
    ("Ab1-xyz", "ngắn hơn 8 ký tự"),
    ("20262026", "chỉ gồm chữ số"),
    ("password123", "nằm trong danh sách mật khẩu phổ biến"),
    ("nguyenvana1", "quá giống tên đăng nhập"),
])
def test_chiso_user_add_refuses_a_weak_password_naming_the_rule(province: None, password: str, rule: str) -> None:
    code, output = user_add("nguyenvana", password)
    assert code == 2
    assert "mật khẩu chưa đạt yêu cầu" in output and rule in output
    assert "cần: không giống tên đăng nhập, họ tên hay thư điện tử, ít nhất 8 ký tự" in output
    assert not get_user_model().objects.filter(username="nguyenvana").exists()


@override_settings(AUTH_PASSWORD_VALIDATORS=deployed.AUTH_PASSWORD_VALIDATORS)
def test_chiso_user_add_takes_a_strong_password(province: None) -> None:
    code, output = user_add("nguyenvana", "Giao-tinh-2026")
    assert code == 0, output
    assert get_user_model().objects.get(username="nguyenvana").check_password("Giao-tinh-2026")


@override_settings(AUTH_PASSWORD_VALIDATORS=deployed.AUTH_PASSWORD_VALIDATORS)
def test_the_demo_password_passes_the_validators(db: None) -> None:
    for username, _role, _unit in DEMO_ACCOUNTS:
        validate_password(DEMO_PASSWORD, get_user_model()(username=username))

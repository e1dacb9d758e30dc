"""The core's words on a page read in English: findings, explanations and statuses of a framework of our own.

The same store, read by one user in Vietnamese and by another in English at once; and the command line,
which stays Vietnamese unless asked.
"""

from __future__ import annotations

from pathlib import Path
from unicodedata import normalize

import pytest
from django.test import Client
from typer.testing import CliRunner

from chiso.cli.main import app
from chiso.cli.store import load_files
from chiso.web.accounts.services import add_user

FRAMEWORK = """
code: thu
title: "Bộ chỉ tiêu thử"
indicators:
  - {code: "A", name: "Tỷ lệ hồ sơ trực tuyến", type: percent, decimals: 2, direction: higher,
     formula: "{A.2} / {A.1} * 100", targets: [{value: ">= 95%", period: "2024"}]}
  - {code: "A.1", name: "Tổng số hồ sơ", type: count}
  - {code: "A.2", name: "Số hồ sơ trực tuyến", type: count}
relations:
  - {kind: part_of, part: "A.2", whole: "A.1"}
"""
UNITS = "code,name,type,parent,valid_from,valid_to\n90,Tỉnh Thử,tỉnh,,,\n901,Xã Một,xã,90,,\n"
VALUES = ("framework,indicator,unit,period,value,note,source\n"
          "thu,A,90,2024,70,,\nthu,A.1,90,2024,1200,,\nthu,A.2,90,2024,1300,,\n")
PAGE = "/?framework=thu&unit=90"


@pytest.fixture
def our_store(db: None, tmp_path: Path) -> None:
    files = {"thu.yaml": FRAMEWORK, "org_units.csv": UNITS, "values.csv": VALUES}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    load_files([tmp_path / name for name in files])


def _reader(username: str, language: str | None) -> Client:
    client = Client()
    client.force_login(add_user(username, "persona-password-1", "admin", "90", check_password=False).user)
    if language:
        assert client.post("/i18n/setlang/", {"language": language, "next": "/"}).status_code == 302
    return client


@pytest.mark.django_db
def test_findings_explanations_and_statuses_in_the_readers_language(our_store: None) -> None:
    english, vietnamese = _reader("doc_en", "en"), _reader("doc_vi", None)
    for _ in range(2):  # the second time from the store's cache of findings, in each reader's language
        page = english.get(PAGE).content.decode()
        assert "Indicator A.2 reports 1.300, more than indicator A.1 (1.200) of which it is a part" in page
        assert "Result 70% is below the target of 95% (needs ≥ 95%)." in page
        assert "Not met" in page and "Chưa đạt" not in page
        assert "lớn hơn chỉ tiêu" not in page and "thấp hơn chỉ tiêu" not in page
        page = vietnamese.get(PAGE).content.decode()
        assert "Chỉ tiêu A.2 ghi 1.300, lớn hơn chỉ tiêu A.1 (1.200) mà nó là một phần" in page
        assert "Kết quả 70% thấp hơn chỉ tiêu 95% (cần ≥ 95%)." in page
        assert "Indicator A.2 reports" not in page


@pytest.mark.django_db
def test_the_target_column_and_the_language_menu(our_store: None) -> None:
    # Django's own names of the languages (name_local) are decomposed Unicode: read as a person reads them
    page = normalize("NFC", _reader("doc_en", "en").get(PAGE).content.decode())
    assert "<th>Target</th>" in page and "<th>Indicator</th>" not in page
    assert '<option value="vi" lang="vi">Tiếng Việt</option>' in page
    assert '<option value="en" lang="en" selected>English</option>' in page
    page = normalize("NFC", _reader("doc_vi", None).get(PAGE).content.decode())
    assert '<option value="en" lang="en">English</option>' in page and "Tiếng Anh" not in page


@pytest.mark.django_db
def test_the_command_line_stays_vietnamese_unless_asked(our_store: None) -> None:
    runner = CliRunner(env={"COLUMNS": "200", "CHISO_LANG": None})
    said = runner.invoke(app, ["check", "-f", "thu", "-u", "90"]).output
    assert "lớn hơn chỉ tiêu A.1" in said
    said = runner.invoke(app, ["--lang", "en", "check", "-f", "thu", "-u", "90"]).output
    assert "more than indicator A.1" in said
    english = CliRunner(env={"COLUMNS": "200", "CHISO_LANG": "en"})
    said = english.invoke(app, ["evaluate", "-f", "thu", "-u", "90"]).output
    assert "Result 70% is below the target of 95%" in said
    assert "lớn hơn chỉ tiêu A.1" in runner.invoke(app, ["check", "-f", "thu", "-u", "90"]).output

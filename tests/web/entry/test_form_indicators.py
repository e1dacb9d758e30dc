"""The entry form follows the data set's indicators: a unit's form, its save, its Excel template and upload hold
exactly what its data sets ask for the period (with the counts an asked rate needs); a value for any other
indicator is refused with nothing saved. A data set's reporting rate is never an input, nor written by the API.

A world of our own: the framework «giao» (four entered indicators, a rate, a reporting rate and a rate read
from it), Tỉnh Giao (77) with two communes, a monthly data set open for last month.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from chiso.periods import Period, PeriodType
from chiso.store import models, services
from chiso.store.models import Submission
from chiso.values.model import Value
from chiso.web.transfer import layout
from html_forms import form_fields
from web.rounds.rounds_world import around, client_of, last_month, person
from web.transfer.transfer_files import as_bytes, confirm, fill, text, token, upload

pytestmark = pytest.mark.django_db

FRAMEWORK = """\
code: giao
title: Bộ chỉ tiêu thử của biểu được giao
indicators:
  - {code: "1", name: Hồ sơ, type: heading}
  - {code: "1.1", name: Tổng số hồ sơ, type: count}
  - {code: "1.2", name: Số hồ sơ trực tuyến, type: count}
  - {code: "1.3", name: Tỷ lệ hồ sơ trực tuyến, type: percent, formula: "{1.2} / {1.1} * 100"}
  - {code: "2", name: Cán bộ và hạ tầng, type: heading}
  - {code: "2.1", name: Số cán bộ chuyên trách, type: count}
  - {code: "2.2", name: Có cổng dịch vụ công, type: yes_no}
  - {code: "3", name: Tỷ lệ xã đã gửi báo cáo, type: percent, reporting_rate: {data_set: giao-thang}}
  - {code: "4", name: Tỷ lệ xã chưa gửi, type: percent, formula: "100 - {3}"}
relations:
  - {kind: part_of, part: "1.2", whole: "1.1"}
"""

UNITS = """\
code,name,type,parent,valid_from,valid_to
77,Tỉnh Giao,province,,,
77001,Xã Giao Một,commune,77,,
77002,Xã Giao Hai,commune,77,,
"""

ASKED = ["1.1", "1.2", "2.2"]  # the data set asks 1.3 and 2.2; the rate brings its two counts


@pytest.fixture
def people(db: None, tmp_path: Path) -> dict[str, Client]:
    from chiso.cli.store import load_files

    (tmp_path / "giao.yaml").write_text(FRAMEWORK, encoding="utf-8")
    (tmp_path / "org_units.csv").write_text(UNITS, encoding="utf-8")
    load_files([tmp_path / "giao.yaml", tmp_path / "org_units.csv"])
    found = {"reporter": ("reporter", "77001"), "admin": ("admin", "77")}
    return {name: client_of(person(f"giao_{name}", role, unit)) for name, (role, unit) in found.items()}


def data_set(code: str = "giao-thang", indicators: list[str] | None = None,
             period_type: str = PeriodType.MONTH.value) -> models.DataSet:
    return models.DataSet.objects.create(
        code=code, name=f"Báo cáo {code}", framework=models.Framework.objects.get(code="giao"),
        period_type=period_type, indicators=["1.3", "2.2"] if indicators is None else indicators,
        unit_types=["commune"], **around(3, 5, 20))


def form_url(period: Period | None = None, unit: str = "77001") -> str:
    return reverse("entry:form", args=["giao", unit, (period or last_month()).code])


def inputs(client: Client, period: Period | None = None) -> list[str]:
    """The codes of the form's input fields, in order."""
    response = client.get(form_url(period))
    assert response.status_code == 200
    return [name[2:] for name in form_fields(response.content.decode(), "entry-form") if name.startswith("v:")]


def post(client: Client, values: dict[str, str], period: Period | None = None) -> Any:
    form = form_fields(client.get(form_url(period)).content.decode(), "entry-form")
    return client.post(form_url(period), {**form, **{f"v:{c}": v for c, v in values.items()}, "action": "save"})


def stored(period: Period | None = None) -> dict[str, str]:
    rows = models.Value.objects.filter(framework__code="giao", org_unit__code="77001",
                                       period=(period or last_month()).code)
    return dict(rows.values_list("indicator", "value"))


def test_the_form_shows_exactly_what_the_data_set_asks(people: dict[str, Client]) -> None:
    data_set()
    assert inputs(people["reporter"]) == ASKED
    html = people["reporter"].get(form_url()).content.decode()
    assert "Tỷ lệ hồ sơ trực tuyến" in html and "Cán bộ và hạ tầng" in html  # the rate, the heading above 2.2
    assert "Số cán bộ chuyên trách" not in html and "Tỷ lệ xã đã gửi báo cáo" not in html
    assert inputs(people["admin"]) == ASKED  # the form's shape is the unit's, whoever opens it


def test_a_save_stores_the_asked_values_and_keeps_the_others(people: dict[str, Client]) -> None:
    data_set()
    month = last_month()
    services.save_values([Value("giao", "2.1", "77001", month.code, "4")], recorded_by="import")  # from elsewhere
    assert post(people["reporter"], {"1.1": "200", "1.2": "150", "2.2": "yes"}).status_code == 302
    assert stored() == {"1.1": "200", "1.2": "150", "2.2": "yes", "2.1": "4"}  # 2.1 neither refused nor cleared
    page = people["reporter"].get(form_url()).content.decode()
    assert "75,00" in page  # the rate from its counts


def test_a_value_for_an_indicator_not_asked_is_refused_and_nothing_saved(people: dict[str, Client]) -> None:
    data_set()
    refused = post(people["reporter"], {"1.1": "200", "2.1": "4"})
    assert refused.status_code == 400
    assert "Chưa lưu gì" in refused.content.decode()
    assert "Chỉ tiêu 2.1 không thuộc các chỉ tiêu đơn vị 77001 được giao báo cáo kỳ" in refused.content.decode()
    assert stored() == {} and not Submission.objects.exists()


def test_a_value_for_the_reporting_rate_is_refused(people: dict[str, Client]) -> None:
    refused = post(people["admin"], {"1.1": "200", "3": "50"})
    assert refused.status_code == 400
    assert "Chỉ tiêu 3 là tỷ lệ báo cáo của bộ biểu giao-thang" in refused.content.decode()
    assert stored() == {} and not Submission.objects.exists()


def test_without_a_data_set_every_entered_indicator_as_before(people: dict[str, Client]) -> None:
    assert inputs(people["reporter"]) == ["1.1", "1.2", "2.1", "2.2"]  # never the reporting rate 3
    html = people["reporter"].get(form_url()).content.decode()
    assert "Tỷ lệ xã đã gửi báo cáo" not in html and "Tỷ lệ xã chưa gửi" not in html
    assert post(people["reporter"], {"2.1": "4"}).status_code == 302 and stored() == {"2.1": "4"}


def test_a_data_set_asking_every_indicator_and_the_union_of_two(people: dict[str, Client]) -> None:
    data_set()
    data_set("giao-quy", ["2.1"], PeriodType.QUARTER.value)  # another period type: not this month's
    assert inputs(people["reporter"]) == ASKED
    data_set("giao-thang-2", ["2.1"])
    assert inputs(people["reporter"]) == ["1.1", "1.2", "2.1", "2.2"]
    models.DataSet.objects.filter(code="giao-thang-2").update(indicators=[])
    assert inputs(people["reporter"]) == ["1.1", "1.2", "2.1", "2.2"]


def template_codes(client: Client) -> list[str]:
    response = client.get(reverse("transfer:template", args=["giao", "77001", last_month().code]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))[layout.DATA_SHEET]
    return [str(sheet.cell(row, 1).value) for row in range(layout.HEADER_ROW + 1, sheet.max_row + 1)]


def test_the_excel_template_has_those_rows_and_its_upload_saves_them(people: dict[str, Client]) -> None:
    data_set()
    assert template_codes(people["reporter"]) == ["1", "1.1", "1.2", "1.3", "2", "2.2"]
    response = people["reporter"].get(reverse("transfer:template", args=["giao", "77001", last_month().code]))
    book = fill(load_workbook(io.BytesIO(response.content)), {"1.1": 200, "1.2": 150, "2.2": "Có"})
    preview = upload(people["reporter"], as_bytes(book), "giao", "77001", last_month().code)
    assert preview.status_code == 200, text(preview)
    assert confirm(people["reporter"], token(preview)).status_code == 302
    assert stored() == {"1.1": "200", "1.2": "150", "2.2": "yes"}


def test_without_a_data_set_the_template_has_every_entered_row(people: dict[str, Client]) -> None:
    assert template_codes(people["reporter"]) == ["1", "1.1", "1.2", "1.3", "2", "2.1", "2.2"]


def test_a_template_taken_before_the_data_set_changed_is_refused(people: dict[str, Client]) -> None:
    response = people["reporter"].get(reverse("transfer:template", args=["giao", "77001", last_month().code]))
    book = fill(load_workbook(io.BytesIO(response.content)), {"2.1": 4})
    data_set()  # from now on the unit is not asked 2.1
    refused = upload(people["reporter"], as_bytes(book), "giao", "77001", last_month().code)
    assert refused.status_code == 400
    assert "các chỉ tiêu đơn vị được giao báo cáo kỳ này đã thay đổi" in text(refused)
    assert stored() == {}


def api_of(username: str) -> APIClient:
    api = APIClient()
    api.force_authenticate(_user(username))
    return api


def _user(username: str) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def body(indicator: str, value: str = "4") -> dict[str, str]:
    return {"framework": "giao", "indicator": indicator, "unit": "77001", "period": last_month().code,
            "value": value}


def test_the_api_refuses_the_reporting_rate_to_everyone(people: dict[str, Client]) -> None:
    for username in ("giao_admin", "giao_reporter"):
        refused = api_of(username).post("/api/values/", body("3", "50"), format="json")
        assert refused.status_code == 400
        assert "tỷ lệ báo cáo của bộ biểu giao-thang" in refused.json()["indicator"][0]
    assert not models.Value.objects.exists()


def test_the_api_takes_from_a_reporter_only_what_the_unit_is_asked(people: dict[str, Client]) -> None:
    data_set()
    refused = api_of("giao_reporter").post("/api/values/", body("2.1"), format="json")
    assert refused.status_code == 400 and "không thuộc các chỉ tiêu" in refused.json()["indicator"][0]
    assert not models.Value.objects.exists()
    assert api_of("giao_reporter").post("/api/values/", body("1.1", "200"), format="json").status_code == 201
    assert api_of("giao_admin").post("/api/values/", body("2.1"), format="json").status_code == 201  # no gate
    assert stored() == {"1.1": "200", "2.1": "4"}

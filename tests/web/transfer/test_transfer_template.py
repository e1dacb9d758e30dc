"""The entry template: laid out like the appendix, current values filled in, only the inputs open."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from transfer_files import DATA, download, row_of, template_url

from chiso.store import models

pytestmark = pytest.mark.django_db


def test_the_template_is_the_appendix_with_inputs_open(reporter_client: Client) -> None:
    response = reporter_client.get(template_url())
    book = download(reporter_client)
    sheet = book[DATA]
    header = [sheet.cell(6, c).value for c in range(1, 6)]
    codes = [sheet.cell(r, 1).value for r in range(7, sheet.max_row + 1)]

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="chiso-cqs-643-2025S1.xlsx"' in response["Content-Disposition"]
    assert header == ["Mã", "Chỉ tiêu", "Đơn vị tính", "Giá trị", "Ghi chú"]
    assert codes[:4] == ["1", "2", "3", "4"] and codes[-1] == "6.4"  # catalogue order; 6.4 is an input
    assert "Thành phố Buôn Ma Thuột (643)" in sheet["A3"].value and "6 tháng đầu năm 2025" in sheet["A3"].value
    assert sheet.protection.sheet is True


def test_headings_and_rates_are_locked_and_shaded_inputs_are_open(reporter_client: Client) -> None:
    sheet = download(reporter_client)[DATA]
    heading, rate, count, note = (row_of(sheet, c) for c in ("5", "5.1", "5.1.1", "1"))

    assert sheet[f"D{heading}"].protection.locked and sheet[f"D{heading}"].fill.fgColor.rgb.endswith("EDEDED")
    assert sheet[f"D{rate}"].protection.locked
    assert sheet[f"D{rate}"].value.startswith("=IF(OR(") and "ROUND(" in sheet[f"D{rate}"].value
    assert f"D{row_of(sheet, '5.1.2')}" in sheet[f"D{rate}"].value
    assert sheet[f"E{rate}"].value.startswith("tự tính")
    assert not sheet[f"D{count}"].protection.locked and not sheet[f"E{count}"].protection.locked
    assert sheet[f"D{count}"].number_format == "[$-42A]#,##0"
    assert sheet[f"D{note}"].number_format == "@"  # a text indicator stays text ("2.0" is not a number)


def test_the_hidden_sheet_says_what_the_file_is_for(reporter_client: Client) -> None:
    meta = download(reporter_client)["chiso"]
    found = {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(1, 6)}

    assert meta.sheet_state == "hidden"
    assert (found["framework"], found["unit"], found["period"]) == ("cqs", "643", "2025S1")
    assert len(found["layout"]) == 32


def test_current_values_are_filled_in_as_numbers(province_client: Client) -> None:
    sheet = download(province_client, "cqs", "66", "2024")[DATA]
    stored = models.Value.objects.get(framework__code="cqs", indicator="5.4.1", org_unit__code="66", period="2024")
    meta = download(province_client, "cqs", "66", "2024")["chiso"]
    versions = {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(9, meta.max_row + 1)}

    assert sheet[f"D{row_of(sheet, '5.4.1')}"].value == int(stored.value)
    assert isinstance(sheet[f"D{row_of(sheet, '6.1')}"].value, float | Decimal)
    assert sheet[f"D{row_of(sheet, '6.1')}"].number_format == "[$-42A]#,##0.00"
    assert versions["5.4.1"] == stored.version


def test_yes_no_and_levels_are_lists_to_pick_from(reporter_client: Client) -> None:
    sheet = download(reporter_client, "cds2025", "643", "2025S1")[DATA]
    level = f"D{row_of(sheet, 'III.5')}"
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}

    assert lists == {level: '"Loại A,Loại B,Loại C,Loại D"'}
    assert sheet[f"A{row_of(sheet, 'I')}"].fill.fgColor.rgb.endswith("D9D9D9")  # a section row


def test_the_page_offers_only_units_in_scope(reporter_client: Client) -> None:
    page = reporter_client.get(reverse("transfer:home")).content.decode()

    assert '<option value="643">' in page and '<option value="644">' not in page
    assert reverse("transfer:upload") in page


def test_the_chooser_leads_to_the_template(reporter_client: Client) -> None:
    response = reporter_client.get(reverse("transfer:download"),
                                   {"framework": "cqs", "unit": "643", "period": "2025S1"})

    assert response.status_code == 302 and response["Location"] == template_url()


def test_no_template_for_a_unit_outside_the_scope(outsider_client: Client, viewer_client: Client) -> None:
    refused = outsider_client.get(template_url())

    assert refused.status_code == 403
    assert "không có quyền nhập số liệu cho Thành phố Buôn Ma Thuột" in refused.content.decode()
    assert viewer_client.get(reverse("transfer:home")).status_code == 403  # a viewer enters nothing

"""GET /api/sdmx/<framework>/<indicator>.csv: one indicator over the caller's units and periods, as SDMX-CSV."""

from __future__ import annotations

import pytest
from django.test import Client

from chiso.exchange import sdmx
from chiso.store import models
from chiso.web.accounts.services import add_user
from exchange.stores import own_province

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(db: None) -> Client:
    own_province()
    models.Submission.objects.create(framework=models.Framework.objects.get(code="thu"),
                                     org_unit=models.OrgUnit.objects.get(code="99"), period="2025-06",
                                     status=models.SubmissionStatus.APPROVED)
    client = Client()
    client.force_login(add_user("xem99", "viewer-password-1", "viewer", "99", check_password=False).user)
    return client


def test_an_indicator_downloads_as_sdmx_csv_with_units_notes_and_approval(reader: Client) -> None:
    response = reader.get("/api/sdmx/thu/2.csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.sdmx.data+csv")
    found = {(o.REF_AREA, o.TIME_PERIOD): o for o in sdmx.read_csv(response.content.decode())}
    assert set(found) == {("99", "2025-Q1"), ("99", "2025-M06"), ("99", "2024-01-01/P9M")}
    assert found["99", "2025-Q1"] == sdmx.Observation("thu", "2", "_Z", "99", "2025-Q1", ">90", "%", "P", ">",
                                                      "ước tính, «chưa đủ»", "")
    assert found["99", "2025-M06"].OBS_STATUS == "A"  # its period is approved


def test_an_unknown_indicator_is_a_404_and_a_stranger_reads_nothing(reader: Client) -> None:
    assert reader.get("/api/sdmx/thu/9.csv").status_code == 404
    assert Client().get("/api/sdmx/thu/2.csv").status_code in (401, 403)
    other = Client()
    other.force_login(add_user("xem991", "viewer-password-1", "viewer", "991", check_password=False).user)
    rows = sdmx.read_csv(other.get("/api/sdmx/thu/2.csv").content.decode())
    assert rows == []  # the commune has none of the province's figures of indicator 2


"""The 34 provinces of the official lists, loaded through the CLI as a ministry would, over eight quarters:
ranked out of 34, and the page costs the same few queries as a store of four provinces."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from typer.testing import CliRunner

from chiso.cli.main import app
from chiso.values.model import Value

QUARTERS = ["2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4", "2027Q1", "2027Q2"]
QUERIES = 31  # of the page on the four provinces' store of 8 quarters: session, account, store, 9 seeks, values


def queries(client: Client, address: str) -> int:
    """The queries of ``address`` once the store's tree and frameworks are read (every page reads them once)."""
    assert client.get(address).status_code == 200
    with CaptureQueriesContext(connection) as done:
        assert client.get(address).status_code == 200
    return len(done.captured_queries)


@pytest.fixture
def national(ministry_store: None) -> list[str]:
    return load_national()


def load_national() -> list[str]:
    """The official 34 provinces and 3.321 communes beside the test's own; each province's figures of 8 quarters,
    Đắk Lắk's through two of its communes."""
    result = CliRunner().invoke(app, ["units", "import", "vn-2025"])
    assert result.exit_code == 0, result.output
    from chiso.io.files import Bundle
    from chiso.orgunits.vn import provinces_2025
    from chiso.store import services

    codes = sorted(provinces_2025())
    assert len(codes) == 34
    found = [Value("bo_thu", code, unit, period, text)
             for n, unit in enumerate(u for u in codes if u != "66") for q, period in enumerate(QUARTERS)
             for code, text in (("1.1", "1000"), ("1.2", str(300 + 10 * n + q)))]
    communes = [u.code for u in services.hierarchy().children("66")][:2]
    found += [Value("bo_thu", code, unit, period, "500") for unit in communes for period in QUARTERS
              for code in ("1.1", "1.2")]
    services.save_bundle(Bundle(values=found))
    return codes


def test_thirty_four_provinces_ranked_out_of_34(national: list[str], reader: Callable[[str, str], Client]) -> None:
    html = reader("bo", "BO").get("/cac-tinh/chi-tieu/bo_thu/1/?period=2027Q2").content.decode()
    ranks = dict(re.findall(r'<tr data-unit="(\w+)">.*?<td class="num rank">([^<]*)</td>', html, re.S))
    official = {code: rank for code, rank in ranks.items() if code in national}
    assert len(official) == 34
    assert official["66"] == "1/34"  # its communes' 100%, the highest rate
    assert official["01"] == "34/34" and official["96"] == "2/34"  # the rates climb with the code
    assert "Q3/2026" in html and "Tỉnh Đắk Lắk" in html


def test_queries_do_not_grow_with_provinces_or_periods(reader: Callable[[str, str], Client]) -> None:
    """Four provinces or 38, four quarters shown or eight: the same queries, but for the store's index seeks of
    its periods (one round trip per period the store holds, ``chiso.store.seeks``)."""
    client = reader("bo", "BO")
    four = queries(client, "/cac-tinh/chi-tieu/bo_thu/1/")  # 8 quarters in the store
    assert four <= QUERIES
    load_national()  # 34 provinces more, 3.321 communes, 6 quarters the store did not have
    thirty_eight = queries(client, "/cac-tinh/chi-tieu/bo_thu/1/?period=2027Q2")
    assert thirty_eight == four + 6
    assert queries(client, "/cac-tinh/chi-tieu/bo_thu/1/?period=2026Q2") == thirty_eight
    assert queries(client, "/cac-tinh/chi-tieu/bo_thu/1/tai-ve/?period=2027Q2") <= thirty_eight

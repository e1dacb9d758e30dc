"""The 34 provinces of the official lists, loaded through the CLI as a ministry would, scored on the shipped qd766:
ranked out of 34, and the page costs the same queries as the store of four provinces."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from typer.testing import CliRunner

from chiso.cli.main import app
from web.ministry import indexworld
from web.ministry.test_ministry_national import queries

QUARTERS = ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]  # the four provinces of world.py have none of them
PAGE = "/cac-tinh/chi-so/qd766/qd766/"
QUERIES = 22  # of the page on the four provinces' store: session, account, scope, store, the seeks of 8 periods, values


@pytest.fixture
def index_store(ministry_store: None) -> None:
    indexworld.build()


def load_national() -> list[str]:
    """The official 34 provinces, each with every qd766 item of four quarters: the n-th (in code order) has
    60 + n of 100 dossiers on time, so the points climb with the code; Đắk Lắk (66) misses 4.1 (N/A)."""
    result = CliRunner().invoke(app, ["units", "import", "vn-2025"])
    assert result.exit_code == 0, result.output
    from chiso.io.files import Bundle
    from chiso.orgunits.vn import provinces_2025
    from chiso.store import services

    codes = sorted(provinces_2025())
    found = []
    for n, unit in enumerate(codes):
        counts = {**indexworld.FULL, "2.1.1": 60 + n} | ({"4.1.1": 0, "4.1.2": 0} if unit == "66" else {})
        for period in QUARTERS:
            found += indexworld.sent("qd766", unit, period, counts, 100, 0)
    services.save_bundle(Bundle(values=found))
    return codes


def test_thirty_four_provinces_ranked_out_of_34(index_store: None, reader: Callable[[str, str], Client]) -> None:
    national = load_national()
    html = reader("bo", "BO").get(PAGE + "?period=2026Q4").content.decode()
    found = re.findall(r'<tr data-unit="(\w+)">.*?<td class="num value">([^<]*).*?<td class="num rank">([^<]*)</td>',
                       html, re.S)
    official = {code: (total, rank) for code, total, rank in found if code in national}
    assert len(official) == 34
    # The last code's 93 of 100 on time: 2.1 18,60 points, 6.3 (7% overdue) 5,58; the first's 60: 12 and 3,60
    assert official[national[-1]] == ("98,18/100", "1/34")
    assert official[national[0]] == ("89,60/100", "33/34")
    # Đắk Lắk, the 25th, 84 on time: 90 − 3,20 − 0,96 of the 90 points it was scored on (4.1 N/A), the fewest
    assert official["66"] == ("85,84/90", "34/34")
    assert [rank for _code, _total, rank in found[:3]] == ["1/34", "2/34", "3/34"]
    assert "Tỉnh Đắk Lắk" in html


def test_queries_do_not_grow_with_provinces(index_store: None, reader: Callable[[str, str], Client]) -> None:
    """Four provinces or 38: the same queries, but for the store's index seeks of its periods (one round trip
    per period the store holds, ``chiso.store.seeks``)."""
    client = reader("bo", "BO")
    four = queries(client, PAGE)
    assert four <= QUERIES
    load_national()  # 34 provinces more, 3.321 communes, four quarters the store did not have
    thirty_eight = queries(client, PAGE + "?period=2026Q4")
    assert thirty_eight == four + len(QUARTERS)
    assert queries(client, PAGE + "?period=2025Q4") == thirty_eight  # 38 provinces in the tree, 4 with figures
    assert queries(client, PAGE + "tai-ve/?period=2026Q4") <= thirty_eight

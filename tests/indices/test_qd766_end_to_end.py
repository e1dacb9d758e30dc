"""The 766 index of a quarter from a small dossier export of our own, through `chiso dossiers compute --save`
and `chiso index show`, against the same items counted here by hand from the rows and the formulas."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chiso.cli.main import app

pytestmark = pytest.mark.django_db
runner = CliRunner(env={"COLUMNS": "250"})
Q1 = (date(2025, 1, 1), date(2025, 3, 31))

PROCEDURES = """procedure_code,name,online_level,has_fee,online_payment,on_national_portal,valid_from,valid_to
P1,Cấp giấy phép xây dựng,full,1,1,1,,
P2,Đăng ký khai sinh,full,0,0,1,,
P3,Đăng ký hộ kinh doanh,partial,1,0,1,,
P4,Cấp phiếu lý lịch tư pháp,full,0,0,1,,
"""
DOSSIERS = """\
dossier_id,procedure_code,unit_code,received_at,channel,due_at,completed_at,digitized,e_result,reused_data,paid_online
D01,P1,643,2025-01-06,online,2025-01-16,2025-01-15,1,1,1,1
D02,P1,643,2025-01-20,online,2025-01-30,2025-02-03,1,0,0,0
D03,P2,643,2025-02-10,direct,2025-02-20,2025-02-18,0,1,1,
D04,P3,643,2025-03-03,direct,2025-03-13,2025-03-12,1,1,0,0
D05,P2,644,2025-01-08,online,2025-01-18,2025-01-17,1,1,1,
D06,P3,644,2025-02-12,online,2025-02-22,2025-02-21,0,0,0,1
D07,P1,644,2025-03-28,direct,2025-04-10,,0,0,0,0
D08,P2,643,2024-12-20,direct,2025-01-05,2025-01-03,1,1,0,
"""
ENTERED = {"1.1": "100", "1.2": "90", "1.3": "100", "1.4": "75", "6.1": "100", "6.2": "95", "6.3.2": "5"}


@dataclass(frozen=True)
class Dossier:
    procedure: str
    unit: str
    received: date
    online: bool
    due: date
    completed: date | None
    digitized: bool
    e_result: bool
    reused: bool
    paid: str


def dossiers() -> list[Dossier]:
    found = []
    for line in DOSSIERS.splitlines()[1:]:
        _id, procedure, unit, received, channel, due, completed, dig, e_result, reused, paid = line.split(",")
        found.append(Dossier(procedure, unit, date.fromisoformat(received), channel == "online",
                             date.fromisoformat(due), date.fromisoformat(completed) if completed else None,
                             dig == "1", e_result == "1", reused == "1", paid))
    return found


def rate(numerator: int, denominator: int) -> Decimal:
    return (Decimal(numerator) * 100 / denominator).quantize(Decimal("0.01"), ROUND_HALF_UP)


def points(value: Decimal, maximum: int, threshold: int = 100) -> Decimal:
    if value >= threshold:
        return Decimal(maximum)
    return (value * maximum / threshold).quantize(Decimal("0.01"), ROUND_HALF_UP)


def by_hand(units: set[str], top: bool, rows: list[Dossier] | None = None) -> dict[str, Decimal]:
    """Each item's points counted from the rows: the rules of docs/indices.md and the 766 notes, written out."""
    rows = [d for d in (dossiers() if rows is None else rows) if d.unit in units]
    received = [d for d in rows if Q1[0] <= d.received <= Q1[1]]
    completed = [d for d in rows if d.completed and Q1[0] <= d.completed <= Q1[1]]
    on_time = [d for d in completed if d.completed and d.completed <= d.due]
    with_fee = [d for d in received if d.paid != ""]
    found = {
        "2.1": points(rate(len(on_time), len(completed)), 20),
        "4.1": points(rate(sum(d.paid == "1" for d in with_fee), len(with_fee)), 10),
        "5.1": points(rate(sum(d.e_result for d in completed), len(completed)), 6),
        "5.2": points(rate(sum(d.digitized and d.e_result for d in completed), len(completed)), 4, 80),
        "5.4": points(rate(sum(d.reused for d in received), len(received)), 2, 80),
    }
    if top:  # the procedure catalogue's counts are the whole file's: P1, P2, P4 are full-process
        online_full = {d.procedure for d in received if d.online and d.procedure in {"P1", "P2", "P4"}}
        found["3.1"] = points(rate(len(online_full), 3), 12, 80)
        overdue = rate(len(completed) - len(on_time), len(completed))
        found |= {"1.1": points(Decimal(100), 6), "1.2": points(Decimal(90), 4), "1.3": points(Decimal(100), 2),
                  "1.4": points(Decimal(75), 6), "6.1": points(Decimal(100), 6), "6.2": points(Decimal(95), 6),
                  "6.3": points(100 - (overdue + 5), 6), "3.3": Decimal(0), "3.5": Decimal(0)}
    return found


@pytest.fixture
def computed(shipped_store: None, tmp_path: Path) -> None:
    (tmp_path / "tthc.csv").write_text(PROCEDURES, encoding="utf-8")
    (tmp_path / "hoso.csv").write_text(DOSSIERS, encoding="utf-8")
    result = runner.invoke(app, ["dossiers", "compute", "--framework", "qd766", "--procedures",
                                 str(tmp_path / "tthc.csv"), "--dossiers", str(tmp_path / "hoso.csv"), "--unit", "66",
                                 "--periods", "2025Q1", "--save", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    entered = tmp_path / "nhap.csv"
    entered.write_text("framework,indicator,unit,period,value\n" + "".join(
        f"qd766,{code},66,2025Q1,{value}\n" for code, value in ENTERED.items()), encoding="utf-8")
    assert runner.invoke(app, ["load", str(entered)]).exit_code == 0


def show(*args: str) -> object:
    result = runner.invoke(app, ["index", "show", "qd766", "--period", "2025Q1", "--format", "json", *args])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_province_s_items_agree_with_the_hand_count(computed: None) -> None:
    card = show("--unit", "66")
    assert isinstance(card, dict)
    got = {i["code"]: i for g in card["groups"] for i in g["items"]}
    expected = by_hand({"643", "644"}, top=True)
    assert {code: Decimal(got[code]["points"]) for code in expected} == expected
    # Typed in nowhere: e-certified copies, the citizen's store, population data
    assert {code for code, item in got.items() if item["status"] == "missing"} == {"5.3", "5.5", "5.6", "5.7"}
    assert Decimal(card["total"]) == sum(expected.values())
    assert Decimal(card["out_of"]) == 100 - (2 + 4 + 2 + 2)
    # 6 of 7 completed on time: the seventh would reach 100 %; 3 of 7 dossiers re-used data, 6 reach 80 %
    assert (got["2.1"]["need"], got["5.4"]["need"], got["3.3"]["need"]) == (1, 3, 0)


def test_the_table_says_points_na_and_what_the_threshold_needs(computed: None) -> None:
    result = runner.invoke(app, ["index", "show", "qd766", "--unit", "66", "--period", "2025Q1"])
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    total = sum(by_hand({"643", "644"}, top=True).values())
    assert f"Tổng điểm: {str(total).replace('.', ',')}/100" in out
    assert "cần thêm 3 hồ sơ tái sử dụng dữ liệu để đạt ngưỡng" in out and "85,71%" in out


def test_the_districts_that_cost_the_most_points_come_first(computed: None) -> None:
    found = show("--unit", "66", "--by", "unit")
    assert isinstance(found, list)
    lost = {row["unit"]: Decimal(row["lost"]) for row in found}
    for unit in ("643", "644"):
        hand = by_hand({unit}, top=False)
        full = {"2.1": 20, "4.1": 10, "5.1": 6, "5.2": 4, "5.4": 2}
        assert lost[unit] == sum(full[c] - p for c, p in hand.items())
    assert [row["unit"] for row in found][:2] == sorted(("643", "644"), key=lambda u: -lost[u])
    assert all(lost[u] == 0 for u in lost if u not in ("643", "644"))  # no dossiers: N/A, nothing lost


def put_right(procedure: str) -> list[Dossier]:
    """The rows with every dossier of ``procedure`` as the items want: on time, with an electronic result,
    digitised, re-using data, paid online where there is a fee."""
    return [replace(d, completed=min(d.completed, d.due), e_result=True, digitized=True, reused=True,
                    paid="1" if d.paid else "") if d.procedure == procedure and d.completed else
            replace(d, reused=True, paid="1" if d.paid else "") if d.procedure == procedure else d
            for d in dossiers()]


def test_the_procedures_that_cost_the_most_points_come_first(computed: None, tmp_path: Path) -> None:
    """Read again from the dossier file: each procedure's gain is what the hand count gives were its dossiers
    all put right, the province's other figures as they are."""
    found = show("--unit", "66", "--by", "procedure", "--dossiers", str(tmp_path / "hoso.csv"),
                 "--procedures", str(tmp_path / "tthc.csv"))
    assert isinstance(found, list)
    units = {"643", "644"}
    before = by_hand(units, top=False)
    hand = {p: sum(by_hand(units, top=False, rows=put_right(p)).values()) - sum(before.values())
            for p in ("P1", "P2", "P3")}
    assert {row["procedure"]: Decimal(row["gain"]) for row in found} == hand
    assert [row["procedure"] for row in found] == sorted(hand, key=lambda p: (-hand[p], p))
    p1 = next(row for row in found if row["procedure"] == "P1")
    assert p1["name"] == "Cấp giấy phép xây dựng"
    # D02 was completed late and without an electronic result: one dossier short in 2.1 and in 5.1
    assert {i["code"]: i["missing"] for i in p1["items"]}["2.1"] == 1


def test_a_breakdown_by_procedure_needs_the_dossier_files(computed: None) -> None:
    result = runner.invoke(app, ["index", "show", "qd766", "--unit", "66", "--period", "2025Q1", "--by",
                                 "procedure"])
    assert result.exit_code == 2
    text = " ".join(result.stderr.split())
    assert "không theo TTHC" in text and "--dossiers" in text

"""Dossiers written with old unit codes after the 2025 reorganisation count for the successor of their day.

The tree, one province (66, a new version from 1/7/2025) and its communes:

    old, until 30/06/2025                          new, from 01/07/2025
    24126 Xã Hòa Thắng  (until 31/12/2023) ──────→ 24127 (renamed on 01/01/2024)
    24127 Phường Thống Nhất ─┐ merge
    24130 Phường Tân Lợi ────┴──────────────────→ 24130 Phường Buôn Ma Thuột
    24550 Xã Ea BHốk ─────── split ─────────────→ 24544 Xã Ea Ktur (default), 24547 Xã Dray Bhăng
    24235 Xã Krông Na ────── rename ────────────→ 24235 Xã Buôn Đôn

    record  unit   received    counts for
    R01     24127  2025-03-10  24127, the old commune: it existed then
    R02     24130  2025-03-12  24130 (old)
    R03     24550  2025-04-01  24550
    R04     24235  2025-05-05  24235 Xã Krông Na
    R05     24127  2025-08-15  24130: 24127 merged whole into it
    R06     24127  2025-09-01  24130
    R07     24130  2025-08-20  24130 (new): its own code
    R08     24550  2025-08-15  24544, the split's default (none without a default: the province's total only)
    R09     24544  2025-10-01  24544
    R10     24547  2025-10-02  24547
    R11     24235  2025-11-11  24235 Xã Buôn Đôn: a rename keeps the code, nothing remapped
    R12     24126  2025-12-01  24130, along 24126 → 24127 → 24130
    R13     24126  2025-02-02  24127 (old), its successor then
    R14     24544  2025-03-03  no unit: 24544 began on 01/07/2025 (the province's total only)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from chiso.catalog.model import Framework
from chiso.dossiers import DossierResult, compute
from chiso.dossiers.units import Remapped, Unmapped, unit_table
from chiso.orgunits.links import UnitLink
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.periods import PeriodType, period_range

DATA = Path(__file__).parent / "data"
PROCEDURES = DATA / "procedures.csv"
END, NEW = date(2025, 6, 30), date(2025, 7, 1)
COMMUNE, PROVINCE = OrgUnitType.COMMUNE, OrgUnitType.PROVINCE

RECORDS = [("R01", "24127", "2025-03-10"), ("R02", "24130", "2025-03-12"), ("R03", "24550", "2025-04-01"),
           ("R04", "24235", "2025-05-05"), ("R05", "24127", "2025-08-15"), ("R06", "24127", "2025-09-01"),
           ("R07", "24130", "2025-08-20"), ("R08", "24550", "2025-08-15"), ("R09", "24544", "2025-10-01"),
           ("R10", "24547", "2025-10-02"), ("R11", "24235", "2025-11-11"), ("R12", "24126", "2025-12-01"),
           ("R13", "24126", "2025-02-02"), ("R14", "24544", "2025-03-03")]


def tree(default: bool = True) -> Hierarchy:
    old = [OrgUnit("66", "Tỉnh Đắk Lắk", PROVINCE, valid_to=END),
           OrgUnit("24126", "Xã Hòa Thắng", COMMUNE, "66", valid_to=date(2023, 12, 31)),
           OrgUnit("24127", "Phường Thống Nhất", COMMUNE, "66", date(2024, 1, 1), END),
           OrgUnit("24130", "Phường Tân Lợi", COMMUNE, "66", valid_to=END),
           OrgUnit("24550", "Xã Ea BHốk", COMMUNE, "66", valid_to=END),
           OrgUnit("24235", "Xã Krông Na", COMMUNE, "66", valid_to=END)]
    new = [OrgUnit("66", "Tỉnh Đắk Lắk", PROVINCE, valid_from=NEW),
           OrgUnit("24130", "Phường Buôn Ma Thuột", COMMUNE, "66", NEW),
           OrgUnit("24544", "Xã Ea Ktur", COMMUNE, "66", NEW),
           OrgUnit("24547", "Xã Dray Bhăng", COMMUNE, "66", NEW),
           OrgUnit("24235", "Xã Buôn Đôn", COMMUNE, "66", NEW)]
    links = [UnitLink("24126", "24127", date(2024, 1, 1)), UnitLink("66", "66", NEW),
             UnitLink("24127", "24130", NEW), UnitLink("24130", "24130", NEW),
             UnitLink("24550", "24544", NEW, default=default), UnitLink("24550", "24547", NEW),
             UnitLink("24235", "24235", NEW)]
    return Hierarchy([*old, *new], links=links)


@pytest.fixture(scope="module")
def dossiers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The records above, each an online dossier of P1 completed the day after it was received."""
    path = tmp_path_factory.mktemp("old-codes") / "ho-so.csv"
    lines = ["dossier_id,procedure_code,unit_code,received_at,channel,due_at,completed_at,digitized,e_result,"
             "reused_data,paid_online"]
    lines += [f"{record},P1,{unit},{day},online,,{day},1,1,0,0" for record, unit, day in RECORDS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(cqs: Framework, hierarchy: Hierarchy, dossiers: Path, tmp_path: Path) -> DossierResult:
    return compute([PROCEDURES], [dossiers], framework=cqs, hierarchy=hierarchy, top="66",
                   period_type=PeriodType.HALF, periods=period_range("2025S1:2025S2"), threads=2,
                   rejects=tmp_path / "rejects.csv", digests=False)


def received(result: DossierResult) -> dict[tuple[str, str], str]:
    """Dossiers received (5.4.1) per unit and half-year."""
    return {(v.unit, v.period): v.value for v in result.values if v.indicator == "5.4.1"}


def test_records_count_for_the_unit_of_their_day_and_old_codes_for_the_successor(
        cqs: Framework, dossiers: Path, tmp_path: Path) -> None:
    result = run(cqs, tree(), dossiers, tmp_path)

    assert received(result) == {
        # before 1/7/2025 the old communes, 24126's record for 24127 (its successor since 2024); R14 in 66 only
        ("66", "2025S1"): "6", ("24127", "2025S1"): "2", ("24130", "2025S1"): "1", ("24550", "2025S1"): "1",
        ("24235", "2025S1"): "1",
        # from 1/7/2025 the new ones: 24130 with 24127's and 24126's records, 24544 with 24550's
        ("66", "2025S2"): "8", ("24130", "2025S2"): "4", ("24544", "2025S2"): "2", ("24547", "2025S2"): "1",
        ("24235", "2025S2"): "1",
    }
    assert result.remapped == [
        Remapped("24126", "xã", date(2024, 1, 1), "24127", "Phường Thống Nhất", 1),
        Remapped("24126", "xã", date(2024, 1, 1), "24130", "Phường Buôn Ma Thuột", 1),
        Remapped("24127", "xã", NEW, "24130", "Phường Buôn Ma Thuột", 2),
        Remapped("24550", "xã", NEW, "24544", "Xã Ea Ktur", 1),
    ]
    assert result.remapped[2].message == ("2 hồ sơ ghi mã xã cũ 24127 sau 01/07/2025 được tính cho "
                                          "Phường Buôn Ma Thuột (24130)")
    assert [u.message for u in result.unmapped] == [
        "1 hồ sơ ghi mã 24544 trước 01/07/2025 không xác định được đơn vị (mã của Xã Ea Ktur, chưa có trước "
        "ngày đó)"]
    assert result.unknown_units == {}  # every code is known: the unmapped one is reported with why


def test_a_split_without_a_default_leaves_its_records_to_the_total_with_the_reason(
        cqs: Framework, dossiers: Path, tmp_path: Path) -> None:
    result = run(cqs, tree(default=False), dossiers, tmp_path)

    got = received(result)
    assert (got["24544", "2025S2"], got["24547", "2025S2"], got["66", "2025S2"]) == ("1", "1", "8")
    assert [r.code for r in result.remapped] == ["24126", "24126", "24127"]
    assert result.unmapped[0] == Unmapped("24544", NEW, "mã của Xã Ea Ktur, chưa có trước ngày đó", True, 1)
    assert result.unmapped[1].message == ("1 hồ sơ ghi mã 24550 sau 01/07/2025 không xác định được đơn vị kế thừa "
                                          "(xã chia tách, chưa chọn đơn vị mặc định)")


def test_a_year_across_the_change_says_which_codes_join_an_old_and_a_new_unit(
        cqs: Framework, dossiers: Path, tmp_path: Path) -> None:
    halves = run(cqs, tree(), dossiers, tmp_path)
    year = compute([PROCEDURES], [dossiers], framework=cqs, hierarchy=tree(), top="66", period_type=PeriodType.YEAR,
                   periods=period_range("2025"), threads=2, digests=False)

    assert halves.mixed == []
    got = {(v.unit, v.period): v.value for v in year.values if v.indicator == "5.4.1"}
    assert (got["24130", "2025"], got["24127", "2025"], got["66", "2025"]) == ("5", "2", "14")  # 1 old + 4 new
    assert year.mixed == ["năm 2025: mã 24130, 24235, 66 ứng với đơn vị cũ và đơn vị mới trong kỳ (đổi từ "
                          "01/07/2025); số liệu của kỳ gộp hồ sơ của cả hai"]


def test_only_the_units_of_a_period_get_its_zero_counts(cqs: Framework, tmp_path: Path) -> None:
    quiet = tmp_path / "quiet.csv"  # one record: every other unit of the half-year counts 0
    quiet.write_text("dossier_id,procedure_code,unit_code,received_at,channel,due_at,completed_at,digitized,"
                     "e_result,reused_data,paid_online\nR01,P1,24127,2025-03-10,online,,,1,1,0,0\n"
                     "R02,P1,24544,2025-08-10,online,,,1,1,0,0\n", encoding="utf-8")

    got = received(run(cqs, tree(), quiet, tmp_path))

    assert {unit for unit, period in got if period == "2025S1"} == {"66", "24127", "24130", "24550", "24235"}
    assert {unit for unit, period in got if period == "2025S2"} == {"66", "24130", "24544", "24547", "24235"}


def test_a_hierarchy_without_versions_keeps_the_plain_unit_table(hierarchy: Hierarchy) -> None:
    table = unit_table(hierarchy, "66")

    assert not hierarchy.versioned and not table.timed and not table.tallies
    assert table.codes == ["24121", "643", "644", "66"] and table.ix == [1, 2, 3, 4]


def test_the_timed_table_gives_the_plain_figures_where_no_code_changed(
        cqs: Framework, hierarchy: Hierarchy, tmp_path: Path) -> None:
    """The sample files over the sample tree, once plain and once with a link (an old commune merged into
    24121 in 2023, with no record of its own): the same figures, nothing remapped."""
    sample = DATA / "dossiers.csv"
    begun = OrgUnit("24121", "Phường Tân Lập", COMMUNE, "643", valid_from=date(2023, 7, 1))
    linked = Hierarchy([*(u for u in hierarchy.units.values() if u.code != "24121"), begun,
                        OrgUnit("24100", "Xã Cư Êbur", COMMUNE, "643", valid_to=date(2023, 6, 30))],
                       links=[UnitLink("24100", "24121", date(2023, 7, 1))])
    assert linked.versioned

    def figures(tree: Hierarchy) -> tuple[dict[tuple[str, str, str], str], DossierResult]:
        result = compute([PROCEDURES], [sample], framework=cqs, hierarchy=tree, top="66", threads=2,
                         period_type=PeriodType.QUARTER, periods=period_range("2023Q4:2024Q4"), digests=False)
        return {(v.indicator, v.unit, v.period): v.value for v in result.values}, result

    plain, before = figures(hierarchy)
    timed, after = figures(linked)
    assert timed == plain and after.unknown_units == before.unknown_units == {"999": 1}
    assert (after.remapped, after.unmapped) == ([], [])


def test_the_command_shows_what_went_to_a_successor_and_what_to_none(capsys: pytest.CaptureFixture[str]) -> None:
    from chiso.cli.dossiers import _report

    result = DossierResult([], unknown_units={"22018": 3, "999": 1},
                           remapped=[Remapped("24550", "xã", NEW, "24544", "Xã Ea Ktur", 1234)],
                           unmapped=[Unmapped("24550", NEW, "xã chia tách, chưa chọn đơn vị mặc định", dossiers=12)])

    _report(result, "66", known={"22018", "24550"})

    err = " ".join(capsys.readouterr().err.split())
    assert "Mã đơn vị không có trong kho, chỉ tính vào tổng của 66: 999 (1 hồ sơ)." in err
    # an old commune of Phú Yên before 1/7/2025 is in the store, outside the old 66
    assert "Đơn vị không thuộc 66 vào ngày tiếp nhận hồ sơ, chỉ tính vào tổng của 66: 22018 (3 hồ sơ)." in err
    assert "1.234 hồ sơ ghi mã xã cũ 24550 sau 01/07/2025 được tính cho Xã Ea Ktur (24544)." in err
    assert ("12 hồ sơ ghi mã 24550 sau 01/07/2025 không xác định được đơn vị kế thừa (xã chia tách, chưa chọn "
            "đơn vị mặc định), chỉ tính vào tổng của 66.") in err


def test_the_shipped_links_of_dak_lak_send_old_codes_to_their_successors(cqs: Framework, tmp_path: Path) -> None:
    """The official lists of the new 66 (old 66 and 54 until 30/6/2025): 24118 Phường Tân Lập merged whole into
    the new 24121 Phường Tân Lập (the code of old Phường Tân Hòa), 24550 Xã Ea BHốk was split with Xã Dray Bhăng
    (24561) as its default, and Phú Yên's 22018 Phường 2 merged into 22015 Phường Tuy Hòa, now of 66."""
    from chiso.orgunits.vn import vn_2025, vn_legacy, vn_links_2025

    units = Hierarchy([*vn_legacy("66"), *vn_2025("66")], links=vn_links_2025("66"))
    files = tmp_path / "mot-cua.csv"
    rows = [("A1", "24118", "2025-03-10"), ("A2", "24118", "2025-08-15"), ("A3", "24550", "2025-08-15"),
            ("A4", "22018", "2025-09-01"), ("A5", "24121", "2025-08-20")]
    files.write_text("dossier_id,procedure_code,unit_code,received_at,channel,due_at,completed_at,digitized,"
                     "e_result,reused_data,paid_online\n" +
                     "".join(f"{r},P1,{unit},{day},online,,,1,1,0,0\n" for r, unit, day in rows), encoding="utf-8")

    result = run(cqs, units, files, tmp_path)

    got = {key: n for key, n in received(result).items() if n != "0"}
    assert got == {("24118", "2025S1"): "1", ("643", "2025S1"): "1", ("66", "2025S1"): "1",  # the old tree
                   ("24121", "2025S2"): "2", ("24561", "2025S2"): "1", ("22015", "2025S2"): "1", ("66", "2025S2"): "4"}
    assert [r.message for r in result.remapped] == [
        "1 hồ sơ ghi mã xã cũ 22018 sau 01/07/2025 được tính cho Phường Tuy Hòa (22015)",
        "1 hồ sơ ghi mã xã cũ 24118 sau 01/07/2025 được tính cho Phường Tân Lập (24121)",
        "1 hồ sơ ghi mã xã cũ 24550 sau 01/07/2025 được tính cho Xã Dray Bhăng (24561)"]
    assert (result.unmapped, result.unknown_units) == ([], {})
    assert len({unit for unit, period in received(result) if period == "2025S2"}) == 1 + 102  # every new commune


def test_why_a_code_has_no_successor() -> None:
    """An end without a link, two defaults on a split, and a chain into a split without a default."""
    units = [OrgUnit("66", "Tỉnh Đắk Lắk", PROVINCE),
             *(OrgUnit(code, f"Xã {code}", COMMUNE, "66", valid_to=END) for code in ("24001", "24002", "24003")),
             OrgUnit("24004", "Xã 24004", COMMUNE, "66", NEW, date(2026, 6, 30)),
             *(OrgUnit(code, f"Xã {code}", COMMUNE, "66", NEW) for code in ("24010", "24011")),
             *(OrgUnit(code, f"Xã {code}", COMMUNE, "66", date(2026, 7, 1)) for code in ("24012", "24013"))]
    links = [UnitLink("24002", "24010", NEW, default=True), UnitLink("24002", "24011", NEW, default=True),
             UnitLink("24003", "24004", NEW),
             UnitLink("24004", "24012", date(2026, 7, 1)), UnitLink("24004", "24013", date(2026, 7, 1))]

    table = unit_table(Hierarchy(units, links=links), "66")

    assert {(t.code, t.reason) for t in table.tallies if isinstance(t, Unmapped) and not t.before} == {
        ("24001", "xã kết thúc ngày 30/06/2025, không có đơn vị kế thừa"),
        ("24002", "xã chia tách, có nhiều đơn vị mặc định: 24010, 24011"),
        ("24003", "xã kế thừa 24004 chia tách, chưa chọn đơn vị mặc định"),  # from 1/7/2026
        ("24004", "xã chia tách, chưa chọn đơn vị mặc định"),
    }
    assert [(t.code, t.successor) for t in table.tallies if isinstance(t, Remapped)] == [("24003", "24004")]

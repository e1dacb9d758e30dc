"""Property: the engine (`chiso.dossiers.compute`) gives exactly the figures of the pandas reference.

The reference (pandas_reference.py) is written from the definitions of the issue, independently of the
engine, so agreeing on random synthetic data (any seed, size, year, period type, mixed formats, CSV or
Parquet, duplicate rows across files, a unit code outside the hierarchy, a three-level hierarchy, the
periods inferred from the reception dates or stated) is evidence that both read the definitions the same way.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas_reference import Values, compute_with_pandas, period_codes, put_rate, read_dossiers

from chiso.data import shipped_files
from chiso.dossiers import compute
from chiso.dossiers.synth import DAKLAK_UNITS, write_dossiers, write_procedures
from chiso.errors import InputError
from chiso.orgunits.model import Hierarchy, OrgUnit, OrgUnitType
from chiso.periods import Period, PeriodType

TOP = "66"
COMMUNE = "24121"  # a ward under Buôn Ma Thuột, so the roll-up has three levels
# "Every org unit": each unit under the top one has its counts in every period present, zeros included.
EVERY_UNIT = True
UNIT_SETS = {
    "districts": tuple(DAKLAK_UNITS),
    "three levels and an unknown code": ("643", COMMUNE, "650", TOP, "99999"),
}


def daklak_units() -> list[OrgUnit]:
    """The shipped Đắk Lắk units, without validity dates (periods are then read against one hierarchy),
    and a commune under Buôn Ma Thuột."""
    path = next(p for p in shipped_files() if p.name == "org_units.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        units = [OrgUnit(row["code"], row["name"], OrgUnitType(row["type"]), row["parent"])
                 for row in csv.DictReader(handle)]
    return [*units, OrgUnit(COMMUNE, "Phường Tân Lập", OrgUnitType.COMMUNE, "643")]


PROCEDURES = """procedure_code,name,online_level,has_fee,online_payment,on_national_portal,valid_from,valid_to
1.000001,Cấp giấy phép,full,có,yes,1,,
1.000002,Đăng ký khai sinh,một phần,0,false,no,01/01/2020,2024-06-30
1.000002,Đăng ký khai sinh,toàn trình,0,false,true,2024-07-01,
1.000003,Công nhận hợp tác xã,none,true,0,0,2024-04-01 00:00:00,
"""
DOSSIERS = ("dossier_id,procedure_code,unit_code,received_at,channel,due_at,completed_at,"
            "digitized,e_result,reused_data,paid_online\n") + """\
d1,1.000001,643,2024-03-05 08:00:00,online,2024-03-10,2024-03-08T10:00:00,1,có,không,yes
d1,1.000001,643,2024-03-05 08:00:00,online,2024-03-10,2024-03-08T10:00:00,1,có,không,yes
d2,1.000002,24121,05/02/2024,online,2024-02-20 17:00:00,2024-07-02,no,false,true,
d3,1.000003,99999,2024-08-01 09:00:00,direct,,02/08/2024,yes,yes,0,0
d4,1.000001,650,2024-12-30 09:00:00,postal,2025-01-10 17:00:00,,true,no,false,false
"""


def test_the_reference_on_a_hand_counted_example(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text(PROCEDURES, encoding="utf-8")
    (tmp_path / "d.csv").write_text(DOSSIERS, encoding="utf-8")
    parents = {u.code: u.parent for u in daklak_units()}

    got = compute_with_pandas([tmp_path / "p.csv"], [tmp_path / "d.csv"], parents=parents, top=TOP,
                              period_type="half", periods=["2024S1", "2024S2"])
    # Received from 05/02/2024 to 30/12/2024: no half-year is covered from its first day.
    assert compute_with_pandas([tmp_path / "p.csv"], [tmp_path / "d.csv"], parents=parents, top=TOP,
                               period_type="half") == {}

    def at(unit: str, period: str) -> dict[str, str]:
        return {k[0]: str(v) for k, v in got.items() if k[1:] == (unit, period)}

    assert at(TOP, "2024S1") == {
        "5.1.1": "3", "5.2.1": "3", "5.1.2": "1", "5.2.2": "1", "5.3.1": "2", "5.3.2": "1", "5.5.1": "2",
        "5.5.2": "1", "5.1": "33.33", "5.2": "33.33", "5.3": "50.00", "5.5": "50.00",
        "5.1.3": "1", "5.2.3": "1", "5.4.1": "2", "5.4.2": "2", "5.4": "100.00", "6.1": "50.00", "6.2": "50.00",
        "6.3": "100.00", "6.4": "100.00"}
    assert at(TOP, "2024S2") == {
        "5.1.1": "3", "5.2.1": "3", "5.1.2": "2", "5.2.2": "0", "5.3.1": "2", "5.3.2": "2", "5.5.1": "2",
        "5.5.2": "1", "5.1": "66.67", "5.2": "0.00", "5.3": "100.00", "5.5": "50.00",
        "5.1.3": "0", "5.2.3": "0", "5.4.1": "2", "5.4.2": "0", "5.4": "0.00", "6.1": "100.00", "6.2": "0.00",
        "6.3": "50.00", "6.4": "0.00"}
    assert at("643", "2024S1") == {"5.1.3": "1", "5.2.3": "1", "5.4.1": "2", "5.4.2": "2", "5.4": "100.00",
                                   "6.1": "50.00", "6.2": "50.00", "6.3": "100.00", "6.4": "100.00"}
    assert at(COMMUNE, "2024S1") == {"5.1.3": "0", "5.2.3": "1", "5.4.1": "1", "5.4.2": "1", "5.4": "100.00",
                                     "6.1": "0.00", "6.2": "100.00"}
    assert at(COMMUNE, "2024S2") == {"5.1.3": "0", "5.2.3": "0", "5.4.1": "0", "5.4.2": "0",
                                     "6.3": "0.00", "6.4": "0.00"}
    assert at("650", "2024S2")["5.4.1"] == "1" and at("650", "2024S1")["5.4.1"] == "0"
    assert {k[2] for k in got} == {"2024S1", "2024S2"}  # no dossier completed in 2025
    assert {k[1] for k in got} == {TOP, COMMUNE, *DAKLAK_UNITS}


def test_rates_round_half_up_and_have_no_value_on_a_zero_denominator() -> None:
    out: Values = {}
    put_rate(out, ("r", "u", "p"), 1, 800)  # 0,125
    put_rate(out, ("z", "u", "p"), 0, 0)

    assert out == {("r", "u", "p"): Decimal("0.13")}


def engine_values(procedures: list[Path], dossiers: list[Path], period_type: str,
                  periods: list[str] | None) -> Values:
    from chiso.catalog.loader import shipped_frameworks

    stated = None if periods is None else [Period.parse(code) for code in periods]
    try:
        result = compute(procedures, dossiers, framework=shipped_frameworks()["cqs"],
                         hierarchy=Hierarchy(daklak_units()), top=TOP, period_type=PeriodType(period_type),
                         periods=stated)
    except InputError as error:
        assert periods is None and "không bao phủ trọn" in error.message, error.message
        return {}  # no period covered from end to end: no figure at all
    return {(v.indicator, v.unit, str(v.period)): Decimal(v.value) for v in result.values}


def received_periods(dossiers: list[Path], period_type: str) -> list[str]:
    """The periods in which the files hold received dossiers (what a user would state with --periods)."""
    return sorted(set(period_codes(read_dossiers(dossiers)["received_at"], period_type).dropna()))


def disagreements(engine: Values, reference: Values) -> list[str]:
    """Every (indicator, unit, period) where the two differ, the reference's indicators only."""
    indicators = {k[0] for k in reference}
    keys = sorted({k for k in engine if k[0] in indicators} | set(reference))
    return [f"{k}: engine={engine.get(k)} pandas={reference.get(k)}" for k in keys if engine.get(k) != reference.get(k)]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), rows=st.integers(1, 4000), year=st.integers(2021, 2025),
       period_type=st.sampled_from(["year", "half", "quarter", "month"]), mixed=st.booleans(),
       parquet=st.booleans(), twice=st.booleans(), procedures_rows=st.sampled_from([15, 200, 1741]),
       units=st.sampled_from(sorted(UNIT_SETS)), stated=st.booleans())
def test_engine_agrees_with_pandas(seed: int, rows: int, year: int, period_type: str, mixed: bool, parquet: bool,
                                   twice: bool, procedures_rows: int, units: str, stated: bool) -> None:
    with TemporaryDirectory() as folder:
        suffix = ".parquet" if parquet else ".csv"
        procedures = [Path(folder, f"procedures{suffix}")]
        write_procedures(procedures[0], rows=procedures_rows, year=year, seed=seed, mixed_formats=mixed)
        dossiers = [Path(folder, f"dossiers{suffix}")]
        if twice:  # the same dossiers again in the other format: every id is a duplicate
            dossiers.append(Path(folder, "again.parquet" if suffix == ".csv" else "again.csv"))
        for path in dossiers:
            write_dossiers(path, rows=rows, year=year, seed=seed, procedures_rows=procedures_rows,
                           units=UNIT_SETS[units], mixed_formats=mixed)
        parents = {u.code: u.parent for u in daklak_units()}
        periods = received_periods(dossiers, period_type) if stated else None

        reference = compute_with_pandas(procedures, dossiers, parents=parents, top=TOP, period_type=period_type,
                                        every_unit=EVERY_UNIT, periods=periods)
        engine = engine_values(procedures, dossiers, period_type, periods)

    differences = disagreements(engine, reference)
    assert not differences, f"{len(differences)} disagreements, first ones:\n" + "\n".join(differences[:25])

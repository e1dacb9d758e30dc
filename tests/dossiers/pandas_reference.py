"""The indicators of Phụ lục VIII sections 5 and 6 computed the way an analyst would, with pandas.

Written from the definitions in the issue, independently of `chiso.dossiers` (that independence is the
point of the property test and the baseline (b) of bench/dossiers.py):

- a procedure is active in P when a version valid at the last day of P exists (empty dates are open);
- procedure counts (5.1.1 … 5.5.2 and their rates) are for the top unit only; 5.1.3/5.2.3 count the
  active full/partial procedures with at least one online dossier received in P at U;
- dossier counts are for every unit of the top's subtree, each including the units below it; a unit code
  outside the subtree counts in the top's total only; a dossier id seen twice counts once (the first row);
- the periods are those the files cover: dossiers were received in the period, the first reception is at
  most a week (three days for months) after its first day, the last at most as much before its last day,
  and the latest date of the files (received or completed) is not before its last day; or the periods
  given; counts are given for every unit and period, zero included (or, with `every_unit=False`, only
  where the unit's subtree has a dossier received or completed in the period); a rate with a zero
  denominator has no value; rates have 2 decimals, rounded half-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

TRUE = {"1", "true", "yes", "có"}
FALSE = {"0", "false", "no", "không"}
LEVELS = {"full": "full", "toàn trình": "full", "partial": "partial", "một phần": "partial",
          "none": "none", "không": "none"}
FLAGS_P = ["has_fee", "online_payment", "on_national_portal"]
FLAGS_D = ["digitized", "e_result", "reused_data"]
CENT = Decimal("0.01")

Values = dict[tuple[str, str, str], Decimal]


def compute_with_pandas(procedures: Sequence[Path], dossiers: Sequence[Path], *, parents: dict[str, str],
                        top: str, period_type: str, every_unit: bool = True,
                        periods: Sequence[str] | None = None) -> Values:
    """Every figure by (indicator, unit, period) of the periods the files cover, or of `periods`.
    `every_unit`: the dossier counts of every unit of the subtree in every period, zero included ("every org
    unit"); otherwise only of the units with a dossier received or completed in the period (in their
    subtree)."""
    procs = read_procedures(procedures)
    docs = read_dossiers(dossiers)
    docs["received_p"] = period_codes(docs["received_at"], period_type)
    docs["completed_p"] = period_codes(docs["completed_at"], period_type)
    periods = sorted(periods) if periods is not None else covered_periods(docs, period_type)
    units = sorted(subtree(parents, top))
    rolled = roll_up(docs, parents, top, set(units))
    received, completed = dossier_sums(rolled)
    online = rolled.loc[rolled["channel"] == "online", ["unit", "received_p", "procedure_code"]].drop_duplicates()
    out: Values = {}
    for period in periods:
        active = active_procedures(procs, period_end(period))
        procedure_counts(out, active, top, period)
        used = used_online(online[online["received_p"] == period], active)
        for unit in units:
            dossier_counts(out, received, completed, used, (unit, period), every_unit)
    return out


# --- reading -----------------------------------------------------------------------------------------


def read_table(paths: Sequence[Path]) -> pd.DataFrame:
    frames = []
    for path in paths:
        suffix = Path(path).suffix.lower()
        if suffix == ".csv":
            frames.append(pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8"))
        elif suffix == ".parquet":
            frames.append(_read_parquet(Path(path)))
        elif suffix == ".xlsx":
            frames.append(pd.read_excel(path, dtype=str, keep_default_na=False))
        else:
            raise ValueError(f"unknown file type: {path}")
    return pd.concat(frames, ignore_index=True)


def _read_parquet(path: Path) -> pd.DataFrame:
    """pandas needs pyarrow or fastparquet for Parquet, which chiso does not install: DuckDB reads the
    file into a DataFrame (reading only; everything else is pandas)."""
    import duckdb

    return duckdb.connect().read_parquet(str(path)).df()


def read_procedures(paths: Sequence[Path]) -> pd.DataFrame:
    df = read_table(paths)
    df["procedure_code"] = df["procedure_code"].astype(str).str.strip()
    df["online_level"] = df["online_level"].astype(str).str.strip().str.lower().map(LEVELS)
    if df["online_level"].isna().any():
        raise ValueError("unknown online_level")
    for column in FLAGS_P:
        df[column] = parse_flags(df[column], column)
    for column in ("valid_from", "valid_to"):
        df[column] = parse_dates(df[column], column).dt.normalize()
    return df


def read_dossiers(paths: Sequence[Path]) -> pd.DataFrame:
    df = read_table(paths)
    for column in ("dossier_id", "procedure_code", "unit_code", "channel"):
        df[column] = df[column].astype(str).str.strip()
    df = df.drop_duplicates("dossier_id", keep="first").reset_index(drop=True)
    for column in ("received_at", "due_at", "completed_at"):
        df[column] = parse_dates(df[column], column)
    if df["received_at"].isna().any():
        raise ValueError("received_at is required")
    for column in FLAGS_D:
        df[column] = parse_flags(df[column], column)
    df["channel"] = df["channel"].str.lower()
    return df


def as_text(values: pd.Series) -> pd.Series:
    """Trimmed text, empty for a missing cell (a Parquet NULL arrives as None or NaN)."""
    return values.map(lambda v: "" if pd.isna(v) else str(v)).astype(str).str.strip()


def parse_flags(values: pd.Series, column: str) -> pd.Series:
    if pd.api.types.is_bool_dtype(values):
        return values.astype(bool)
    text = as_text(values).str.lower()
    bad = ~text.isin(TRUE | FALSE)
    if bad.any():
        raise ValueError(f"{column}: not a yes/no: {text[bad].iloc[0]!r}")
    return text.isin(TRUE)


def parse_dates(values: pd.Series, column: str) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.astype("datetime64[us]")
    text = as_text(values)
    text = text.where(text != "", None)
    iso = pd.to_datetime(text, format="ISO8601", errors="coerce")
    vietnamese = pd.to_datetime(text, format="%d/%m/%Y", errors="coerce")
    parsed = iso.where(iso.notna(), vietnamese).astype("datetime64[us]")
    bad = parsed.isna() & text.notna()
    if bad.any():
        raise ValueError(f"{column}: not a date: {text[bad].iloc[0]!r}")
    return parsed


# --- periods and units -------------------------------------------------------------------------------

EDGE_DAYS = {"year": 7, "half": 7, "quarter": 7, "month": 3}


def covered_periods(docs: pd.DataFrame, period_type: str) -> list[str]:
    """The received periods whose both ends the reception dates reach, the files holding a later date."""
    if docs.empty:
        return []
    received = docs["received_at"].dt.normalize()
    first, last = received.min(), received.max()
    latest = max(last, docs["completed_at"].dt.normalize().max()) if docs["completed_at"].notna().any() else last
    edge = pd.Timedelta(days=EDGE_DAYS[period_type])
    return sorted(code for code in set(docs["received_p"].dropna())
                  if first <= period_start(code) + edge and last >= period_end(code) - edge
                  and latest >= period_end(code))


def period_start(code: str) -> pd.Timestamp:
    end = period_end(code)
    return pd.Timestamp(year=end.year, month=end.month - months_in(code) + 1, day=1)


def months_in(code: str) -> int:
    return 12 if len(code) == 4 else 6 if code[4] == "S" else 3 if code[4] == "Q" else 1


def period_codes(stamps: pd.Series, period_type: str) -> pd.Series:
    year = stamps.dt.year.astype("Int64").astype(str)
    month = stamps.dt.month.astype("Int64")
    if period_type == "year":
        codes = year
    elif period_type == "half":
        codes = year + "S" + ((month - 1) // 6 + 1).astype(str)
    elif period_type == "quarter":
        codes = year + "Q" + ((month - 1) // 3 + 1).astype(str)
    elif period_type == "month":
        codes = year + "-" + month.astype(str).str.zfill(2)
    else:
        raise ValueError(f"unknown period type {period_type}")
    return codes.where(stamps.notna(), None)


def period_end(code: str) -> pd.Timestamp:
    year = int(code[:4])
    if len(code) == 4:
        last_month = 12
    elif code[4] == "S":
        last_month = 6 * int(code[5])
    elif code[4] == "Q":
        last_month = 3 * int(code[5])
    else:
        last_month = int(code[5:7])
    return pd.Timestamp(year=year, month=last_month, day=1) + pd.offsets.MonthEnd(0)


def subtree(parents: dict[str, str], top: str) -> set[str]:
    return {code for code in parents if top in chain(parents, code)} | {top}


def chain(parents: dict[str, str], code: str) -> list[str]:
    """The code and its ancestors, nearest first."""
    seen = [code]
    while parents.get(seen[-1]) and parents[seen[-1]] not in seen:
        seen.append(parents[seen[-1]])
    return seen


def roll_up(docs: pd.DataFrame, parents: dict[str, str], top: str, units: set[str]) -> pd.DataFrame:
    """One row per dossier and unit counting it: its own unit and every unit above it up to the top."""
    targets = {}
    for code in docs["unit_code"].unique():
        path = chain(parents, code)
        targets[code] = path[: path.index(top) + 1] if code in units and top in path else [top]
    return docs.assign(unit=docs["unit_code"].map(targets)).explode("unit")


# --- indicators --------------------------------------------------------------------------------------


def active_procedures(procs: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    valid = (procs["valid_from"].isna() | (procs["valid_from"] <= end)) & (
        procs["valid_to"].isna() | (procs["valid_to"] >= end))
    versions = procs[valid].sort_values("valid_from", na_position="first")
    return versions.drop_duplicates("procedure_code", keep="last")


def procedure_counts(out: Values, active: pd.DataFrame, top: str, period: str) -> None:
    online = active["online_level"].isin(["full", "partial"])
    counts = {
        "5.1.1": len(active), "5.2.1": len(active),
        "5.1.2": int((active["online_level"] == "full").sum()),
        "5.2.2": int((active["online_level"] == "partial").sum()),
        "5.3.1": int(online.sum()), "5.3.2": int((online & active["on_national_portal"]).sum()),
        "5.5.1": int(active["has_fee"].sum()), "5.5.2": int((active["has_fee"] & active["online_payment"]).sum()),
    }
    for code, value in counts.items():
        out[(code, top, period)] = Decimal(value)
    for rate, (num, den) in {"5.1": ("5.1.2", "5.1.1"), "5.2": ("5.2.2", "5.2.1"), "5.3": ("5.3.2", "5.3.1"),
                             "5.5": ("5.5.2", "5.5.1")}.items():
        put_rate(out, (rate, top, period), counts[num], counts[den])


def dossier_sums(rolled: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Dossiers received, and completed, per (unit, period), with the counts the rates need."""
    rolled = rolled.assign(online=rolled["channel"] == "online", has_due=rolled["due_at"].notna(),
                           on_time=rolled["completed_at"] <= rolled["due_at"])
    received = rolled.groupby(["unit", "received_p"]).agg(
        n=("dossier_id", "size"), online=("online", "sum"), digitized=("digitized", "sum"),
        reused=("reused_data", "sum"))
    done = rolled[rolled["completed_p"].notna()]
    completed = done.groupby(["unit", "completed_p"]).agg(
        n=("dossier_id", "size"), e_result=("e_result", "sum"), has_due=("has_due", "sum"),
        on_time=("on_time", "sum"))
    return received, completed


def used_online(online: pd.DataFrame, active: pd.DataFrame) -> dict[tuple[str, str], int]:
    """(unit, level) → active procedures of that level with an online dossier received at the unit."""
    levels = online.merge(active[["procedure_code", "online_level"]], on="procedure_code")
    counts = levels.groupby(["unit", "online_level"])["procedure_code"].nunique()
    return {(str(u), str(level)): int(n) for (u, level), n in counts.items()}


def dossier_counts(out: Values, received: pd.DataFrame, completed: pd.DataFrame,
                   used: dict[tuple[str, str], int], key: tuple[str, str], every_unit: bool) -> None:
    unit, period = key
    r = received.loc[key] if key in received.index else None
    c = completed.loc[key] if key in completed.index else None
    if r is None and c is None and not every_unit:
        return
    out[("5.1.3", unit, period)] = Decimal(used.get((unit, "full"), 0))
    out[("5.2.3", unit, period)] = Decimal(used.get((unit, "partial"), 0))
    n = int(r["n"]) if r is not None else 0
    online = int(r["online"]) if r is not None else 0
    out[("5.4.1", unit, period)] = Decimal(n)
    out[("5.4.2", unit, period)] = Decimal(online)
    put_rate(out, ("5.4", unit, period), online, n)
    if r is not None:
        put_rate(out, ("6.1", unit, period), int(r["digitized"]), n)
        put_rate(out, ("6.2", unit, period), int(r["reused"]), n)
    if c is not None:
        put_rate(out, ("6.3", unit, period), int(c["e_result"]), int(c["n"]))
        put_rate(out, ("6.4", unit, period), int(c["on_time"]), int(c["has_due"]))


def put_rate(out: Values, key: tuple[str, str, str], numerator: int, denominator: int) -> None:
    if denominator:
        out[key] = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(CENT, rounding=ROUND_HALF_UP)

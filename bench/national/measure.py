"""The measurements of one database, each chiso step beside its baseline, as rows of the table.

Warm or cold: every chiso step but the load runs in a fresh child process after an untimed warm-up call
(see steps.py); the baselines run in the parent on a fresh connection. Both read a database that was just
loaded (its pages in the OS cache). The load is the real ``chiso load`` command in a subprocess, end to end
(interpreter start, Django set-up, reading the files, the writes); the baseline's load runs once, in the
parent, from reading the CSV file to the commit.
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from national import baseline, db, pages, steps
from national.data import NATION, Files

SUBTREES = (1, 4, 16, 34)  # provinces evaluated together for the time per unit
LINEAR_SPREAD = 1.5  # time per unit may vary this much between subtree sizes and still count as linear


@dataclass
class Row:
    step: str
    chiso: float | None
    baseline: float | None
    goal: str
    met: bool | None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.chiso / self.baseline if self.chiso is not None and self.baseline else None


@dataclass
class Run:
    database: db.Database
    files: Files
    folder: Path
    env: dict[str, str]
    args: argparse.Namespace
    rows: list[Row] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    profiles: dict[str, str] = field(default_factory=dict)
    empty: str = ""  # a migrated empty store, copied for every load

    @property
    def province(self) -> str:
        return self.files.provinces[0]

    @property
    def first_commune(self) -> str:
        return self.files.communes[self.province][0]

    def child(self, step: str, **spec: Any) -> dict[str, Any]:
        return steps.run_child({"step": step, "db": self.database.url, "warm_unit": self.first_commune, **spec},
                               self.env, self.folder)

    def chiso(self, *args: str, url: str | None = None, log: str = "chiso") -> tuple[float, float, int]:
        return steps.chiso_command([*args, "--db", url or self.database.url], self.env, self.folder / f"{log}.log")

    def failed(self, step: str, goal: str, result: dict[str, Any]) -> None:
        self.rows.append(Row(step, None, None, goal, False, f"chiso failed: {result.get('failed')}"))
        self.profiles[f"{step} (error)"] = "\n".join(result.get("log") or [])  # printed after the table


def measure(run: Run) -> None:
    prepare(run)
    for name, step in STEPS:
        if name not in run.args.skip:
            load = os.getloadavg()[0]  # the machine is shared: how busy it was when each step began
            print(f"[{run.database.kind}] {name} … (load average {load:.1f})", flush=True)
            run.details.setdefault("load_average", {})[name] = load
            step(run)


def prepare(run: Run) -> None:
    """An empty migrated store; chiso's copy of it; the baseline's copy with the framework and units loaded."""
    database = run.database
    run.empty = _sibling(database, "empty")
    db.create(database, run.empty)
    _ok(run.chiso("migrate", url=run.empty, log="migrate"), "chiso migrate")
    db.copy(database, run.empty, database.url)
    db.copy(database, run.empty, database.base_url)
    files = run.files
    _ok(run.chiso("load", str(files.framework), str(files.org_units), url=database.base_url, log="base"),
        "chiso load (framework and units for the baseline)")


def _sibling(database: db.Database, name: str) -> str:
    if database.kind == "sqlite":
        return database.url.replace("chiso.sqlite3", f"{name}.sqlite3")
    return database.base_url.removesuffix("_base") + f"_{name}"


def _ok(result: tuple[float, float, int], what: str) -> None:
    if result[2] != 0:
        raise SystemExit(f"{what} ended with status {result[2]}")


# --- 1. load -----------------------------------------------------------------------------------------------


def load(run: Run) -> None:
    files, database = run.files, run.database
    seconds, peak, status = run.chiso("load", str(files.framework), str(files.org_units), str(files.values),
                                      log="load")
    if status != 0:
        run.failed("load", "≤ 5×", {"failed": f"exit status {status}",
                                    "log": (run.folder / "load.log").read_text(errors="replace").splitlines()[-15:]})
        return
    start = time.perf_counter()  # once: a second run would insert the rows again
    count = baseline.load(database, database.base_url, files.values)
    base_seconds = time.perf_counter() - start
    mine, theirs = baseline.load_summary(database, database.url), baseline.load_summary(database, database.base_url)
    note = (f"{count:,} values + as many history rows; chiso peak {peak:,.0f} MB; "
            + ("same rows" if mine == theirs else f"DIFFER: chiso {mine}, baseline {theirs}"))
    row = _ratio_row("load", seconds, base_seconds, 5, note, mine == theirs)
    run.rows.append(row)
    run.details["load"] = {"chiso_peak_mb": peak, "chiso": mine, "baseline": theirs,
                           "store_mb": db.size_mb(database, database.url)}
    if _wanted(run, "load", row.met is False):
        run.profiles["load"] = _load_profile(run)


def _load_profile(run: Run) -> str:
    """The load's profile on the first --profile-rows values (the per-value work is the same for every row)."""
    head = run.folder / "values-head.csv"
    with run.files.values.open(encoding="utf-8") as source, head.open("w", encoding="utf-8") as out:
        for n, line in enumerate(source):
            if n > run.args.profile_rows:
                break
            out.write(line)
    target = _sibling(run.database, "profile")
    db.copy(run.database, run.empty, target)
    files = run.files
    text = steps.profile_command(["load", str(files.framework), str(files.org_units), str(head), "--db", target],
                                 run.env, run.folder)
    db.drop(run.database, target)
    return f"(chiso load of the first {run.args.profile_rows:,} values into an empty store)\n{text}"


# --- 2 and 3. checks ---------------------------------------------------------------------------------------


def check_nation(run: Run) -> None:
    result = run.child("check", unit=NATION)
    if "failed" in result:
        run.failed("check VN", "≤ 3×", result)
        return
    base_seconds, _runs, found = steps.timed(lambda: baseline.findings(run.database, NATION))
    same, note = _same_findings(result["found"], found)
    run.rows.append(_ratio_row("check VN", result["seconds"], base_seconds, 3, note, same))
    peak = result["peak_mb"]
    run.rows.append(Row("check VN: peak memory (MB)", peak, None, "< 2048 MB", peak < 2048,
                        f"VmHWM of the child (warm-up included); ru_maxrss {result['maxrss_mb']:,.0f} MB"))
    run.details["check VN"] = {"runs": result["runs"], "by_rule": dict(Counter(f[0] for f in result["found"]))}
    _maybe_profile(run, "check", "check VN", unit=NATION)


def check_province(run: Run) -> None:
    result = run.child("check", unit=run.province)
    if "failed" in result:
        run.failed(f"check {run.province}", "< 2 s", result)
        return
    base_seconds, _runs, found = steps.timed(lambda: baseline.findings(run.database, run.province))
    same, note = _same_findings(result["found"], found)
    met = result["seconds"] < 2 and same
    run.rows.append(Row(f"check {run.province}", result["seconds"], base_seconds, "< 2 s", met, note))
    _maybe_profile(run, "check", f"check {run.province}", unit=run.province)


def _same_findings(mine: list[list[str]], theirs: list[baseline.Finding]) -> tuple[bool, str]:
    ours, base = Counter(tuple(f) for f in mine), Counter(tuple(f) for f in theirs)
    by_rule = Counter(f[0] for f in ours.elements())
    shown = ", ".join(f"{rule} {n}" for rule, n in sorted(by_rule.items()))
    if ours == base:
        return True, f"same {sum(ours.values())} findings ({shown})"
    only_chiso, only_base = ours - base, base - ours
    return False, (f"DIFFER: {sum(only_chiso.values())} only in chiso {sorted(only_chiso)[:3]}, "
                   f"{sum(only_base.values())} only in the baseline {sorted(only_base)[:3]}; chiso: {shown}")


# --- 4. evaluations ----------------------------------------------------------------------------------------


def evaluate(run: Run) -> None:
    result = run.child("evaluate")
    if "failed" in result:
        run.failed("evaluate all units", "≤ 3×", result)
        return
    base_seconds, _runs, (period, statuses) = steps.timed(lambda: baseline.evaluations(run.database))
    mine = {(unit, code): status for unit, code, status, _period in result["found"]}
    periods = Counter(p for *_rest, p in result["found"])
    wrong = {k for k in mine.keys() | statuses.keys() if mine.get(k) != statuses.get(k)}
    units = len({unit for unit, _code in mine})
    note = (f"{len(mine):,} evaluations of {units:,} units at {dict(periods)}; "
            + ("same statuses" if not wrong else f"DIFFER on {len(wrong)}: {sorted(wrong)[:3]}")
            + f" {dict(Counter(mine.values()))}; baseline judged at {period}")
    run.rows.append(_ratio_row("evaluate all units", result["seconds"], base_seconds, 3, note, not wrong))
    run.details["evaluate"] = {"seconds_per_unit": result["seconds"] / max(units, 1), "units": units}
    _maybe_profile(run, "evaluate", "evaluate all units")


def linear(run: Run) -> None:
    result = run.child("evaluate_below", provinces=run.files.provinces)
    if "failed" in result:
        run.failed("evaluate subtrees", "linear", result)
        return
    per = result["per_province"]
    sizes = sorted({k for k in SUBTREES if k <= len(per)} | {len(per)})
    found = []
    for k in sizes:
        seconds, units = sum(p["seconds"] for p in per[:k]), sum(p["units"] for p in per[:k])
        found.append({"provinces": k, "units": units, "seconds": seconds, "ms_per_unit": seconds / units * 1000})
    whole = run.details.get("evaluate", {}).get("seconds_per_unit")
    # Linear: the time per unit does not grow with the units evaluated (falling is fine: fixed costs spread out).
    spread = [f["ms_per_unit"] for f in found] + ([whole * 1000] if whole else [])
    met = max(spread) <= LINEAR_SPREAD * spread[0]
    for f in found:
        run.rows.append(Row(f"evaluate {f['provinces']} province(s): ms/unit", f["ms_per_unit"], None,
                            f"≤ {LINEAR_SPREAD}× 1 prov.", met, f"{f['units']:,} units in {f['seconds']:.2f} s"))
    if whole:
        run.rows[-1].note += f"; one call for every unit: {whole * 1000:.2f} ms/unit"
    run.details["linear"] = found


# --- 5. roll-up --------------------------------------------------------------------------------------------


def rollup(run: Run) -> None:
    result = run.child("rollup", unit=NATION)
    if "failed" in result:
        run.failed("roll-up 5.4 to VN", "≤ 2×", result)
        return
    base_seconds, _runs, found = steps.timed(lambda: baseline.rollup(run.database))
    mine = result["found"]
    same = mine == found
    note = (f"{len(mine)} periods, " + ("same figures" if same else f"DIFFER: chiso {_diff(mine, found)}")
            + f"; {_last_year(mine)}")
    run.rows.append(_ratio_row("roll-up 5.4 to VN", result["seconds"], base_seconds, 2, note, same))
    _maybe_profile(run, "rollup", "roll-up 5.4 to VN", unit=NATION)


def _last_year(figures: dict[str, str]) -> str:
    years = sorted(p for p in figures if len(p) == 4)
    return f"{years[-1]}: {figures[years[-1]]} %" if years else "no year complete"


def _diff(mine: dict[str, str], theirs: dict[str, str]) -> str:
    keys = sorted(k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k))
    return ", ".join(f"{k}: {mine.get(k)} vs {theirs.get(k)}" for k in keys[:4])


# --- 6. pages ----------------------------------------------------------------------------------------------


def served(run: Run) -> None:
    commune = run.first_commune
    found = pages.measure(run.database.url, run.province, commune, run.env, run.args.requests, run.args.workers,
                          run.folder)
    floor = found["minimal"].get("p50")
    for page in found["pages"]:
        name = f"page {page['page']}"
        if "skipped" in page:
            run.rows.append(Row(name, None, None, "p50 ≤ 0.3 s", None, f"{page['path']}: {page['skipped']}"))
            continue
        if "failed" in page:
            run.rows.append(Row(name, None, None, "p50 ≤ 0.3 s", False, f"{page['path']}: {page['failed']}"))
            _why(run, name, page["path"])
            continue
        met = page["p50"] <= 0.3
        run.rows.append(Row(name, page["p50"], floor, "p50 ≤ 0.3 s", met,
                            f"p95 {page['p95'] * 1000:.0f} ms over {page['requests']}, first request "
                            f"{page['first'] * 1000:.0f} ms; {page['path']}; baseline: minimal Django view"))
        _maybe_profile(run, "page", name, path=page["path"], username=pages.USERNAME)
    run.details["pages"] = found


def _why(run: Run, name: str, path: str) -> None:
    """The error behind a failed page: the same request through Django's test client, which raises it."""
    result = run.child("page", profile_only=True, path=path, username=pages.USERNAME)
    run.profiles[f"{name} (error)"] = "\n".join(result.get("log") or ["the page answered 200 to the test client"])


# --- shared ------------------------------------------------------------------------------------------------


def _ratio_row(step: str, mine: float, theirs: float, limit: float, note: str, same: bool) -> Row:
    return Row(step, mine, theirs, f"≤ {limit:g}×", mine <= limit * theirs and same, note)


def _wanted(run: Run, step: str, missed: bool) -> bool:
    chosen = run.args.profile
    return step in chosen or ("auto" in chosen and missed)


def _maybe_profile(run: Run, step: str, name: str, **spec: Any) -> None:
    """A cProfile of one more run of a chiso step that missed its goal (or was asked for with --profile)."""
    row = next(r for r in reversed(run.rows) if r.step == name)
    if _wanted(run, step, row.met is False):
        result = run.child(step, profile_only=True, **spec)
        run.profiles[name] = result.get("profile") or f"profile failed: {result.get('log')}"


def cleanup(run: Run) -> None:
    for url in (run.database.base_url, run.empty):
        db.drop(run.database, url)
    if run.database.kind == "postgresql" and not run.args.keep:
        db.drop(run.database, run.database.url)
    if not run.args.keep:
        shutil.rmtree(run.folder, ignore_errors=True)


STEPS: tuple[tuple[str, Callable[[Run], None]], ...] = (
    ("load", load), ("check", check_nation), ("province", check_province), ("evaluate", evaluate),
    ("linear", linear), ("rollup", rollup), ("pages", served),
)

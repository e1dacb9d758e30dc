"""chiso's side of each measurement, each in a child process of its own (``national.py --child SPEC``).

A child opens the store as the CLI does (``chiso.store.setup.open_store``), makes one untimed warm-up call
(the findings of one commune: Django, the parsed framework and the hierarchy are then in memory, as in a
long-running web worker), then times the step. A step under QUICK seconds is timed three times and the
median kept. The child's peak memory is its VmHWM (/proc/self/status) at the end. What the step found is
written to a JSON file, so that the parent can set it against the baseline's answer.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

QUICK = 3.0  # seconds: a step faster than this is timed three times
SCRIPT = Path(__file__).resolve().parents[1] / "national.py"


def timed(work: Callable[[], Any]) -> tuple[float, list[float], Any]:
    """The median time of ``work`` (one run, or three when it is quick), every run's time, and its last result."""
    runs: list[float] = []
    result = None
    while not runs or (len(runs) < 3 and runs[0] < QUICK):
        start = time.perf_counter()
        result = work()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), runs, result


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def profile_text(work: Callable[[], Any], lines: int = 25) -> str:
    """``python -m cProfile -s cumtime``'s first ``lines`` functions for one more run of ``work``, then its
    slowest SQL statements (cProfile shows that time went to the database, not to which query)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as captured:
        profiler.runcall(work)
    return listing(pstats.Stats(profiler), lines) + slowest_sql(captured.captured_queries)


def slowest_sql(queries: list[dict[str, str]], shown: int = 5, width: int = 400) -> str:
    total = sum(float(q["time"]) for q in queries)
    # Django times the execute call: SQLite computes the rows of a plain SELECT while they are fetched, which
    # this leaves out (a GROUP BY or ORDER BY is computed before the first row, so it shows in full).
    out = [f"-- slowest SQL by execute time ({len(queries)} statements, {total:.2f} s in all) --"]
    for query in sorted(queries, key=lambda q: -float(q["time"]))[:shown]:
        text = query["sql"] if len(query["sql"]) <= width else query["sql"][:width] + " …"
        out.append(f"{float(query['time']):8.3f} s  {text}")
    return "\n".join(out) + "\n"


def listing(stats: pstats.Stats, lines: int) -> str:
    """The first ``lines`` functions by cumulative time, then the first 10 by own time (where it is spent)."""
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.sort_stats("cumulative").print_stats(lines)
    out.write("-- by own time (tottime) --\n")
    stats.sort_stats("tottime").print_stats(10)
    return out.getvalue()


# --- in the child ------------------------------------------------------------------------------------------


def child(spec: dict[str, Any]) -> None:
    from chiso.store.setup import open_store

    open_store(spec["db"])
    from chiso.store import analysis

    start = time.perf_counter()
    analysis.findings("cqs", unit=spec["warm_unit"])
    warm = time.perf_counter() - start
    if spec["step"] == "evaluate_below":
        result = _evaluate_below(spec)
    elif spec.get("profile_only"):
        work = _work(spec)
        if spec["step"] == "page":
            work()  # a page's first request imports its views: the profile is of one a served worker answers
        result = {"profile": profile_text(work)}
    else:
        seconds, runs, found = timed(_work(spec))
        result = {"seconds": seconds, "runs": runs, "found": SUMMARIES[spec["step"]](spec, found)}
    result |= {"warm_up": warm, "peak_mb": peak_mb()}
    Path(spec["out"]).write_text(json.dumps(result), encoding="utf-8")


def _work(spec: dict[str, Any]) -> Callable[[], Any]:
    """The call a step times, as the CLI, the web app and the API make it."""
    from django.core.cache import cache

    from chiso.store import analysis

    step, unit = spec["step"], spec.get("unit")
    if step == "check":  # the store keeps findings until the data changes: each run must compute them
        return lambda: (cache.clear(), analysis.findings("cqs", unit=unit))[1]
    if step == "evaluate":
        return lambda: analysis.evaluations("cqs")
    if step == "rollup":
        return lambda: analysis.view("cqs", spec["unit"], indicators=["5.4"])
    if step == "page":
        return _page(spec["path"], spec["username"])
    raise SystemExit(f"unknown step {step}")


def _page(path: str, username: str) -> Callable[[], Any]:
    """One page rendered by Django's test client, signed in as ``username`` (for a profile of a served page)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))

    def get() -> Any:
        response = client.get(path, headers={"host": "127.0.0.1"})
        if response.status_code != 200:
            raise SystemExit(f"GET {path} answered {response.status_code}")
        return response

    return get


def _evaluate_below(spec: dict[str, Any]) -> dict[str, Any]:
    """Each province's subtree evaluated on its own: the parent adds them up for 1, 4, 16 and 34 provinces."""
    from chiso.store import analysis

    per: list[dict[str, Any]] = []
    for province in spec["provinces"]:
        start = time.perf_counter()
        found = analysis.evaluations("cqs", unit=province, below=True)
        per.append({"unit": province, "seconds": time.perf_counter() - start, "units": len({e.unit for e in found})})
    return {"seconds": sum(p["seconds"] for p in per), "per_province": per}


SUMMARIES: dict[str, Callable[[dict[str, Any], Any], Any]] = {
    "check": lambda _spec, found: [(f.rule, f.indicator, f.unit, f.period) for f in found],
    "evaluate": lambda _spec, found: [(e.unit, e.indicator, e.status.value, e.period) for e in found],
    "rollup": lambda spec, view: {f.period: f.value for f in view.figures.values()
                                  if f.indicator == "5.4" and f.unit == spec["unit"]},
    "page": lambda _spec, response: len(response.content),
}


# --- in the parent -----------------------------------------------------------------------------------------


def run_child(spec: dict[str, Any], env: dict[str, str], folder: Path) -> dict[str, Any]:
    """Runs one step in a fresh child; its result, or {"failed": reason} when the child ended with an error."""
    out = folder / f"{spec['step']}-{spec.get('unit', 'all')}.json"
    out.unlink(missing_ok=True)
    log = folder / f"{spec['step']}.log"
    command = [sys.executable, str(SCRIPT), "--child", json.dumps({**spec, "out": str(out)})]
    with log.open("w") as handle:
        process = subprocess.Popen(command, env=env, stdout=handle, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(process.pid, 0)
    status = os.waitstatus_to_exitcode(status)
    if status != 0 or not out.exists():
        tail = log.read_text(errors="replace").strip().splitlines()[-40:]
        return {"failed": f"exit status {status}", "log": tail}
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    result["maxrss_mb"] = usage.ru_maxrss / 1024  # kB on Linux
    return result


def chiso_command(args: list[str], env: dict[str, str], log: Path) -> tuple[float, float, int]:
    """Runs ``chiso ARGS`` in a subprocess: its time end to end, its peak resident set (MB) and its exit status."""
    with log.open("w") as handle:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "chiso.cli", *args], env=env, stdout=handle,
                                   stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def profile_command(args: list[str], env: dict[str, str], folder: Path, lines: int = 25) -> str:
    """``chiso ARGS`` under ``python -m cProfile``: the first ``lines`` functions by cumulative time."""
    stats = folder / "profile.out"
    command = [sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "chiso.cli", *args]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return listing(pstats.Stats(str(stats)), lines)

"""The national store as files in chiso's load format: the framework, the org units and the communes' values.

One nation, its provinces and their communes; every commune reports the 21 indicators of sections 5 and 6
for every month, consistent (parts within wholes, each rate its counts rounded half up to 2 decimals) except
for a small share of commune-months given one deliberate problem each, so that the checks have findings.
Everything comes from one seeded random generator: the same size and seed give the same files.
"""

from __future__ import annotations

import csv
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "src" / "chiso" / "data" / "frameworks" / "cqs.yaml"
NATION = "VN"
FLOWS = ("5.4.1", "5.4.2")  # dossiers received in the month: a year is the sum of its months
STOCKS = ("5.1.1", "5.1.2", "5.1.3", "5.2.1", "5.2.2", "5.2.3", "5.3.1", "5.3.2", "5.5.1", "5.5.2")  # at month end
RATES = {"5.1": ("5.1.2", "5.1.1"), "5.2": ("5.2.2", "5.2.1"), "5.3": ("5.3.2", "5.3.1"), "5.4": ("5.4.2", "5.4.1"),
         "5.5": ("5.5.2", "5.5.1")}  # rate: (numerator, denominator), as the formulas of cqs.yaml
DOSSIER_RATES = ("6.1", "6.2", "6.3", "6.4")
TARGETS = {"5.1": 80, "5.4": 50, "5.5": 80}  # at least this percent by the last year of the data
PROBLEMS = ("part_above_whole", "rate_off", "jump", "percent_above_100", "unequal_totals")


@dataclass(frozen=True)
class Size:
    provinces: int = 34
    communes: int = 3321
    months: int = 24
    first_year: int = 2025
    seed: int = 1
    problem_share: float = 0.001  # of commune-months

    @property
    def periods(self) -> list[str]:
        return [f"{self.first_year + m // 12}-{m % 12 + 1:02d}" for m in range(self.months)]

    @property
    def last_year(self) -> int:
        return self.first_year + (self.months - 1) // 12


@dataclass
class Files:
    """The generated files and what a measurement needs to know of them."""

    folder: Path
    framework: Path
    org_units: Path
    values: Path
    provinces: list[str]
    communes: dict[str, list[str]]  # province → its communes
    rows: int = 0
    problems: Counter[str] = field(default_factory=Counter)


def generate(folder: Path, size: Size) -> Files:
    folder.mkdir(parents=True, exist_ok=True)
    provinces = [f"{i + 1:02d}" for i in range(size.provinces)]
    communes = _spread(provinces, size.communes)
    files = Files(folder, folder / "cqs.yaml", folder / "org_units.csv", folder / "values.csv", provinces, communes)
    files.framework.write_text(framework_text(size.last_year), encoding="utf-8")
    _write_org_units(files.org_units, communes)
    _write_values(files, size)
    return files


def _spread(provinces: list[str], count: int) -> dict[str, list[str]]:
    """Communes numbered 00001… in blocks, the remainder one each to the first provinces (98 or 97 of 3.321)."""
    base, extra = divmod(count, len(provinces))
    found, number = {}, 1
    for index, province in enumerate(provinces):
        many = base + (1 if index < extra else 0)
        found[province] = [f"{n:05d}" for n in range(number, number + many)]
        number += many
    return found


# --- the framework: the shipped cqs.yaml with period roll-ups and targets ------------------------------------


def framework_text(year: int) -> str:
    """cqs.yaml with ``period_rollup`` on the counts and numeric targets on 5.1, 5.4 and 5.5 (by ``year``)."""
    out, code = [], None
    for line in SHIPPED.read_text(encoding="utf-8").splitlines():
        out.append(line)
        found = re.match(r'  - code: "([^"]+)"', line)
        code = found.group(1) if found else code
        if re.match(r"    aggregation: ", line) and code is not None:
            out += _additions(code, year)
    return "\n".join(out) + "\n"


def _additions(code: str, year: int) -> list[str]:
    if code in FLOWS:
        return ["    period_rollup: sum"]
    if code in STOCKS:
        return ["    period_rollup: last"]
    if code in TARGETS:
        return ["    targets:", f'      - {{period: "{year}", value: "{TARGETS[code]}%"}}']
    return []


# --- org units ---------------------------------------------------------------------------------------------


def _write_org_units(path: Path, communes: dict[str, list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "name", "type", "parent", "valid_from", "valid_to"])
        writer.writerow([NATION, "Cả nước", "nation", "", "", ""])
        for province, codes in communes.items():
            writer.writerow([province, f"Tỉnh {province}", "province", NATION, "", ""])
            writer.writerows([code, f"Xã {code}", "commune", province, "", ""] for code in codes)


# --- values ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Commune:
    """What stays the same for one commune across months: sizes, shares and their monthly drift."""

    total: int  # procedures offered online in the first month
    growth: float  # new procedures a month
    full: float  # share offered fully online, first month
    partial: float  # share offered partially online
    full_used: float  # of the full ones, share with an online dossier
    partial_used: float
    on_portal: float  # of full + partial, share on the national portal
    fee: float  # share with a fee
    paid: float  # of those, share payable online in the first month
    dossiers: int  # dossiers received in a month
    online: float  # share received online in the first month
    rates: tuple[float, ...]  # 6.1–6.4 in the first month

    @classmethod
    def draw(cls, rng: random.Random) -> _Commune:
        full = rng.uniform(0.45, 0.85)
        return cls(rng.randint(180, 420), rng.uniform(0, 1.5), full, rng.uniform(0.05, 0.95 - full),
                   rng.uniform(0.3, 0.9), rng.uniform(0.3, 0.9), rng.uniform(0.7, 1.0), rng.uniform(0.2, 0.4),
                   rng.uniform(0.45, 0.9), rng.randint(150, 2500), rng.uniform(0.25, 0.75),
                   tuple(rng.uniform(40, 95) for _ in DOSSIER_RATES))


def _write_values(files: Files, size: Size) -> None:
    rng = random.Random(size.seed)
    with files.values.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["framework", "indicator", "unit", "period", "value", "note", "source"])
        for codes in files.communes.values():
            for code in codes:
                for period, figures in _commune_months(rng, size, files.problems):
                    writer.writerows(("cqs", indicator, code, period, text, "", "") for indicator, text in figures)
                    files.rows += len(figures)


def _commune_months(rng: random.Random, size: Size, problems: Counter[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    commune = _Commune.draw(rng)
    rates = list(commune.rates)
    months, tripled = [], False
    for month, period in enumerate(size.periods):
        counts = _counts(commune, month, rng)
        rates = [min(100.0, max(0.0, r + rng.uniform(-2, 2))) for r in rates]
        figures = {k: str(v) for k, v in counts.items()}
        figures |= {k: _rate(counts[part], counts[whole]) for k, (part, whole) in RATES.items()}
        figures |= {k: f"{r:.2f}" for k, r in zip(DOSSIER_RATES, rates, strict=True)}
        problem = PROBLEMS[rng.randrange(len(PROBLEMS))] if rng.random() < size.problem_share else None
        if problem is not None and not (problem == "jump" and tripled):
            _spoil(problem, counts, figures, rng)
            problems[problem] += 1
        tripled = problem == "jump"
        months.append((period, list(figures.items())))
    return months


def _counts(commune: _Commune, month: int, rng: random.Random) -> dict[str, int]:
    """The 12 counts of one month: stocks drifting slowly, dossiers within ±10 % of their level (no jump)."""
    total = commune.total + int(month * commune.growth)
    full = round(total * min(0.9, commune.full + 0.004 * month))
    partial = min(round(total * commune.partial), total - full)
    received = round(commune.dossiers * rng.uniform(0.9, 1.1))
    online = round(received * min(0.98, commune.online + 0.005 * month + rng.uniform(-0.015, 0.015)))
    fee = round(total * commune.fee)
    return {"5.1.1": total, "5.1.2": full, "5.1.3": round(full * commune.full_used),
            "5.2.1": total, "5.2.2": partial, "5.2.3": round(partial * commune.partial_used),
            "5.3.1": full + partial, "5.3.2": round((full + partial) * commune.on_portal),
            "5.4.1": received, "5.4.2": online,
            "5.5.1": fee, "5.5.2": round(fee * min(1.0, commune.paid + 0.01 * month))}


def _rate(part: int, whole: int) -> str:
    """part / whole × 100 rounded half up to 2 decimals, in integers so that no binary float rounds it."""
    hundredths = (part * 10000 * 2 + whole) // (2 * whole)
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def _spoil(problem: str, counts: dict[str, int], figures: dict[str, str], rng: random.Random) -> None:
    """One deliberate problem in one commune-month."""
    if problem == "part_above_whole":  # full procedures with an online dossier above the full procedures
        figures["5.1.3"] = str(counts["5.1.2"] + rng.randint(1, 5))
    elif problem == "rate_off":  # a rate typed wrong: 1,5 points away from its counts
        rate = float(figures["5.2"])
        figures["5.2"] = f"{rate + 1.5 if rate <= 98 else rate - 1.5:.2f}"
    elif problem == "jump":  # a month's dossiers typed three times over (the rate still agrees)
        figures["5.4.1"], figures["5.4.2"] = str(counts["5.4.1"] * 3), str(counts["5.4.2"] * 3)
    elif problem == "percent_above_100":
        figures["6.3"] = f"{rng.uniform(100.5, 109.5):.2f}"
    else:  # the two totals of online procedures that must be equal differ (its rate follows the wrong one)
        figures["5.2.1"] = str(counts["5.2.1"] + 1)
        figures["5.2"] = _rate(counts["5.2.2"], counts["5.2.1"] + 1)

"""The shipped qd766 framework in the ministry's store of world.py, with every item's figures of four quarters of
2025 entered for its four provinces, as a ministry would receive them. Hand-worked points of 2025Q4:

- Tỉnh An Hòa (T1) full marks: 100/100; in earlier quarters fewer dossiers on time (70, 80, 90 of 100), so
  2.1 earns 14, 16, 18 points and 6.3 (100 − overdue share) 4,20, 4,80, 5,40: 92,20, 94,80, 97,40, 100.
- Tỉnh Bình Sơn (T2) had no dossier with a fee (4.1 N/A, group 4 not scored: out of 90), 90 of 100 on time
  (2.1: 18; 6.3: 90% → 5,40): 87,40/90.
- Tỉnh Cát Lâm (T3) half of everything: 52/100 (worked out in ``HALF``); it sent nothing for 2025Q1.
- Tỉnh Đông Phú (T4) full marks but never typed 5.3, 5.5, 5.6, 5.7 in (missing, not zero): 90/90.
"""

from __future__ import annotations

from chiso.values.model import Value

QUARTERS = ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
ENTERED = ("1.1", "1.2", "1.3", "1.4", "5.3", "5.5", "5.6", "5.7", "6.1", "6.2")
UNTYPED = ("5.3", "5.5", "5.6", "5.7")  # by Đông Phú

# The counts behind the counted items: on time of completed, full-process TTHC with an online dossier, online
# of received, TTHC paying online of TTHC with a fee, paid online of dossiers with a fee, e-result of completed,
# digitised with e-result, re-used data of received.
FULL = {"2.1.1": 100, "2.1.2": 100, "3.1.1": 10, "3.1.2": 10, "3.3.1": 100, "3.3.2": 100, "3.5.1": 5,
        "3.5.2": 5, "4.1.1": 50, "4.1.2": 50, "5.1.1": 100, "5.1.2": 100, "5.2.1": 100, "5.4.1": 100}
# Cát Lâm: group 1 at 50% → 3 + 2 + 1 + 3 = 9; 2.1 60% → 12; 3.1 4/10 = 40% of 80% → 6; 4.1 25/50 → 5;
# 5.1 50% → 3, 5.2 40% of 80% → 2, 5.4 40% of 80% → 1, 5.3/5.5/5.6/5.7 at 50% → 1 + 2 + 1 + 1; 6.1, 6.2 at
# 50% → 3 + 3; 6.3 = 100 − (40 + 10) → 3. Groups 9, 12, 6, 5, 11, 9: 52.
HALF = {**FULL, "2.1.1": 60, "3.1.1": 4, "4.1.1": 25, "5.1.1": 50, "5.2.1": 40, "5.4.1": 40}
TOTALS_2025Q4 = {"T1": "100,00/100", "T2": "87,40/90", "T3": "52,00/100", "T4": "90,00/90"}


def sent(framework: str, unit: str, period: str, counts: dict[str, int], rate: int, complaints: int) -> list[Value]:
    """One province's figures of one quarter: the counts, every entered rate at ``rate`` %, complaints' share."""
    found = [Value(framework, code, unit, period, str(n)) for code, n in counts.items()]
    found += [Value(framework, code, unit, period, str(rate)) for code in ENTERED]
    return found + [Value(framework, "6.3.2", unit, period, str(complaints))]


def values(framework: str = "qd766") -> list[Value]:
    found: list[Value] = []
    for n, period in enumerate(QUARTERS):
        found += sent(framework, "T1", period, {**FULL, "2.1.1": 70 + 10 * n}, 100, 0)
        found += sent(framework, "T2", period, {**FULL, "2.1.1": 90, "4.1.1": 0, "4.1.2": 0}, 100, 0)
        if period != "2025Q1":
            found += sent(framework, "T3", period, HALF, 50, 10)
        found += [v for v in sent(framework, "T4", period, FULL, 100, 0) if v.indicator not in UNTYPED]
    return found


def qd766_text(code: str = "qd766", *, normalise: bool = False) -> str:
    """The shipped framework's file; under another ``code`` and with its index's 0–1 form when asked."""
    from importlib import resources

    text = resources.files("chiso.data.frameworks").joinpath("qd766.yaml").read_text("utf-8")
    if code != "qd766":
        text = text.replace("\ncode: qd766\n", f"\ncode: {code}\n", 1)
    if normalise:
        text = text.replace("    total: 100\n", "    total: 100\n    normalise: true\n    decimals: 4\n", 1)
    return text


def build(code: str = "qd766", *, normalise: bool = False) -> None:
    """The framework and its figures, into the store world.py built."""
    from chiso.catalog.loader import load_framework
    from chiso.io.files import Bundle
    from chiso.store import services

    services.save_bundle(Bundle(frameworks=[load_framework(qd766_text(code, normalise=normalise))],
                                values=values(code)))

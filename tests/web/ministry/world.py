"""A ministry's store of our own: four provinces (no nation above them), a few communes, eight quarters.

Tỉnh An Hòa (T1) reports itself; Tỉnh Bình Sơn (T2) only through its two communes; Tỉnh Cát Lâm (T3)
reports itself and sent nothing for the last quarter; Tỉnh Đông Phú (T4) has the same rate as An Hòa in
2025Q4, so they share a rank. The ministry's own unit (BO) stands at the top of the tree beside them.
"""

from __future__ import annotations

from chiso.orgunits.model import OrgUnit, OrgUnitType
from chiso.values.model import Value

FRAMEWORK = """
code: bo_thu
title: Bộ chỉ tiêu thử của bộ
indicators:
  - {code: "1", name: "Tỷ lệ hồ sơ nộp trực tuyến", type: percent, decimals: 2, formula: "{1.2} / {1.1} * 100",
     direction: higher, aggregation: ratio, targets: [{value: ">= 50%", period: "2025"}]}
  - {code: "1.1", name: "Tổng số hồ sơ", type: count}
  - {code: "1.2", name: "Số hồ sơ nộp trực tuyến", type: count}
  - {code: "2", name: "Số vụ quá hạn", type: count, direction: lower}
"""

P, C = OrgUnitType.PROVINCE, OrgUnitType.COMMUNE
UNITS = [
    OrgUnit("BO", "Bộ Thử nghiệm", OrgUnitType.MINISTRY),
    OrgUnit("T1", "Tỉnh An Hòa", P), OrgUnit("T2", "Tỉnh Bình Sơn", P), OrgUnit("T3", "Tỉnh Cát Lâm", P),
    OrgUnit("T4", "Tỉnh Đông Phú", P),
    OrgUnit("T1001", "Xã An Lạc", C, "T1"), OrgUnit("T2001", "Xã Bình Minh", C, "T2"),
    OrgUnit("T2002", "Phường Sơn Trà", C, "T2"), OrgUnit("T3001", "Xã Cát Tiên", C, "T3"),
]
QUARTERS = ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4"]


def _sent(unit: str, period: str, total: int, online: int, late: int | None = None) -> list[Value]:
    found = [Value("bo_thu", "1.1", unit, period, str(total)), Value("bo_thu", "1.2", unit, period, str(online))]
    return found + ([Value("bo_thu", "2", unit, period, str(late))] if late is not None else [])


def values() -> list[Value]:
    """An Hòa climbs 40 → 75%; Bình Sơn's communes together 30 → 65%; Cát Lâm stays low; Đông Phú ends at 75%."""
    found: list[Value] = []
    for n, period in enumerate(QUARTERS):
        found += _sent("T1", period, 100, 40 + 5 * n, late=10 - n)
        found += _sent("T2001", period, 60, 15 + 3 * n) + _sent("T2002", period, 40, 15 + 2 * n)
        if period != "2025Q4":
            found += _sent("T3", period, 200, 40 + n, late=20)
        found += _sent("T4", period, 80, 60 if period == "2025Q4" else 30 + n, late=5)
    return found


def build() -> None:
    from chiso.catalog.loader import load_framework
    from chiso.io.files import Bundle
    from chiso.store import services

    services.save_bundle(Bundle(frameworks=[load_framework(FRAMEWORK)], org_units=UNITS, values=values()))

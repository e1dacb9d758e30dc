"""Scopes: a target set for some units, types or groups applies to those units only."""

from __future__ import annotations

import pytest

from chiso.catalog.loader import load_framework
from chiso.catalog.model import Framework, TargetScope
from chiso.errors import InputError
from chiso.evaluation import evaluate
from chiso.values.model import Value


def plan(targets: str) -> Framework:
    return load_framework(f"""
code: sc
title: Kế hoạch thử
indicators:
  - {{code: "1", name: Tỷ lệ hồ sơ trực tuyến, type: percent, direction: higher, targets: {targets}}}
""")


@pytest.mark.parametrize(("written", "scope"), [
    ("{period: 2025, value: 90%}", TargetScope()),
    ("{period: 2025, value: 90%, scope: province}", TargetScope(types=("province",))),
    ("{period: 2025, value: 90%, scope: {types: [province, commune]}}", TargetScope(types=("province", "commune"))),
    ('{period: 2025, value: 90%, scope: {units: ["01", "79"]}}', TargetScope(units=("01", "79"))),
    ("{period: 2025, value: 90%, scope: {groups: [khoi_bo]}}", TargetScope(groups=("khoi_bo",))),
    ("{period: 2025, value: 90%, scope: {types: [ministry], groups: [khoi_bo]}}",
     TargetScope(types=("ministry",), groups=("khoi_bo",))),
])
def test_scopes_are_read(written: str, scope: TargetScope) -> None:
    [(_, target)] = list(plan(f"[{written}]").targets())
    assert target.scope == scope


@pytest.mark.parametrize(("written", "message"), [
    ("{period: 2025, value: 90%, scope: tinh_thanh}", "loại đơn vị «tinh_thanh» không có.*province.*commune"),
    ("{period: 2025, value: 90%, scope: {types: [huyen]}}", "loại đơn vị «huyen» không có"),
    ("{period: 2025, value: 90%, scope: {units: [01]}}", "không phải là một chuỗi văn bản"),  # 01 is read as 1
    ("{period: 2025, value: 90%, scope: {people: [a]}}", "không hợp lệ"),
])
def test_bad_scopes_are_refused_with_the_types_known(written: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        plan(f"[{written}]")
    assert caught.value.line is not None


# One indicator, several targets: the provinces' for 2025, the communes' phase, one commune's own, a bloc's.
SEVERAL = plan("""[
    {id: tinh, period: 2025, value: 90%, scope: province},
    {id: xa, period: "2025:2027", value: 70%, scope: {types: [commune]}},
    {id: xa_x2, period: 2025, value: 95%, scope: {units: ["X2"]}},
    {id: khoi, period: 2025, value: 80%, scope: {groups: [khoi_bo]}},
    {id: chung, period: 2030, value: 100%}]""")


@pytest.mark.parametrize(("unit", "unit_type", "groups", "ids"), [
    ("T", "province", frozenset(), ["tinh", "chung"]),
    ("X1", "commune", frozenset(), ["xa", "chung"]),
    ("X2", "commune", frozenset(), ["xa", "xa_x2", "chung"]),
    ("B1", "ministry", frozenset({"khoi_bo"}), ["khoi", "chung"]),
    ("X2", "", frozenset(), ["xa_x2", "chung"]),  # type and groups unknown: what names the unit, and everyone's
    ("Q", "", frozenset(), ["chung"]),
])
def test_only_the_targets_in_scope_are_evaluated(unit: str, unit_type: str, groups: frozenset[str],
                                                 ids: list[str]) -> None:
    found = evaluate(SEVERAL, [Value("sc", "1", unit, "2025", "85")], [], unit=unit, unit_type=unit_type,
                     groups=groups)
    assert [e.target.id for e in found] == ids
    assert all(e.unit == unit and e.to_dict()["target_id"] == e.target.id for e in found)


def test_the_dict_carries_scope_and_deadline() -> None:
    [row, _] = [e.to_dict() for e in evaluate(SEVERAL, [], [], unit="X1", unit_type="commune")]
    assert {k: row[k] for k in ("unit", "target_id", "target", "scope", "deadline")} == {
        "unit": "X1", "target_id": "xa", "target": "70%",
        "scope": {"units": [], "types": ["commune"], "groups": []},
        "deadline": {"kind": "phase", "start": "2025", "end": "2027", "every": ""},
    }

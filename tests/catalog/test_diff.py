"""The diff of two frameworks of one code, and a target edited in the YAML text without touching the rest."""

from __future__ import annotations

from chiso.catalog.diff import diff_frameworks
from chiso.catalog.loader import load_framework
from chiso.catalog.model import TargetScope
from chiso.catalog.targetedit import TargetEdit, edit_target

SMALL = """\
# Bộ chỉ tiêu thử của một tỉnh: ba chỉ tiêu, hai mục tiêu
code: xa_so
title: "Chuyển đổi số cấp xã"
indicators:
  - code: "1"
    name: "Số thủ tục hành chính"
    type: count
    unit: "thủ tục"
  - code: "2"
    name: "Số thủ tục trực tuyến"
    type: count
    unit: "thủ tục"
  - code: "3"
    name: "Tỷ lệ thủ tục trực tuyến"
    type: percent
    decimals: 1
    direction: higher
    formula: "{2} / {1} * 100"
    targets:
      - period: "2026"
        value: "80%"  # mục tiêu của tỉnh
        scope: commune
      - {id: "cuoi", period: "2027", value: ">90%"}
"""


def test_a_first_load_adds_everything() -> None:
    found = diff_frameworks(None, load_framework(SMALL))
    assert found.new and [i.indicator for i in found.indicators_added] == ["1", "2", "3"]
    assert [(t.indicator, t.target) for t in found.targets_added] == [("3", "2026"), ("3", "cuoi")]


def test_the_same_text_changes_nothing() -> None:
    found = diff_frameworks(load_framework(SMALL), load_framework(SMALL))
    assert found.empty and not found.text_changed


def test_indicators_added_removed_and_changed_name_their_fields() -> None:
    new = (SMALL.replace('"Số thủ tục trực tuyến"', '"Số thủ tục trực tuyến toàn trình"')
           .replace("decimals: 1", "decimals: 2")
           .replace('  - code: "1"\n    name: "Số thủ tục hành chính"', '  - code: "1"\n    name: "Số TTHC"')
           + '  - code: "4"\n    name: "Có cổng dịch vụ công"\n    type: yes_no\n')
    found = diff_frameworks(load_framework(SMALL), load_framework(new))
    assert [i.indicator for i in found.indicators_added] == ["4"]
    changed = {i.indicator: [(c.field, c.old, c.new) for c in i.changes] for i in found.indicators_changed}
    assert changed == {"1": [("name", "Số thủ tục hành chính", "Số TTHC")],
                       "2": [("name", "Số thủ tục trực tuyến", "Số thủ tục trực tuyến toàn trình")],
                       "3": [("decimals", "1", "2")]}
    removed = diff_frameworks(load_framework(new), load_framework(SMALL))
    assert [i.indicator for i in removed.indicators_removed] == ["4"]


def test_a_formula_change_is_reported() -> None:
    new = SMALL.replace('formula: "{2} / {1} * 100"', 'formula: "{2} * 100 / {1}"')
    (item,) = diff_frameworks(load_framework(SMALL), load_framework(new)).indicators_changed
    assert [(c.field, c.old, c.new) for c in item.changes] == [("formula", "{2} / {1} * 100", "{2} * 100 / {1}")]


def test_a_moved_deadline_is_one_changed_target_with_its_new_id() -> None:
    new = SMALL.replace('period: "2026"', 'period: "2028"').replace('value: "80%"', 'value: "85%"')
    found = diff_frameworks(load_framework(SMALL), load_framework(new))
    assert not found.targets_added and not found.targets_removed
    (item,) = found.targets_changed
    changes = {c.field: (c.old, c.new) for c in item.changes}
    assert changes["deadline"] == ("năm 2026", "năm 2028") and changes["value"] == ("80%", "85%")
    assert changes["id"] == ("2026", "2028")


def test_targets_added_and_removed() -> None:
    new = SMALL.replace('      - {id: "cuoi", period: "2027", value: ">90%"}\n', "")
    found = diff_frameworks(load_framework(SMALL), load_framework(new))
    assert [t.target for t in found.targets_removed] == ["cuoi"]
    back = diff_frameworks(load_framework(new), load_framework(SMALL))
    assert [t.target for t in back.targets_added] == ["cuoi"]


def test_a_scope_change_is_worded_with_unit_names() -> None:
    new = SMALL.replace("scope: commune", 'scope: {units: ["99001"]}')
    names = {"99001": "Xã Một"}
    (item,) = diff_frameworks(load_framework(SMALL), load_framework(new), names.get).targets_changed
    assert [(c.field, c.old, c.new) for c in item.changes] == [("scope", "Xã/phường/đặc khu", "Xã Một")]


def test_editing_a_target_keeps_comments_and_every_other_line() -> None:
    framework = load_framework(SMALL)
    edited = edit_target(SMALL, framework, "3", "2026",
                         TargetEdit(value="85%", period="2027", scope=TargetScope(units=("99001", "99002"))))
    assert edited == SMALL.replace('value: "80%"', 'value: "85%"').replace('period: "2026"', 'period: "2027"') \
        .replace("scope: commune", 'scope: {units: ["99001", "99002"]}')
    target = load_framework(edited).indicator("3").targets[0]
    assert target.scope.units == ("99001", "99002") and target.parts[0].value == 85


def test_editing_adds_a_missing_key_after_the_last_one_and_inside_a_flow_mapping() -> None:
    framework = load_framework(SMALL)
    edited = edit_target(SMALL, framework, "3", "cuoi", TargetEdit(scope=TargetScope(types=("commune",))))
    assert '- {id: "cuoi", period: "2027", value: ">90%", scope: {types: ["commune"]}}' in edited
    no_scope = SMALL.replace("        scope: commune\n", "")
    edited = edit_target(no_scope, load_framework(no_scope), "3", "2026", TargetEdit(text="80% số xã"))
    assert '        value: "80%"  # mục tiêu của tỉnh\n        text: "80% số xã"\n' in edited
    assert load_framework(edited).indicator("3").targets[0].text == "80% số xã"


def test_every_unit_leaves_an_absent_scope_absent() -> None:
    no_scope = SMALL.replace("        scope: commune\n", "")
    assert edit_target(no_scope, load_framework(no_scope), "3", "2026", TargetEdit(scope=TargetScope())) == no_scope
    cleared = edit_target(SMALL, load_framework(SMALL), "3", "2026", TargetEdit(scope=TargetScope()))
    assert load_framework(cleared).indicator("3").targets[0].scope.everyone

"""Editing one target of a framework's YAML text in place: the value, wording, deadline or scope changed where
they are written, every other character (comments, order, quoting, blank lines) left as it was.

The YAML is the framework's definition; an edit produces a new text, which is checked and stored like an upload.
PyYAML keeps no comments when it writes, so the text is changed at the positions its parser reports instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import yaml

from chiso.catalog.model import Framework, TargetScope
from chiso.errors import InputError


@dataclass(frozen=True)
class TargetEdit:
    """What to change; None leaves a field as written."""

    value: str | None = None
    text: str | None = None
    period: str | None = None  # a period ("2025") or a phase ("2025:2027"); ``every`` is left as written
    scope: TargetScope | None = None


_Edit = tuple[int, int, str]  # replace text[start:end] with the string


def edit_target(source: str, framework: Framework, indicator: str, target: str, edit: TargetEdit) -> str:
    """``source`` with target ``target`` of ``indicator`` changed as ``edit`` says.

    ``framework`` is ``source`` loaded: it tells which written target has the id (ids may be implied).
    """
    node = _target_node(source, framework, indicator, target)
    keys = {str(key.value): (key, value) for key, value in node.value}
    wanted = _wanted(edit, framework, indicator, target, keys)
    edits: list[_Edit] = []
    for key, text in wanted.items():
        if key in keys:
            value = keys[key][1]
            start = int(value.start_mark.index)
            edits.append((start, _end(value), text if source[start - 1:start] != ":" else f" {text}"))
        elif text != "{}":  # an absent scope already means every unit
            edits.append(_insertion(source, node, f"{key}: {text}"))
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    return source


def scope_text(scope: TargetScope) -> str:
    """A scope as a YAML flow mapping: ``{units: ["99001"], types: ["commune"]}``; ``{}`` for every unit."""
    parts = [f"{key}: {_quoted(list(codes))}" for key, codes in
             (("units", scope.units), ("types", scope.types), ("groups", scope.groups)) if codes]
    return "{" + ", ".join(parts) + "}"


def _wanted(edit: TargetEdit, framework: Framework, indicator: str, target: str,
            keys: dict[str, tuple[yaml.Node, yaml.Node]]) -> dict[str, str]:
    wanted: dict[str, str] = {}
    if edit.value is not None:
        if "value" not in keys:
            raise InputError(f"chỉ tiêu {indicator}, mục tiêu {target}: mục tiêu này không ghi bằng một giá trị "
                             "(value), không sửa được ở đây", file=framework.code, column="value",
                             expected="sửa mục tiêu dạng nhiều phần, khoảng hoặc mức trong tệp YAML rồi tải lên")
        wanted["value"] = _quoted(edit.value.strip())
    if edit.text is not None:
        wanted["text"] = _quoted(edit.text.strip())
    if edit.period is not None:
        wanted["period"] = _quoted(edit.period.strip())
    if edit.scope is not None:
        wanted["scope"] = scope_text(edit.scope)
    return wanted


def _target_node(source: str, framework: Framework, indicator: str, target: str) -> yaml.MappingNode:
    found = framework.indicator(indicator) if framework.has(indicator) else None
    ids = [t.id for t in found.targets] if found is not None else []
    if target not in ids:
        raise InputError(f"bộ chỉ tiêu {framework.code} không có mục tiêu «{target}» của chỉ tiêu «{indicator}»",
                         file=framework.code, expected="một mục tiêu có trong bộ chỉ tiêu")
    root = yaml.compose(source, Loader=yaml.SafeLoader)
    targets = _child(_indicator_node(root, indicator), "targets")
    assert isinstance(targets, yaml.SequenceNode)  # the framework was loaded from this text
    node = targets.value[ids.index(target)]
    assert isinstance(node, yaml.MappingNode)
    return node


def _indicator_node(root: yaml.Node | None, code: str) -> yaml.MappingNode:
    lists = [_child(root, "indicators")]
    sections = _child(root, "sections")
    lists += [_child(section, "indicators") for section in getattr(sections, "value", [])]
    for items in lists:
        for node in getattr(items, "value", []):
            found = _child(node, "code")
            if isinstance(node, yaml.MappingNode) and found is not None and str(found.value) == code:
                return node
    raise AssertionError(f"indicator {code} of a loaded framework not in its text")


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((value for name, value in node.value if str(name.value) == key), None)


def _end(node: yaml.Node) -> int:
    """Where the node's own text ends: a block collection's end mark lies at the next token, past comments."""
    if not isinstance(node, yaml.CollectionNode) or node.flow_style or not node.value:
        return int(node.end_mark.index)
    last = node.value[-1]
    return _end(last[1] if isinstance(last, tuple) else last)


def _insertion(source: str, mapping: yaml.MappingNode, line: str) -> _Edit:
    """A new ``key: value`` after the mapping's last one: on a line of its own, indented as its keys."""
    if mapping.flow_style:
        at = int(mapping.end_mark.index) - 1  # before the closing brace
        return at, at, f", {line}"
    end = _end(mapping)
    if source[end - 1:end] == "\n":  # a block scalar ends after its line
        at = end - 1
    else:
        found = source.find("\n", end)
        at = len(source) if found == -1 else found  # after a comment on the same line, not before it
    indent = " " * int(mapping.value[0][0].start_mark.column)
    return at, at, f"\n{indent}{line}"


def _quoted(value: object) -> str:
    """A YAML double-quoted scalar (or flow list of them): JSON's strings are YAML's."""
    return json.dumps(value, ensure_ascii=False)


def written_target(source: str, framework: Framework, indicator: str, target: str) -> dict[str, object]:
    """The target's mapping as its YAML writes it (``value: "90%"``, ``period: "2025"``…), for a form to show."""
    node = _target_node(source, framework, indicator, target)
    found = yaml.SafeLoader("").construct_document(node)
    assert isinstance(found, dict)
    return found

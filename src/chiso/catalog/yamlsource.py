"""Reading YAML with exact decimals and the line of every node, so errors can name their line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from chiso.errors import InputError

Path = tuple[str | int, ...]


class _ExactLoader(yaml.SafeLoader):
    """SafeLoader that reads 46.14 as Decimal("46.14"): exact, and "5.10" keeps its written digits."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:  # .inf and .nan have no exact decimal; keep YAML's own reading
        return Decimal(str(loader.construct_yaml_float(node)))


_ExactLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


@dataclass(frozen=True)
class YamlDocument:
    data: Any
    lines: dict[Path, int]
    file: str

    def line(self, path: Path) -> int | None:
        """The line of the deepest node along ``path`` that has one."""
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.lines:
                return self.lines[path[:cut]]
        return None

    def error(self, path: Path, message: str, expected: str | None = None) -> InputError:
        return InputError(message, file=self.file, line=self.line(path), column=dotted(path),
                          expected=expected)


def dotted(path: Path) -> str:
    """``("sections", 0, "indicators", 3, "unit")`` → ``sections[0].indicators[3].unit``."""
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else f".{key}"
    return text.lstrip(".")


def read_yaml(text: str, file: str) -> YamlDocument:
    try:
        node = yaml.compose(text, Loader=_ExactLoader)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, file) from exc
    if node is None:
        raise InputError("tệp YAML rỗng", file=file, expected="một bộ chỉ tiêu (code, title, indicators…)")
    lines: dict[Path, int] = {}
    _collect_lines(node, (), lines)
    data = _ExactLoader(text).get_single_data()
    return YamlDocument(data=data, lines=lines, file=file)


def _collect_lines(node: yaml.Node, path: Path, lines: dict[Path, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _collect_lines(value, (*path, str(key.value)), lines)
            lines[(*path, str(key.value))] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_lines(item, (*path, index), lines)


def _yaml_error(exc: yaml.YAMLError, file: str) -> InputError:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    line = mark.line + 1 if mark is not None else None
    column = f"ký tự {mark.column + 1}" if mark is not None else None
    return InputError(f"YAML không hợp lệ: {_clean(problem)}", file=file, line=line, column=column,
                      expected="cú pháp YAML đúng (thụt lề bằng dấu cách, dấu «:» sau mỗi khoá)")


def _clean(problem: str) -> str:
    return re.sub(r"\s+", " ", problem).strip()

"""Reading YAML with exact decimals and the line of every node, so errors can name their line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from chiso.errors import InputError

try:  # libyaml's parser, bundled with PyYAML's wheels, reads a framework three times faster than Python's
    from yaml import CSafeLoader as _FastLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _FastLoader  # type: ignore[assignment]

Path = tuple[str | int, ...]


class _ExactLoader(yaml.SafeLoader):
    """SafeLoader that reads 46.14 as Decimal("46.14"): exact, and "5.10" keeps its written digits.

    Its messages are the ones translated below: a text libyaml refuses is read again by it to say why.
    """


class _FastExactLoader(_FastLoader):
    """The same reading through libyaml's parser."""


def _construct_decimal(loader: yaml.SafeLoader | _FastLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:  # .inf and .nan have no exact decimal; keep YAML's own reading
        return Decimal(str(loader.construct_yaml_float(node)))


_ExactLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_FastExactLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


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
        return _read(_FastExactLoader(text), file)
    except yaml.YAMLError:
        pass  # read again below, for the message
    try:
        return _read(_ExactLoader(text), file)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, file) from exc


def _read(loader: yaml.SafeLoader | _FastLoader, file: str) -> YamlDocument:
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError("tệp YAML rỗng", file=file, expected="một bộ chỉ tiêu (code, title, indicators…)")
        lines: dict[Path, int] = {}
        _collect_lines(node, (), lines, file)
        data = loader.construct_document(node)  # the nodes already read, not the text parsed again
    finally:
        loader.dispose()
    return YamlDocument(data=data, lines=lines, file=file)


def _collect_lines(node: yaml.Node, path: Path, lines: dict[Path, int], file: str) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            key_path = (*path, str(key.value))
            if key_path in lines:  # YAML requires unique keys; PyYAML would silently keep the last one
                raise InputError(f"khoá «{key.value}» xuất hiện hai lần (lần đầu ở dòng {lines[key_path]})",
                                 file=file, line=key.start_mark.line + 1, column=dotted(key_path),
                                 expected="mỗi khoá chỉ xuất hiện một lần trong cùng một nhóm")
            _collect_lines(value, key_path, lines, file)
            lines[key_path] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_lines(item, (*path, index), lines, file)


# PyYAML's common problems in words an official can act on: (problem pattern, context it must come with,
# message, whether the context mark, where the unfinished construct began, is the line to show).
_YAML_PROBLEMS: tuple[tuple[str, str, str, bool], ...] = (
    (r"found character '\\t' that cannot start any token", "",
     "có ký tự tab; YAML chỉ được thụt lề bằng dấu cách", False),
    (r"found character '(?P<char>.)' that cannot start any token", "",
     "ký tự «{char}» không được đứng đầu một giá trị; hãy đặt giá trị trong dấu nháy kép", False),
    (r"found unexpected end of stream", "while scanning a quoted scalar",
     "chuỗi mở bằng dấu nháy ở dòng này chưa có dấu nháy đóng", True),
    (r"expected ',' or '\]'", "", "danh sách mở bằng «[» ở dòng này chưa được đóng bằng «]»", True),
    (r"expected ',' or '\}'", "", "nhóm mở bằng «{{» ở dòng này chưa được đóng bằng «}}»", True),
    (r"could not find expected ':'", "", "thiếu dấu «:» sau khoá", True),
    (r"mapping values are not allowed here", "",
     "dấu «:» không được phép ở đây: thụt lề sai, hoặc giá trị có dấu «:» cần đặt trong dấu nháy kép", False),
    (r"expected <block end>, but found", "",
     "thụt lề không khớp với các dòng cùng cấp ở trên, hoặc có chữ thừa sau một giá trị", False),
    (r"found undefined alias '(?P<alias>[^']*)'", "", "bí danh «*{alias}» chưa được định nghĩa", False),
    (r"could not determine a constructor for the tag '(?:tag:yaml.org,2002:)?(?P<tag>[^']*)'", "",
     "thẻ YAML «{tag}» không được hỗ trợ", False),
)


def _yaml_error(exc: yaml.YAMLError, file: str) -> InputError:
    problem = _clean(getattr(exc, "problem", None) or str(exc))
    context = getattr(exc, "context", None) or ""
    mark = getattr(exc, "problem_mark", None)
    message = f"YAML không hợp lệ: {problem}"
    for pattern, wanted_context, words, at_context in _YAML_PROBLEMS:
        match = re.search(pattern, problem)
        if match and wanted_context in context:
            message = f"YAML không hợp lệ: {words.format(**match.groupdict())}"
            if at_context:
                mark = getattr(exc, "context_mark", None) or mark
            break
    line = mark.line + 1 if mark is not None else None
    column = f"ký tự {mark.column + 1}" if mark is not None else None
    return InputError(message, file=file, line=line, column=column,
                      expected="cú pháp YAML đúng (thụt lề bằng dấu cách, dấu «:» sau mỗi khoá)")


def _clean(problem: str) -> str:
    return re.sub(r"\s+", " ", problem).strip()

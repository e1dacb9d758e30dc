"""The core's English catalogue holds every message the core writes, each translated, and its .mo is current.

The messages are found as gettext's extractors find them: the first argument, a string, of ``_``, ``N_``,
``phrase`` and ``translate`` imported from chiso.i18n, in every module of the core (the web app has its own
catalogue, tests/web/test_english.py). A new message without its English fails here.
"""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

import chiso
from chiso import i18n

CORE = Path(chiso.__file__).parent
PO = i18n.LOCALE / "en" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
MARKERS = {"_", "N_", "phrase", "translate"}
PLACEHOLDER = re.compile(r"\{\w*\}")


def _marked(tree: ast.Module) -> set[str]:
    """The names this module imports from chiso.i18n that mark a message."""
    return {alias.asname or alias.name for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "chiso.i18n" for alias in node.names} & MARKERS


def used_messages() -> dict[str, str]:
    """Every msgid the core marks, with the first place it is marked (``checks/builtin.py:66``)."""
    found: dict[str, str] = {}
    for path in sorted(CORE.rglob("*.py")):
        if path.relative_to(CORE).parts[0] == "web":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        markers = _marked(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in markers
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, f"{path.relative_to(CORE)}:{node.lineno}")
    return found


def catalogue() -> Catalog:
    with PO.open("rb") as file:
        return read_po(file)


def test_the_core_marks_its_messages() -> None:
    used = used_messages()
    assert len(used) > 90
    assert {"Vượt chỉ tiêu", "Đúng tiến độ", "Chưa đến hạn (hết {due}) nên đang thực hiện."} <= set(used)


def test_every_message_of_the_core_is_in_the_english_catalogue_and_translated() -> None:
    found = catalogue()
    assert not found.fuzzy
    messages = {m.id: m for m in found if m.id}
    used = used_messages()
    missing = {msgid: where for msgid, where in used.items() if msgid not in messages}
    assert missing == {}, f"add these to {PO} (msgid Vietnamese, msgstr English), then compile it"
    bare = [msgid for msgid in used if not str(messages[msgid].string).strip() or messages[msgid].fuzzy]
    assert bare == []
    differ = [msgid for msgid in used
              if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(str(messages[msgid].string)))]
    assert differ == []
    assert set(messages) - set(used) == set(), "messages no longer used: remove them from the catalogue"


def test_compiled_catalogue_is_up_to_date() -> None:
    compiled = io.BytesIO()
    write_mo(compiled, catalogue())
    compiled.seek(0)
    with PO.with_suffix(".mo").open("rb") as shipped:
        current = {m.id: m.string for m in read_mo(compiled) if m.id}
        assert {m.id: m.string for m in read_mo(shipped) if m.id} == current, \
            f"{PO.with_suffix('.mo')} is older than its .po: run make messages"


def test_the_catalogue_ships_with_the_package() -> None:
    pyproject = (CORE.parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"locale/**/*"' in pyproject and '"*.mo"' in pyproject
    assert i18n.translate("Chưa đạt", "en") == "Not met"  # read from the compiled .mo by stdlib gettext

"""The Excel pages' own English catalogue (src/chiso/web/transfer/locale): complete and compiled."""

from __future__ import annotations

import io
import re
from pathlib import Path

from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

import chiso.web.transfer

PO = Path(chiso.web.transfer.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def test_every_message_is_translated_with_its_placeholders() -> None:
    with PO.open("rb") as file:
        catalogue = read_po(file)
    problems = []
    for message in catalogue:
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string or ())
        if not message.id:
            continue
        if message.fuzzy or not all(strings):
            problems.append(("untranslated", ids[0]))
        elif any(sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(ids[-1])) for s in strings):
            problems.append(("placeholders differ", ids[0]))
    assert problems == [] and len(catalogue) > 50


def test_the_compiled_catalogue_is_up_to_date() -> None:
    with PO.open("rb") as file:
        compiled = io.BytesIO()
        write_mo(compiled, read_po(file))
    compiled.seek(0)
    with PO.with_suffix(".mo").open("rb") as shipped:
        assert _messages(shipped) == _messages(compiled)


def _messages(file: io.BufferedIOBase | io.BytesIO) -> dict[object, object]:
    # The header is left out: msgfmt (Django's compilemessages) drops POT-Creation-Date from it, and Babel then
    # reads the .mo's creation date as "now".
    return {_key(m.id): _key(m.string) for m in read_mo(file) if m.id}


def _key(text: object) -> object:
    return tuple(text) if isinstance(text, list | tuple) else text

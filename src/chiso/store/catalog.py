"""Frameworks in the store: their YAML text is the definition, parsed once per text."""

from __future__ import annotations

from chiso.catalog.loader import load_framework
from chiso.catalog.model import Framework
from chiso.store import models

_parsed: dict[tuple[str, str], Framework] = {}


def frameworks() -> dict[str, Framework]:
    """Every stored framework, parsed once per definition text."""
    found = {}
    for code, source in models.Framework.objects.values_list("code", "source"):
        if (code, source) not in _parsed:
            _parsed[code, source] = load_framework(source, file=f"{code} (kho)")
        found[code] = _parsed[code, source]
    return found


def save_framework(framework: Framework) -> None:
    models.Framework.objects.update_or_create(
        code=framework.code, defaults={"title": framework.title, "source": framework.source_text})

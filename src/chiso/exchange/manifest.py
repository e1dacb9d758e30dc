"""The JSON Schema of an exchange package's manifest: a manifest that does not fit it is refused whole."""

from __future__ import annotations

from typing import Any

_TEXT: dict[str, Any] = {"type": "string"}
_SHA256: dict[str, Any] = {"type": "string", "pattern": "^[0-9a-f]{64}$"}


def _record(**properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": sorted(properties),
            "additionalProperties": False}


def _texts(*names: str) -> dict[str, Any]:
    return _record(**dict.fromkeys(names, _TEXT))


MANIFEST_SCHEMA: dict[str, Any] = {
    **_record(
        format={"const": "chiso-exchange"},
        format_version={"const": 1},
        exported_by=_TEXT,
        exported_at=_TEXT,
        chiso_version=_TEXT,
        frameworks={"type": "array", "items": _record(code=_TEXT, title=_TEXT, sha256=_SHA256)},
        units={"type": "array", "items": _texts("code", "name", "type")},
        periods={"type": "array", "items": _TEXT},
        approvals={"type": "array", "items": _texts("framework", "unit", "period", "by", "at")},
        figures={"type": "array", "items": _texts("framework", "indicator", "unit", "period", "origin", "source",
                                                  "recorded_by", "recorded_at", "approved_by", "approved_at")},
        data=_record(file={"const": "data.csv"}, format=_TEXT, structure=_TEXT, sha256=_SHA256),
    ),
    "$schema": "https://json-schema.org/draft/2020-12/schema",
}

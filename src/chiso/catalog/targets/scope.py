"""Reading a target's scope: ``scope: {units: [...], types: [...], groups: [...]}`` or ``scope: province``."""

from __future__ import annotations

from chiso.catalog.model import TargetScope
from chiso.errors import InputError
from chiso.orgunits.model import OrgUnitType

_KEYS = ("units", "types", "groups")


def parse_scope(raw: object) -> TargetScope:
    """Whom a target is set for; nothing written means every unit."""
    if raw is None:
        return TargetScope()
    if isinstance(raw, str):
        return TargetScope(types=(_type(raw),))
    if not isinstance(raw, dict) or set(raw) - set(_KEYS):
        raise InputError(f"scope «{raw}» không hợp lệ",
                         expected="scope: {units: [...], types: [...], groups: [...]} hoặc một loại đơn vị")
    units, types, groups = (_codes(raw.get(key), key) for key in _KEYS)
    return TargetScope(units, tuple(_type(t) for t in types), groups)


def _codes(value: object, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    for item in items:
        # a number written unquoted loses its leading zeros (01 → 1): a unit code must stay as written
        if not isinstance(item, str):
            raise InputError(f"scope.{key}: «{item}» phải là một mã viết trong ngoặc kép",
                             expected=f'ví dụ {key}: ["01", "79"]')
    return tuple(str(item).strip() for item in items)


def _type(text: str) -> str:
    try:
        return OrgUnitType(text.strip()).value
    except ValueError:
        raise InputError(f"loại đơn vị «{text}» không có",
                         expected=", ".join(t.value for t in OrgUnitType)) from None

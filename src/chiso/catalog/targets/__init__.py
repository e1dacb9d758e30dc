"""Building targets from their YAML mappings: the fields every kind shares, then the kind's own reading.

The kinds (number, bound, range, compound, level, rank, qualitative and any plug-in) are registered in
:mod:`chiso.evaluation.kinds`, each reading its own shape; the kind is named by ``kind:`` or inferred.
"""

from __future__ import annotations

from typing import Any

from chiso.catalog.model import Indicator, LegalBasis, Target
from chiso.catalog.targets.deadline import parse_deadline
from chiso.catalog.targets.reading import baseline
from chiso.catalog.targets.scope import parse_scope


def build_target(raw: dict[str, Any], indicator: Indicator) -> Target:
    """A Target from its YAML mapping; raises InputError (without location) when it cannot be read."""
    # Imported here: the kinds judge targets too, and the evaluation reads this package's model.
    from chiso.evaluation.kinds import kind_for

    kind = kind_for(raw, indicator)
    return kind.parse(raw, indicator, common_fields(raw))


def common_fields(raw: dict[str, Any]) -> dict[str, Any]:
    """What every target has whatever its kind: id, deadline, scope, baseline, basis, note, its text."""
    deadline = parse_deadline(raw)
    return {
        "id": str(raw.get("id") or _default_id(raw, deadline.end)),
        "period": deadline.end,
        "deadline": deadline,
        "scope": parse_scope(raw.get("scope")),
        "text": str(raw.get("text") or "").strip(),
        "baseline": baseline(raw.get("baseline")),
        "legal_basis": LegalBasis(**raw["legal_basis"]) if raw.get("legal_basis") else None,
        "note": str(raw.get("note", "")),
    }


def _default_id(raw: dict[str, Any], end: str) -> str:
    # a single deadline keeps its period as id ("2025"), as recorded evaluations name it
    written = str(raw["period"]).strip()
    return end if ":" not in written else written.replace(" ", "")

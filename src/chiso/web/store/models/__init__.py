"""Persistent store models. The core works on plain data; these keep it, with a full change history."""

from chiso.web.store.models.catalog import Framework
from chiso.web.store.models.orgunits import OrgUnit
from chiso.web.store.models.values import RecordedEvaluation, Value

__all__ = ["Framework", "OrgUnit", "RecordedEvaluation", "Value"]

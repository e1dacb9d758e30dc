"""Persistent store models. The core works on plain data; these keep it, with a full change history."""

from chiso.store.models.catalog import Framework
from chiso.store.models.orgunits import OrgUnit, OrgUnitGroup, OrgUnitGroupMember, OrgUnitLink, OrgUnitVersion
from chiso.store.models.rounds import DataSet, EntryException
from chiso.store.models.submissions import Submission, SubmissionStatus, is_locked
from chiso.store.models.values import RecordedEvaluation, Value

__all__ = ["DataSet", "EntryException", "Framework", "OrgUnit", "OrgUnitGroup", "OrgUnitGroupMember",
           "OrgUnitLink", "OrgUnitVersion",
           "RecordedEvaluation", "Submission", "SubmissionStatus", "Value", "is_locked"]

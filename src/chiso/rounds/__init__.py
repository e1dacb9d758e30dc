"""Reporting rounds: which units report which indicators for which periods, by when, and who has.

A data set (``DataSet``) names a framework's indicators, whom it asks (units, unit types, groups), its
period type and its schedule; a round is one of its periods. The entry window of a round and each
unit's standing in it (``completeness``) are computed here once, for the web app, the API and the CLI.
"""

from chiso.rounds.completeness import Completeness, Standing, UnitReport, standing, tally
from chiso.rounds.model import DataSet, EntryWindow, Schedule

__all__ = ["Completeness", "DataSet", "EntryWindow", "Schedule", "Standing", "UnitReport", "standing", "tally"]

"""The store's interface: what the CLI, the web app and the API call to read and write the core's plain data.

Everything here works on the core's types (frameworks, org units, values, recorded evaluations); the
Django models stay inside the store.
"""

from chiso.store.catalog import frameworks, save_framework
from chiso.store.reads import recorded_evaluations, values
from chiso.store.units import hierarchy, org_unit_groups, org_units, save_org_unit_groups, save_org_units
from chiso.store.versions import save_org_unit_links
from chiso.store.writes import reset, save_bundle, save_recorded_evaluations, save_values

__all__ = ["frameworks", "hierarchy", "org_unit_groups", "org_units", "recorded_evaluations", "reset", "save_bundle",
           "save_framework", "save_org_unit_groups", "save_org_unit_links", "save_org_units",
           "save_recorded_evaluations", "save_values", "values"]

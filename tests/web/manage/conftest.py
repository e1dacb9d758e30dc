"""The management pages' world (manage_world.py): its fixtures, for every test of this folder."""

from web.manage.manage_world import admin, province, signed_in

__all__ = ["admin", "province", "signed_in"]

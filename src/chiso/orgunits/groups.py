"""Org-unit groups (nhóm đơn vị): named sets of units across the tree, such as the blocs of a national report.

The EMC report judges the ministries' bloc (khối bộ) and the provinces' bloc (khối tỉnh) against targets
of their own. A group is not a unit of the tree: its members keep their parents, a unit may belong to
several groups, and the group's figure is computed from its members' figures as a parent's is from its
children's (``chiso.view.groups``).
"""

from __future__ import annotations

from dataclasses import dataclass

MEMBER_SEPARATOR = ";"


@dataclass(frozen=True)
class OrgUnitGroup:
    code: str  # never the code of a unit: a figure's unit is one or the other
    name: str  # «Khối tỉnh»
    members: tuple[str, ...] = ()  # unit codes, in the order given
    name_en: str = ""
    kind: str = ""  # the group set it belongs to («khoi» for the blocs), empty when it stands alone

    @property
    def member_text(self) -> str:
        """The members as a groups file writes them: «01;79;66»."""
        return MEMBER_SEPARATOR.join(self.members)


def split_members(text: str) -> list[str]:
    """The member codes of a groups file's cell, blanks dropped: «01; 79;» → ["01", "79"]."""
    return [part.strip() for part in text.split(MEMBER_SEPARATOR) if part.strip()]

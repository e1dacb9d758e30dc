"""Reading a groups file (``groups.csv``): one group a row, its members' unit codes separated by «;».

```
code,name,members,name_en,kind
khoi_tinh,Khối tỉnh,01;79;66,Provinces' bloc,khoi
khoi_bo,Khối bộ,B01;B02,Ministries' bloc,khoi
```

The whole file is checked before anything is kept: an unknown member, a group given twice, a group code
that is a unit's code each name the file, line and column.
"""

from __future__ import annotations

from collections.abc import Collection

from chiso.errors import InputError, InputErrors
from chiso.io.tables import MAX_ERRORS, Row
from chiso.orgunits.groups import OrgUnitGroup, split_members

UNIT_FILE = "tệp code,name,type,parent,valid_from,valid_to"


def group_reader(row: Row) -> OrgUnitGroup:
    code = row.get("code")
    if not code:
        raise row.error("code", "thiếu mã nhóm đơn vị", expected="một mã ngắn, ví dụ khoi_tinh")
    name = row.get("name")
    if not name:
        raise row.error("name", "thiếu tên nhóm đơn vị", expected="tên đầy đủ, ví dụ Khối tỉnh")
    members = split_members(row.get("members"))
    if not members:
        raise row.error("members", f"nhóm {code} không có thành viên",
                        expected="mã các đơn vị ngăn cách bằng dấu chấm phẩy, ví dụ 01;79;66")
    twice = sorted({m for m in members if members.count(m) > 1})
    if twice:
        raise row.error("members", f"nhóm {code} ghi hai lần đơn vị {', '.join(twice)}",
                        expected="mỗi đơn vị một lần")
    return OrgUnitGroup(code, name, tuple(members), row.get("name_en"), row.get("kind"))


def read_groups(rows: list[Row], unit_codes: Collection[str]) -> list[OrgUnitGroup]:
    """The groups of ``rows``, each member a unit of ``unit_codes`` and no group code a unit's: all or none.

    Every problem of the file is found in one pass, so that it is fixed in one go.
    """
    groups: list[OrgUnitGroup] = []
    errors: list[InputError] = []
    seen: dict[str, Row] = {}
    for row in rows:
        try:
            group = group_reader(row)
        except InputError as exc:
            errors.append(exc.located(file=row.file, line=row.line))
            continue
        errors += _problems(row, group, unit_codes, seen.get(group.code))
        seen.setdefault(group.code, row)
        groups.append(group)
    if errors:
        raise InputErrors(errors[:MAX_ERRORS]) if len(errors) > 1 else errors[0]
    return groups


def _problems(row: Row, group: OrgUnitGroup, unit_codes: Collection[str], first: Row | None) -> list[InputError]:
    found = []
    if first is not None:
        where = f"dòng {first.line}" if first.line is not None else first.file
        found.append(row.error("code", f"nhóm {group.code} đã có ở {where}", expected="mỗi nhóm một dòng"))
    if group.code in unit_codes:
        found.append(row.error("code", f"mã nhóm {group.code} trùng mã một đơn vị",
                               expected="mã nhóm khác mọi mã đơn vị, ví dụ khoi_tinh"))
    unknown = [m for m in group.members if m not in unit_codes]
    if unknown:
        found.append(row.error("members", f"nhóm {group.code}: đơn vị {', '.join(unknown)} không có trong danh mục"
                               " đơn vị", expected=f"mã một đơn vị đã nạp ({UNIT_FILE})"))
    return found

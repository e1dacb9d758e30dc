"""An exchange package: a zip of the SDMX-CSV of a province's approved figures and a JSON manifest.

The manifest says who exported the package and when, with which chiso, the frameworks (each with the sha256
of its definition, so the receiver can tell it holds the same one), the units and periods, each figure's
provenance (its citation, who recorded it, who approved its period and when) and the CSV's sha256, so that a
package changed on its way is refused before anything is read from it.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import jsonschema

from chiso.catalog.model import Framework
from chiso.errors import InputError
from chiso.exchange import sdmx
from chiso.exchange.manifest import MANIFEST_SCHEMA
from chiso.values import model as core

FORMAT, FORMAT_VERSION = "chiso-exchange", 1
DATA_NAME, MANIFEST_NAME = "data.csv", "manifest.json"
MOST_BYTES = 200 * 1024 * 1024  # a package unpacked: far beyond a province's figures, short of a zip bomb
Key = tuple[str, str, str, str, str]  # framework, indicator, unit, period, origin


@dataclass(frozen=True)
class Approval:
    """Who approved a framework's figures of a unit and period, and when (ISO 8601)."""

    framework: str
    unit: str
    period: str
    by: str
    at: str


@dataclass(frozen=True)
class Stamp:
    """A framework as the package was made against it: the sha256 of its definition names it exactly."""

    code: str
    title: str
    sha256: str


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    type: str


@dataclass(frozen=True)
class Package:
    """What a package holds, read and checked."""

    exported_by: str
    exported_at: str
    chiso_version: str
    frameworks: tuple[Stamp, ...]
    units: tuple[Unit, ...]
    periods: tuple[str, ...]
    approvals: tuple[Approval, ...]
    values: tuple[core.Value, ...]
    sha256: str  # of the CSV

    def approval(self, framework: str, unit: str, period: str) -> Approval:
        """The approval of a framework's figures of a unit and period (every figure's is in the package)."""
        return self._approvals()[(framework, unit, period)]

    def _approvals(self) -> dict[tuple[str, str, str], Approval]:
        return {(a.framework, a.unit, a.period): a for a in self.approvals}


def digest(text: str) -> str:
    """The sha256 of a text, in hex: a framework's definition or a file's content."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stamp(framework: Framework) -> Stamp:
    return Stamp(framework.code, framework.title, digest(framework.source_text))


def write_package(package: Package, frameworks: Mapping[str, Framework]) -> bytes:
    """The zip of a package; its ``sha256`` is computed here from the CSV written."""
    csv = sdmx.write_csv(_observation(v, frameworks) for v in package.values)
    manifest = _manifest(package, digest(csv))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DATA_NAME, csv.encode("utf-8"))
        archive.writestr(MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
    return out.getvalue()


def _observation(value: core.Value, frameworks: Mapping[str, Framework]) -> sdmx.Observation:
    measure = frameworks[value.framework].indicator(value.indicator).unit
    return sdmx.observation(value.framework, value.indicator, value.origin, value.unit, value.period, value.value,
                            measure=measure, note=value.note, source=value.source)


def _manifest(package: Package, sha256: str) -> dict[str, Any]:
    approvals = package._approvals()
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "exported_by": package.exported_by,
            "exported_at": package.exported_at, "chiso_version": package.chiso_version,
            "frameworks": [asdict(s) for s in package.frameworks], "units": [asdict(u) for u in package.units],
            "periods": list(package.periods), "approvals": [asdict(a) for a in package.approvals],
            "figures": [_provenance(v, approvals[(v.framework, v.unit, v.period)]) for v in package.values],
            "data": {"file": DATA_NAME, "format": "SDMX-CSV 2.0", "structure": sdmx.STRUCTURE_ID,
                     "sha256": sha256}}


def _provenance(value: core.Value, approval: Approval) -> dict[str, str]:
    recorded_at = value.recorded_at.isoformat() if value.recorded_at else ""
    return {"framework": value.framework, "indicator": value.indicator, "unit": value.unit, "period": value.period,
            "origin": value.origin, "source": value.source, "recorded_by": value.recorded_by,
            "recorded_at": recorded_at, "approved_by": approval.by, "approved_at": approval.at}


def read_package(content: bytes, file: str) -> Package:
    """The package in a zip, after its manifest is checked and the CSV's sha256 matches; InputError else."""
    manifest, csv = _unpacked(content, file)
    found = digest(csv)
    if found != manifest["data"]["sha256"]:
        raise InputError(f"gói đã bị thay đổi sau khi xuất: mã sha256 của {DATA_NAME} là {found}, bản kê khai "
                         f"ghi {manifest['data']['sha256']}; không ghi gì", file=file,
                         expected="gói đúng như tỉnh đã xuất (xin tỉnh gửi lại)")
    try:
        observations = sdmx.read_csv(csv)
    except InputError as error:
        raise error.located(file=f"{file}:{DATA_NAME}") from None
    return _package(manifest, observations, found, file)


def _unpacked(content: bytes, file: str) -> tuple[dict[str, Any], str]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            sizes = {item.filename: item.file_size for item in archive.infolist()}
            if not {DATA_NAME, MANIFEST_NAME} <= set(sizes) or sum(sizes.values()) > MOST_BYTES:
                raise InputError(f"gói không có đủ {DATA_NAME} và {MANIFEST_NAME}, hoặc quá lớn", file=file,
                                 expected="một gói do `chiso exchange export` tạo")
            manifest, csv = archive.read(MANIFEST_NAME).decode("utf-8"), archive.read(DATA_NAME).decode("utf-8")
    except (zipfile.BadZipFile, UnicodeDecodeError) as error:
        raise InputError(f"tệp không phải gói trao đổi đọc được: {error}", file=file,
                         expected="một tệp .zip do `chiso exchange export` tạo") from error
    return _checked_manifest(manifest, file), csv


def _checked_manifest(text: str, file: str) -> dict[str, Any]:
    try:
        manifest = json.loads(text)
        jsonschema.validate(manifest, MANIFEST_SCHEMA)
    except json.JSONDecodeError as error:
        raise InputError(f"bản kê khai không phải JSON: {error}", file=f"{file}:{MANIFEST_NAME}") from error
    except jsonschema.ValidationError as error:
        where = "/".join(str(p) for p in error.absolute_path) or "gốc"
        raise InputError(f"bản kê khai sai ở «{where}»: {error.message}", file=f"{file}:{MANIFEST_NAME}",
                         expected=f"bản kê khai {FORMAT} phiên bản {FORMAT_VERSION}") from error
    assert isinstance(manifest, dict)
    return manifest


def _package(manifest: dict[str, Any], observations: Sequence[sdmx.Observation], sha256: str,
             file: str) -> Package:
    approvals = tuple(Approval(**a) for a in manifest["approvals"])
    by_key = {_key(p): p for p in manifest["figures"]}
    values = tuple(_value(o, by_key, file) for o in observations)
    if len(values) != len(by_key):
        raise InputError(f"bản kê khai kê {len(by_key)} số liệu, {DATA_NAME} có {len(values)}", file=file)
    known = {(a.framework, a.unit, a.period) for a in approvals}
    unapproved = sorted({(v.framework, v.unit, v.period) for v in values} - known)
    if unapproved:
        raise InputError(f"số liệu không có phê duyệt trong bản kê khai: {', '.join(map(' '.join, unapproved))}",
                         file=file)
    return Package(manifest["exported_by"], manifest["exported_at"], manifest["chiso_version"],
                   tuple(Stamp(**s) for s in manifest["frameworks"]), tuple(Unit(**u) for u in manifest["units"]),
                   tuple(manifest["periods"]), approvals, values, sha256)


def _key(provenance: Mapping[str, str]) -> Key:
    return (provenance["framework"], provenance["indicator"], provenance["unit"], provenance["period"],
            provenance["origin"])


def _value(item: sdmx.Observation, provenance: Mapping[Key, Mapping[str, str]], file: str) -> core.Value:
    origin = "" if item.ORIGIN == sdmx.OWN_REPORT else item.ORIGIN
    period = sdmx.chiso_period(item.TIME_PERIOD)
    key = (item.FRAMEWORK, item.INDICATOR, item.REF_AREA, period, origin)
    found = provenance.get(key)
    if found is None:
        raise InputError(f"số liệu {' '.join(key[:4])} có trong {DATA_NAME} mà không có trong bản kê khai",
                         file=file)
    recorded_at = datetime.fromisoformat(found["recorded_at"]) if found["recorded_at"] else None
    return core.Value(item.FRAMEWORK, item.INDICATOR, item.REF_AREA, period, item.OBS_VALUE, item.COMMENT,
                      item.SOURCE_DETAIL, found["recorded_by"], recorded_at, origin)

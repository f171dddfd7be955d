"""Loading the device catalog and the drug table, once per file version.

Both files ship in ``resources/`` and are read by every session, grader run and CLI command, so
they are validated once and cached (keyed by path and modification time, so an instructor editing
the catalog sees the change without restarting). The returned models are frozen. Every problem is
a FileFormatError naming the file, the JSON path and the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from simulator.scenario.catalog_file import AccessKind, CatalogFile, Embolic, FilterDevice
from simulator.scenario.drug_file import DrugsFile
from simulator.scenario.errors import (
    FileFormatError,
    Problem,
    json_path_of,
    problems_from_validation,
    read_json,
)

RESOURCES_DIR = Path(__file__).resolve().parents[2] / "resources"
DEFAULT_CATALOG_PATH = RESOURCES_DIR / "devices" / "catalog.json"
DEFAULT_DRUGS_PATH = RESOURCES_DIR / "drugs" / "drugs.json"

_SITE_KINDS: dict[str, AccessKind] = {
    "common_femoral_artery": "femoral_artery",
    "common_femoral_vein": "femoral_vein",
    "brachial_artery": "brachial_artery",
    "axillary_artery": "axillary_artery",
    "internal_jugular_vein": "internal_jugular_vein",
    "subclavian_vein": "subclavian_vein",
}
"""Access-site ids of anatomy-ids.md ("Access sites") without their ``_left``/``_right``."""


def _file_key(path: str | Path | None, default: Path) -> tuple[Path, int]:
    resolved = Path(default if path is None else path).resolve()
    try:
        mtime_ns = resolved.stat().st_mtime_ns
    except OSError:
        mtime_ns = -1  # read_json reports the missing or unreadable file
    return resolved, mtime_ns


def _file_location(location: Sequence[str | int], data: object) -> list[str | int]:
    """A pydantic error location as keys of the file: the device ``type`` tag that the
    discriminated union inserts (``devices[3].balloon_catheter.balloons``) is dropped."""
    located: list[str | int] = []
    current: object = data
    for part in location:
        in_list = isinstance(part, int) and isinstance(current, list) and 0 <= part < len(current)
        if in_list or (isinstance(current, dict) and part in current):
            located.append(part)
            current = current[part]  # type: ignore[index]
        elif isinstance(current, dict) and current.get("type") == part:
            continue
        else:
            located.append(part)
            current = None
    return located


def _format_error(path: Path, data: object, error: ValidationError) -> FileFormatError:
    problems = [
        replace(problem, json_path=json_path_of(_file_location(item["loc"], data)))
        for problem, item in zip(problems_from_validation(path, error), error.errors(), strict=True)
    ]
    return FileFormatError(problems)


@lru_cache(maxsize=8)
def _load_catalog(path: Path, _mtime_ns: int) -> CatalogFile:
    data = read_json(path)
    try:
        return CatalogFile.model_validate(data)
    except ValidationError as exc:
        raise _format_error(path, data, exc) from None


@lru_cache(maxsize=8)
def _load_drugs(path: Path, _mtime_ns: int) -> DrugsFile:
    data = read_json(path)
    try:
        return DrugsFile.model_validate(data)
    except ValidationError as exc:
        raise _format_error(path, data, exc) from None


def load_catalog(path: str | Path | None = None) -> CatalogFile:
    """The validated device catalog (``resources/devices/catalog.json`` by default)."""
    return _load_catalog(*_file_key(path, DEFAULT_CATALOG_PATH))


def load_drugs(path: str | Path | None = None) -> DrugsFile:
    """The validated drug table (``resources/drugs/drugs.json`` by default)."""
    return _load_drugs(*_file_key(path, DEFAULT_DRUGS_PATH))


def drug_reference_problems(
    catalog: CatalogFile, drugs: DrugsFile, catalog_path: str | Path | None = None
) -> list[Problem]:
    """Drug ids the catalog names (filter extraction, bead loading) that the drug table lacks.

    The two files are validated separately, so this cross-check is a step of its own; the
    catalog command and the tests run it on the shipped pair.
    """
    file = str(Path(DEFAULT_CATALOG_PATH if catalog_path is None else catalog_path))
    known = drugs.ids
    problems = []
    for index, device in enumerate(catalog.devices):
        at = f"$.devices[{index}]"
        named: list[tuple[str, str]] = []
        if isinstance(device, FilterDevice):
            named += [
                (d, "extraction_fraction_by_drug") for d in device.extraction_fraction_by_drug
            ]
            named += [
                (d, "extraction_time_course_by_drug") for d in device.extraction_time_course_by_drug
            ]
        elif isinstance(device, Embolic):
            named += [(d, "drug_loading_mg_per_ml") for d in device.drug_loading_mg_per_ml]
        for drug_id, field in named:
            if drug_id not in known:
                problems.append(
                    Problem(file, f"{at}.{field}.{drug_id}", "not a drug of the drug table")
                )
    return problems


def check_drug_references(
    catalog: CatalogFile, drugs: DrugsFile, catalog_path: str | Path | None = None
) -> None:
    """Raise FileFormatError when the catalog names a drug the drug table does not define."""
    problems = drug_reference_problems(catalog, drugs, catalog_path)
    if problems:
        raise FileFormatError(problems)


def access_kind_for_site(site_id: str) -> AccessKind:
    """The kind of an access-site id (``common_femoral_vein_right`` → ``femoral_vein``); any
    other vessel is a surgical access (cut-down or intra-operative cannulation)."""
    base = site_id.removesuffix("_left").removesuffix("_right")
    return _SITE_KINDS.get(base, "surgical")


def access_problem(device: object, site_id: str) -> str | None:
    """Why a device cannot go in at that access site, or None when it can.

    Devices without ``access_kinds`` (cuffs, filters, circuits, embolics) are not inserted, so
    asking is a caller's error and is answered with a reason too.
    """
    kinds = getattr(device, "access_kinds", None)
    name = getattr(device, "id", "this device")
    if kinds is None:
        return f"{name} is not inserted through an access site"
    kind = access_kind_for_site(site_id)
    if kind not in kinds:
        allowed = ", ".join(kinds)
        return f"{name} cannot enter through {site_id} ({kind}); it is made for: {allowed}"
    return None

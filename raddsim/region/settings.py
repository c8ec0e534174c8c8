"""The ``[region]`` table's own settings: the target, the time zone, the default scenarios, hospitals and the
optional outline files, each read and checked where the region file is loaded."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Mapping

from raddsim.core.bounds import MAX_TARGET_MINUTES
from raddsim.core.errors import InputError
from raddsim.region.config import Table, did_you_mean
from raddsim.region.plausible import say_slip, target_slip
from raddsim.region.zones import TargetZones, read_target_zones

#: Local time of a region whose file names none (replayed alarm times): the embedded region is Norrtälje, Sweden.
DEFAULT_TIMEZONE = "Europe/Stockholm"


def hospitals(t: Table) -> tuple[tuple[str, float, float], ...]:
    """The ``[hospitals]`` table: (name, lat, lon) of each hospital a patient transport can go to."""
    out = []
    for hid in t.keys():
        h = t.table(hid)
        h.check_keys(["name", "lat", "lon", "address", "note"])
        out.append((h.str("name", hid), h.number("lat", min=-90, max=90), h.number("lon", min=-180, max=180)))
    return tuple(out)


def default_scenarios(meta: Table, scenarios: Mapping[str, Any]) -> tuple[str, ...]:
    """``region.default_scenarios``: what a command runs without --scenario (default: every scenario of the file)."""
    names = meta.str_list("default_scenarios", list(scenarios))
    if not names and "default_scenarios" in meta:  # an empty list would silently run every scenario of the file
        raise meta.error("default_scenarios", "the list is empty.",
                         fix="name the scenarios a command runs without --scenario, e.g. [\"minimum\"], or remove the "
                             "key to run all of them.")
    for n in names:
        if n not in scenarios:
            raise meta.error("default_scenarios", f"unknown scenario '{n}'.{did_you_mean(n, scenarios)}",
                             fix=f"use scenarios defined in the file: {', '.join(scenarios)}.")
    # A name listed twice loaded, and `run`/`report` then failed with the Python API's words ("setups: ..."),
    # naming neither this file nor this key, while `target` and `demand` ran.
    twice = next((n for k, n in enumerate(names) if n in names[:k]), None)
    if twice is not None:
        raise meta.error("default_scenarios", f"'{twice}' is listed twice.", fix="list each scenario once.")
    return tuple(names)


def target_minutes(meta: Table, option: str = "") -> float:
    """``region.target_minutes``: refused beyond a day, warned beyond
    :data:`raddsim.region.plausible.TARGET_WARN_MINUTES` (seconds?).

    A warning, not an error (audit7): a study may ask what share a very long target reaches. It is far more
    often the target written in seconds, and every "within target" share then reads close to 100 %.
    ``option``: the command-line option the value came from (``"--target"``), which the warning then names
    instead of the region file, which did not write it.
    """
    target = meta.number("target_minutes", 10.0, min=0, min_exclusive=True, max=MAX_TARGET_MINUTES)
    slip = target_slip(target)
    if slip is not None and option:  # each command line's own: warned every time, not once per process
        logging.getLogger("raddsim").warning("%s", InputError(slip.message, field=option,
                                                              fix=f"give {option} {target / 60:.4g} for {target:g} s."))
    elif slip is not None:
        say_slip(slip, meta.file, meta.field("target_minutes"))
    return target


def check_replaced_target(meta: Table) -> float:
    """Check ``region.target_minutes`` and ``target_source`` as the file writes them when ``--target`` replaces them:
    a slip in the file is refused whatever the command line says, not only on the next run without ``--target``.
    Returns the file's target (the report names it beside the one given)."""
    target = meta.number("target_minutes", 10.0, min=0, min_exclusive=True, max=MAX_TARGET_MINUTES)
    target_source(meta)
    return target


def target_source(meta: Table) -> str:
    """``region.target_source``: where the target comes from (e.g. the municipality's action programme); "" when the
    file names none, and the report then says the target is the region file's value."""
    return meta.str("target_source", "")


def more_targets(meta: Table) -> dict[str, Any]:
    """The targets beside ``target_minutes``, as :class:`Region`'s fields: the travel target, the effective force's and
    the target zones, each None when the file sets none."""
    return {**travel_target(meta), **effective_target(meta), "target_zones": target_zones(meta)}


def travel_target(meta: Table) -> dict[str, Any]:
    """``region.travel_target_minutes`` and ``travel_target_source``, as :class:`Region`'s fields of those names.

    The first crew's own travel (leaving → on scene) a standard asks for, e.g. NFPA 1710's 240 s; None when the
    file sets none (the travel table is then not shown). Warned when above ``target_minutes``, of which the travel is
    a part: a slip, or the two keys swapped.
    """
    return _second_target(meta, "travel_target", longer=False, why=(
        "though travel is a part of the response (alarm to the first crew on scene). Fix: check the two keys (travel "
        "alone, e.g. NFPA 1710's 240 s = 4 min)."))


def effective_target(meta: Table) -> dict[str, Any]:
    """``region.effective_target_minutes`` and ``effective_target_source``, as :class:`Region`'s fields of those names.

    The effective force's own target (alarm → the incident type's whole force on scene), e.g. a handlingsprogram's
    "rökdykarstyrka inom 20 min" or NFPA 1710's effective response force (480 s of travel, 10.4 min in all); None
    when the file sets none (the force is then read against ``target_minutes``, as before). Warned when below
    ``target_minutes``: a force cannot be complete before its first crew is on scene, so it is a slip or the two keys
    swapped.
    """
    return _second_target(meta, "effective_target", longer=True, why=(
        "though the whole force cannot be on scene before its first crew. Fix: check the two keys (the effective "
        "force's target is the longer one, e.g. 20 min for a smoke-diving force)."))


def _second_target(meta: Table, key: str, *, longer: bool, why: str) -> dict[str, Any]:
    """``<key>_minutes`` (None when not set) and ``<key>_source``: checked as ``target_minutes`` is (above 0, refused
    beyond a day) and warned when on the wrong side of it (``longer``: it should not be shorter) — read from the file,
    as ``--target`` may have replaced the target. The source is "" when the file names none."""
    value = meta.number(f"{key}_minutes", None, min=0, min_exclusive=True, max=MAX_TARGET_MINUTES)
    target = meta.number("target_minutes", 10.0, min=0, min_exclusive=True, max=MAX_TARGET_MINUTES)
    if value is not None and (value < target if longer else value > target):
        logging.getLogger("raddsim").warning("%s: region.%s_minutes = %g is %s than region.target_minutes = %g, %s",
                                             meta.file, key, value, "less" if longer else "more", target, why)
    return {f"{key}_minutes": value, f"{key}_source": meta.str(f"{key}_source", "")}


def target_zones(meta: Table) -> TargetZones | None:
    """``region.target_zones``: the zones with targets of their own (:mod:`raddsim.region.zones`), None without the key;
    ``target_zones_source`` says where their targets come from."""
    source = meta.str("target_zones_source", "")
    path = optional_file(meta, "target_zones")
    return None if path is None else read_target_zones(path, source)


def optional_file(meta: Table, key: str, *, layer: bool = False) -> Path | None:
    """An optional path field that, when given, must name an existing file; with ``layer``, ``FILE.gpkg:LAYER``
    names a GeoPackage's layer (:func:`raddsim.core.geodata.split_layer`): the file must exist, the layer is
    checked when it is read."""
    from raddsim.core.geodata import split_layer

    given = meta.path_value(key, None)
    if given is None:
        return None
    path = split_layer(given)[0] if layer else given
    if not path.exists():  # the words of Table.existing_path
        raise meta.error(key, f"names '{meta.get(key)}', which does not exist ({path}).",
                         fix=f"correct the path (it is relative to {meta.file.name}), or put the file there.")
    if not path.is_file():
        raise meta.error(key, f"'{meta.get(key)}' is a folder, not a file ({path}).",
                         fix="give the file's path (relative to the region file), or remove the key.")
    return given


def timezone(meta: Table) -> str:
    """The region's IANA time zone (incident times with an offset are converted to it)."""
    import zoneinfo

    name = meta.str("timezone", DEFAULT_TIMEZONE)
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise meta.error("timezone", f"unknown time zone '{name}'.",
                         fix="give an IANA name such as 'Europe/Stockholm'.") from None
    return name


def coverage_force(meta: Table, scenarios: Mapping[str, Any]) -> str | None:
    """``region.coverage_force``: the force the static force maps and the readiness per place measure — a capability
    (``"smoke_diving"``, ``"aerial"``) or an incident type, whose whole force is then measured (NFPA 1710's
    effective response force of a structure fire); None when not given (the smoke-diving capability where the
    catalog has one, else none).

    Every scenario's incident catalog must hold it, as one or the other: a map measuring different things per
    scenario could not be compared.
    """
    if "coverage_force" not in meta:
        return None
    force = meta.str("coverage_force")
    for name, setup in scenarios.items():
        catalog = setup.demand.catalog
        known = [*catalog.capabilities, *catalog.ids]
        if force in catalog.capabilities and force in catalog.ids:
            raise meta.error("coverage_force", f"'{force}' is both a capability and an incident type of "
                                               f"{catalog.file or 'the incident types'}.",
                             fix="rename one of them in the incident types file.")
        if force not in known:
            raise meta.error("coverage_force", f"'{force}' is no capability or incident type of scenario "
                                               f"'{name}'.{did_you_mean(force, known)}",
                             fix=f"name one of: {', '.join(known)}.")
    return force

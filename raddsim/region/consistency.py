"""Checks across a region file's tables: ids usable in dotted keys and not alike, vehicles the network defines,
stations not copied onto one position. Each refuses (or warns) naming the file, the table and the fix."""

from __future__ import annotations

import logging
import unicodedata
from typing import Any, Mapping

from raddsim.core.errors import InputError
from raddsim.core.text import lat_lon
from raddsim.network.options import NetworkOptions
from raddsim.region.config import Table, did_you_mean
from raddsim.region.stations import Crew, Station


def check_vehicles(crews: tuple[Crew, ...], network: NetworkOptions, file: Any) -> None:
    """Every crew's ``vehicle`` must be a class the network options define (``light`` or ``[network.vehicles]``)."""
    known = network.vehicle_names()
    for crew in crews:
        if crew.vehicle not in known:
            raise InputError(
                f"crew '{crew.id}' drives an unknown vehicle class '{crew.vehicle}'."
                f"{did_you_mean(crew.vehicle, known)}",
                file=file,
                field=f"crews.{crew.id}.vehicle",
                fix=f"use one of: {', '.join(known)} (or define [network.vehicles.{crew.vehicle}]).",
            )


def check_ids(t: Table, what: str) -> Table:
    """``t`` (the ``[stations]`` or ``[crews]`` table), refused when empty or when an id holds '.' or '*'.

    Ids are parts of dotted keys (``crews.<id>.turnout_minutes`` in scenarios, sweep axes and ``compare
    --uncertain``): ``[crews."bli.do"]`` loaded, and compare --uncertain then failed after the whole comparison
    with "unknown key 'do'".
    """
    if not t.keys():
        raise t.error(None, f"no {what} defined.", fix=f"add at least one [{what}.<id>] table.")
    for key in t.keys():
        if "." in key or "*" in key:
            raise t.error(key, f"the id '{key}' holds '{'.' if '.' in key else '*'}': ids are parts of dotted keys "
                               f"({t.field(key)}.<field> in scenarios and sweep axes), which would split it.",
                          fix=f"use letters, digits, '_' or '-', e.g. '{key.replace('.', '_').replace('*', '_')}'.")
    check_look_alike_ids(t, what)
    return t


def folded(key: str) -> str:
    """An id as it reads: case and accents dropped ('Knivstå' and 'knivsta' read alike)."""
    return "".join(c for c in unicodedata.normalize("NFKD", key.casefold()) if not unicodedata.combining(c))


def check_look_alike_ids(t: Table, what: str) -> None:
    """Refuse two ids that differ only in case or accents: one station or crew written twice, or a typo.

    ``[stations.Knivsta]`` beside ``[stations.knivsta]`` loaded as two stations, the second with no crew but a
    station area of its own that took alarms from the first; a crew naming either one went to that one silently.
    """
    seen: dict[str, str] = {}
    for key in t.keys():
        other = seen.setdefault(folded(key), key)
        if other != key:
            raise t.error(key, f"the id '{key}' differs from '{other}' only in upper/lower case or accents (å, ä, ö): "
                               f"two {what} that read alike (the same one written twice?).",
                          fix=f"delete one of [{t.field(other)}] and [{t.field(key)}], or give them ids that "
                              "differ in letters.")


#: Station pairs already warned about in this process (the stations are parsed once per scenario).
_SAME_PLACE_WARNED: set[tuple[str, str, str]] = set()


def warn_same_place(stations: Mapping[str, Station], file: Any) -> None:
    """Warn once when two stations share their exact position: a copied row whose lat/lon was not changed.

    A warning, not an error (audit7): two stations in one building (a mutual-aid service housed at a station)
    are real; far more often the second station's coordinates were copied and never corrected, and its crews
    then answer from the wrong town.
    """
    seen: dict[tuple[float, float], str] = {}
    for sid, s in stations.items():
        other = seen.setdefault((s.lat, s.lon), sid)
        key = (str(file), other, sid)
        if other != sid and key not in _SAME_PLACE_WARNED:
            _SAME_PLACE_WARNED.add(key)
            logging.getLogger("raddsim").warning(
                "%s: stations.%s and stations.%s are at the same position (%s). Fix: correct the lat/lon of the one "
                "copied from the other (WGS84 decimal degrees).", file, other, sid, lat_lon(s.lat, s.lon))


#: Name pairs already warned about in this process (the region is parsed once per scenario).
_SAME_NAME_WARNED: set[tuple[str, str, str, str]] = set()


def warn_same_name(items: Mapping[str, Any], what: str, file: Any) -> None:
    """Warn once when two stations (or two crews) have one name: every table, map and report then shows two
    rows that cannot be told apart (a copied table whose name was not changed).

    A warning, not an error: an imported model may name two stations alike, and the results are still right.
    """
    seen: dict[str, str] = {}
    for key, item in items.items():
        other = seen.setdefault(item.name.strip().casefold(), key)
        tag = (str(file), what, other, key)
        if other != key and tag not in _SAME_NAME_WARNED:
            _SAME_NAME_WARNED.add(tag)
            logging.getLogger("raddsim").warning(
                "%s: %s.%s and %s.%s are both named '%s': tables and maps show two rows that cannot be told apart. "
                "Fix: give the one copied from the other its own name.", file, what, other, what, key, item.name)

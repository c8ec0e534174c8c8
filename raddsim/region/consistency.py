"""Checks across a region file's tables: ids usable in dotted keys and not alike, vehicles the network defines,
stations not copied onto one position. Each refuses (or warns) naming the file, the table and the fix."""

from __future__ import annotations

import json
import logging
import re
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
    """An id as it reads: case, accents, Unicode form and surrounding spaces dropped ('Knivstå', 'knivsta ' and
    'knivsta' read alike)."""
    return "".join(c for c in unicodedata.normalize("NFKD", key.strip().casefold()) if not unicodedata.combining(c))


def _how_alike(key: str, other: str) -> str:
    """What alone tells two look-alike ids apart, in words (NFC and NFD forms of 'ä' print identically)."""
    if key.strip() == other.strip():
        return "only in spaces before or after it"
    if unicodedata.normalize("NFC", key) == unicodedata.normalize("NFC", other):
        return "only in how its accents are encoded (Unicode NFC or NFD), which prints alike"
    return "only in upper/lower case, accents (å, ä, ö) or surrounding spaces"


def check_look_alike_ids(t: Table, what: str) -> None:
    """Refuse an empty id, and two ids that differ only in case, accents, Unicode form or surrounding spaces: one
    station, crew or incident type written twice, or a typo.

    ``[stations.Knivsta]`` beside ``[stations.knivsta]`` loaded as two stations, the second with no crew but a
    station area of its own that took alarms from the first; a crew naming either one went to that one silently.
    ``[stations."rimbo "]`` beside ``[stations.rimbo]`` did the same, and ``[stations.""]`` loaded a station no
    scenario or message can name.

    Parameters
    ----------
    t : Table
        The table whose keys are the ids (``[stations]``, ``[crews]``, ``[types]``).
    what : str
        What the ids name, plural, for the message ("stations").

    Raises
    ------
    InputError
        For the first empty or look-alike id, naming the table, both ids and the fix.
    """
    seen: dict[str, str] = {}
    for key in t.keys():
        if not key.strip():
            raise t.error(None, f"an id is empty ({key!r}): no scenario, sweep axis or message can name it.",
                          fix="give it an id of letters, digits, '_' or '-'.")
        other = seen.setdefault(folded(key), key)
        if other != key:
            raise t.error(key, f"the id '{key}' differs from '{other}' {_how_alike(key, other)}: "
                               f"two {what} that read alike (the same one written twice?).",
                          fix=f"delete one of [{toml_key(t.path, other)}] and [{toml_key(t.path, key)}], or give "
                              "them ids that differ in letters.")


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_key(table: str, key: str) -> str:
    """``table.key`` as TOML writes it: a key of anything but letters, digits, '_' and '-' in quotes
    (``stations."rimbo "``), so two ids that differ only in spaces can be told apart in a message."""
    return f"{table}.{key}" if _BARE_KEY.match(key) else f"{table}.{json.dumps(key, ensure_ascii=False)}"


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
                "%s: %s and %s are at the same position (%s). Fix: correct the lat/lon of the one copied from the "
                "other (WGS84 decimal degrees).", file, toml_key("stations", other), toml_key("stations", sid),
                lat_lon(s.lat, s.lon))


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
                "%s: %s and %s are both named '%s': tables and maps show two rows that cannot be told apart. "
                "Fix: give the one copied from the other its own name.", file, toml_key(what, other),
                toml_key(what, key), item.name)

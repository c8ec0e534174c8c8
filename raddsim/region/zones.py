"""Target zones: parts of a region with a response-time target of their own (``[region] target_zones``).

Many services set the first crew's target by place, not one time for the whole region: Norway's dimensioning regulation
asks for 10 min in tettsteder with a high risk, 20 min in other tettsteder and 30 min elsewhere; Finnish rescue
services give each 1-km square a risk class with its own time; Swedish handlingsprogram often name a time per tätort. A
zones file is a GeoJSON FeatureCollection of polygons in longitude/latitude (WGS84, or ETRS89 as national data give
it), each with a ``name`` and a ``target_minutes`` (docs/formats.md "Target zones"). An alarm lies in the zone that
holds its road node (an island alarm: its island's centre, the positions of the alarm table); of overlapping zones the
strictest (the shortest target) counts, of equal ones the first in the file; an alarm outside every zone is read
against ``[region] target_minutes``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from raddsim.core.errors import InputError
from raddsim.core.text import read_text
from raddsim.region.plausible import TARGET_WARN_MINUTES

#: The group of alarms outside every zone in results (read against ``[region] target_minutes``); no zone may be named
#: so.
OUTSIDE_ZONES = "outside the zones"
#: A zone's target above this is taken for seconds and refused with the minutes it would be: the bound above which
#: ``region.target_minutes`` is warned (:data:`raddsim.region.plausible.TARGET_WARN_MINUTES`, one number for both).
ZONE_TARGET_SECONDS_HINT = TARGET_WARN_MINUTES
#: Geographic CRSs a zones file's ``crs`` member may name, longitude first: WGS84, and the ETRS89 realisations
#: national data come in (EUREF89 in Norway, EUREF-FIN in Finland: EPSG:4258; SWEREF 99: EPSG:4619), which lie
#: within a metre of WGS84 — far less than a zone's edge is drawn to.
LONLAT_CRS = ("CRS84", "4326", "4258", "4619")


@dataclass(frozen=True)
class TargetZones:
    """The zones of a ``[region] target_zones`` file, in the order their names first appear (features that share a
    name and target are the parts of one zone).

    Attributes
    ----------
    file : Path
        The GeoJSON file.
    names : tuple of str
        Each zone's name (unique).
    targets : tuple of float
        Each zone's target, minutes from the alarm to the first crew on scene.
    geometries : tuple
        Each zone's shapely (Multi)Polygon in WGS84 longitude/latitude (its features' union).
    source : str
        Where the zones' targets come from (``[region] target_zones_source``); "" when not named.
    """

    file: Path
    names: tuple[str, ...]
    targets: tuple[float, ...]
    geometries: tuple[Any, ...]
    source: str = ""

    def zone_of(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """The zone index of each point, ``len(names)`` for a point outside every zone (or without a position).

        Parameters
        ----------
        lon, lat : numpy.ndarray
            WGS84 degrees (metres in the CRS of a :meth:`projected` copy).

        Returns
        -------
        numpy.ndarray
            int64 zone indices; of overlapping zones the one with the shortest target, of equal ones the first.
        """
        import shapely

        lon, lat = np.asarray(lon, float), np.asarray(lat, float)
        out = np.full(len(lon), len(self.names), np.int64)
        best = np.full(len(lon), np.inf)
        for k, (geom, target) in enumerate(zip(self.geometries, self.targets)):
            take = shapely.intersects_xy(geom, lon, lat) & (target < best)  # on the border: inside
            out[take], best[take] = k, target
        return out

    def projected(self, crs: str) -> TargetZones:
        """The zones with their polygons in metres of ``crs`` (a map's grid, e.g. SWEREF 99 TM): :meth:`zone_of` of the
        copy takes metres in ``crs``."""
        import shapely

        from raddsim.network.positions import to_metric

        def project(xy: np.ndarray) -> np.ndarray:
            x, y = to_metric(xy[:, 0], xy[:, 1], crs)
            return np.column_stack([x, y])

        return replace(self, geometries=tuple(shapely.transform(g, project) for g in self.geometries))

    def target_of(self, zone: np.ndarray, outside_minutes: float) -> np.ndarray:
        """Each zone index's target in minutes; ``outside_minutes`` (the region's target) for the outside group."""
        return np.append(np.asarray(self.targets, float), outside_minutes)[np.asarray(zone, np.int64)]


def read_target_zones(path: Path, source: str = "", field: str = "region.target_zones") -> TargetZones:
    """The zones of a WGS84 GeoJSON file, or one :class:`InputError` naming the file, the feature and the fix.

    Parameters
    ----------
    path : Path
        The GeoJSON file.
    source : str
        Where the targets come from (``[region] target_zones_source``).
    field : str
        The key that named the file, for errors about the file as a whole.

    Returns
    -------
    TargetZones
        The zones in the file's order.
    """
    text = read_text(path)
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError(f"is not valid JSON ({exc}).", file=path, field=field,
                         fix="export the zones from a GIS as GeoJSON (WGS84), or check the file's brackets.") from None
    features = _features(data, path, field)
    first: dict[str, int] = {}  # zone name → its first feature
    targets: dict[str, float] = {}
    parts: dict[str, list[Any]] = {}
    for i, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        where = f"features[{i}]"
        if not isinstance(props, dict):
            raise InputError(f"{where} has no properties.", file=path, field=f"{where}.properties",
                             fix="give each zone the properties name and target_minutes.")
        name = _zone_name(props, path, where)
        target = _zone_target(props, path, where)
        if name in first and target != targets[name]:
            raise InputError(f"{where} is part of zone '{name}' (features[{first[name]}]) with another target: "
                             f"{target:g} min against {targets[name]:g}.", file=path,
                             field=f"{where}.properties.target_minutes",
                             fix="give the parts of one zone the same target_minutes, or zones of other targets "
                                 "names of their own.")
        first.setdefault(name, i)
        targets[name] = target
        parts.setdefault(name, []).append(_zone_geometry(feature.get("geometry"), path, where))
    return TargetZones(path, tuple(parts), tuple(targets.values()), tuple(_dissolved(p) for p in parts.values()),
                       source)


def _dissolved(parts: list[Any]) -> Any:
    """One zone's polygon from the features that share its name (a GIS layer of squares or tätorter by class): their
    union, so the maps draw the zone's outline and a point is tested against one geometry per zone, not per square."""
    import shapely

    return parts[0] if len(parts) == 1 else shapely.union_all(parts)


def _features(data: Any, path: Path, field: str) -> list:
    """The features of a GeoJSON FeatureCollection in WGS84, or the error saying what the file is instead."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        what = f"a GeoJSON {data['type']}" if isinstance(data, dict) and isinstance(data.get("type"), str) else \
            "not GeoJSON"
        raise InputError(f"is {what}, not a GeoJSON FeatureCollection.", file=path, field=field,
                         fix="give a GeoJSON FeatureCollection of zone polygons, each with the properties name and "
                             "target_minutes ({\"type\": \"FeatureCollection\", \"features\": [ … ]}, as a GIS "
                             "writes a layer; docs/formats.md, Target zones).")
    crs = _crs_name(data.get("crs"))
    if crs is not None and _crs_code(crs) not in LONLAT_CRS:
        raise InputError(f"is in {crs}, not WGS84 longitude/latitude.", file=path, field="crs",
                         fix="export the zones as GeoJSON in WGS84 (EPSG:4326), as RFC 7946 asks (QGIS: Export → "
                             "Save Features As, CRS EPSG:4326).")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        why = "its features list is empty" if isinstance(features, list) else "it has no features list" \
            if features is None else "its features is not a list"
        raise InputError(f"has no zones ({why}).", file=path, field="features",
                         fix="draw at least one zone polygon, or remove [region] target_zones.")
    return features


def _crs_name(crs: Any) -> str | None:
    """The CRS a GeoJSON (2008) ``crs`` member names (``name``, or an EPSG ``code``); None when it names none."""
    props = crs.get("properties") if isinstance(crs, dict) else None
    if not isinstance(props, dict):
        return None
    if props.get("name") is not None:
        return str(props["name"])
    return None if props.get("code") is None else f"EPSG:{props['code']}"


def _crs_code(name: str) -> str:
    """A CRS name's code: ``CRS84`` for OGC's CRS84 in any spelling, else its last part (``4326`` of
    ``urn:ogc:def:crs:EPSG::4326``, ``EPSG:4326`` or ``http://www.opengis.net/def/crs/EPSG/0/4326``)."""
    text = name.strip().upper()
    if text.replace(":", "").endswith("CRS84"):
        return "CRS84"
    return re.split(r"[:/]+", text.rstrip(":/"))[-1]


def _absent(props: dict, key: str, path: Path, where: str, fix: str) -> None:
    """Refuse a feature without the property ``key``, listing those it has (a GIS layer's own field names)."""
    if key not in props:
        have = ", ".join(str(k) for k in props) or "none"
        raise InputError(f"{where} has no property {key} (its properties: {have:.200}).", file=path,
                         field=f"{where}.properties.{key}", fix=fix)


def _zone_name(props: dict, path: Path, where: str) -> str:
    """A feature's ``name``: text, not blank, on one line, and not the outside group's (features sharing a name are
    parts of one zone)."""
    field = f"{where}.properties.name"
    fix = "give each zone a name, shown in the tables (e.g. \"Norrtälje tätort\"); a GIS layer's own field is " \
          "renamed in QGIS with Refactor fields."
    _absent(props, "name", path, where, fix)
    value = props["name"]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise InputError(f"{where}'s name is the number {value!r:.40}, not text.", file=path, field=field,
                         fix=f"write the name as text, \"name\": \"{value}\" (QGIS: a text field).")
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{where} has no name (got {value!r:.40}).", file=path, field=field, fix=fix)
    name = value.strip()
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise InputError(f"{where}'s name {name!r:.60} holds a line break or another control character.", file=path,
                         field=field, fix="write the zone's name on one line (the tables show it as it is).")
    if name.casefold() == OUTSIDE_ZONES:
        raise InputError(f"{where}'s name '{name}' is the name of the alarms outside every zone.", file=path,
                         field=field, fix="give the zone a name of its own.")
    return name


def _zone_target(props: dict, path: Path, where: str) -> float:
    """A feature's ``target_minutes``: a number above 0 and at most 120 (a larger one is seconds, said so)."""
    field = f"{where}.properties.target_minutes"
    fix = "give the zone's target as a number of minutes, without quotes, e.g. \"target_minutes\": 10 (QGIS: an " \
          "integer or decimal field, not a text one)."
    _absent(props, "target_minutes", path, where, fix)
    value = props["target_minutes"]
    if isinstance(value, str):
        raise InputError(f"{where}'s target_minutes is the text {value!r:.40}, not minutes above 0 as a number.",
                         file=path, field=field, fix=fix)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise InputError(f"{where}'s target_minutes is {value!r:.40}, not minutes above 0.", file=path, field=field,
                         fix=fix)
    if value > ZONE_TARGET_SECONDS_HINT:
        raise InputError(f"{where}'s target_minutes is {value:g}, over {ZONE_TARGET_SECONDS_HINT:g} min: seconds? "
                         f"({value:g} s = {value / 60:g} min).", file=path, field=field,
                         fix="give the target in minutes.")
    return float(value)


def _not_a_number(coords: Any) -> Any:
    """The first leaf of a GeoJSON coordinates array that is not a finite number (a bool, text, NaN), else None; a
    null and the array's shape are left to shapely (whose error is then "no geometry")."""
    stack = [coords]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif item is not None and (isinstance(item, bool) or not isinstance(item, (int, float))
                                   or not math.isfinite(item)):
            return item
    return None


def _zone_geometry(value: Any, path: Path, where: str) -> Any:
    """A feature's polygon in WGS84 degrees (a self-touching one repaired), or the error saying what is wrong."""
    import shapely
    from shapely.geometry import shape

    field = f"{where}.geometry"
    bad = _not_a_number(value.get("coordinates") if isinstance(value, dict) else None)
    if bad is not None:  # shapely reads true as 1.0 and "18.6" as 18.6: a zone stretched to longitude 1, unsaid
        raise InputError(f"{where}'s coordinates hold {bad!r:.40}, not a number.", file=path,
                         field=f"{field}.coordinates",
                         fix="export the zones again from the GIS: each position is [longitude, latitude] in numbers.")
    try:
        geom = shape(value) if isinstance(value, dict) else None
    except (AttributeError, KeyError, TypeError, ValueError, IndexError, shapely.errors.GEOSException):
        geom = None
    if geom is None or geom.geom_type not in ("Polygon", "MultiPolygon") or geom.is_empty:
        kind = "no geometry" if geom is None else f"a {geom.geom_type}"
        if geom is not None and geom.is_empty:
            kind = f"an empty {geom.geom_type} (no coordinates)"
        raise InputError(f"{where} is {kind}, not a polygon.", file=path, field=field,
                         fix="draw each zone as a Polygon or MultiPolygon (a point or line holds no alarms).")
    w, s, e, n = geom.bounds
    if not (-180 <= w <= e <= 180 and -90 <= s <= n <= 90):
        raise InputError(f"{where}'s coordinates ({w:.6g}, {s:.6g} … {e:.6g}, {n:.6g}) are not degrees: metres of "
                         "a projected CRS such as UTM (EUREF89 UTM33) or SWEREF 99 TM?", file=path, field=field,
                         fix="export the zones in WGS84 (EPSG:4326): longitude first, then latitude.")
    if not geom.is_valid:  # a ring crossing itself, as hand-drawn zones often have: the area it encloses
        geom = shapely.make_valid(geom)
    return geom


__all__ = ["TargetZones", "read_target_zones", "OUTSIDE_ZONES"]

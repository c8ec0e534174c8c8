"""What is in a network: size, road length by class, ferries, components, extent, provenance."""

from __future__ import annotations

from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from raddsim.core.text import lat_lon
from raddsim.network.connectivity import components, longitude_span
from raddsim.network.road import RoadNetwork


def _bbox(net: RoadNetwork) -> dict[str, float]:
    """The nodes' extent; across 180° west > east (a GeoJSON bbox, RFC 7946 5.2), not the whole circle between."""
    west, east = longitude_span(net.lon)
    return {"west": round(west, 5), "south": round(float(net.lat.min()), 5),
            "east": round(east, 5), "north": round(float(net.lat.max()), 5)}


def road_km_by_class(net: RoadNetwork) -> dict[str, float]:
    """Kilometres of road per class, a two-way road counted once (ferries excluded)."""
    u, v = net.edge_u, net.edge_v
    pairs = set(zip(u.tolist(), v.tolist()))
    two_way = np.array([(b, a) in pairs for a, b in zip(u.tolist(), v.tolist())], bool)
    weight = np.where(two_way, 0.5, 1.0) * net.edge_length_m / 1000.0
    out: dict[str, float] = {}
    for cls in np.unique(net.edge_highway):
        if cls == "ferry":
            continue
        out[str(cls)] = round(float(weight[net.edge_highway == cls].sum()), 2)
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def ferry_table(net: RoadNetwork) -> list[dict]:
    """One row per ferry line in service (both directions together)."""
    from raddsim.network.road import ferry_labels

    labels = ferry_labels(net.data)[net.edges]
    rows: dict[str, dict] = {}
    for k in np.flatnonzero(net.edge_ferry):
        name = str(labels[k])
        if name in rows:
            rows[name]["directions"] += 1
            continue
        wait = float(net.edge_wait_s[k])
        rows[name] = {"name": name, "length_m": round(float(net.edge_length_m[k]), 1),
                      "crossing_min": round((float(net.edge_time_s[k]) - wait) / 60.0, 2),
                      "expected_wait_min": round(wait / 60.0, 2), "directions": 1}
    return list(rows.values())


def mean_kmh_by_class(net: RoadNetwork) -> dict[str, float]:
    """Length-weighted mean speed (total km / total hours) per road class, ferries excluded."""
    road = ~net.edge_ferry
    out = {}
    for cls in np.unique(net.edge_highway[road]):
        k = road & (net.edge_highway == cls)
        hours = float(net.edge_time_s[k].sum()) / 3600.0
        out[str(cls)] = round(float(net.edge_length_m[k].sum()) / 1000.0 / hours, 1) if hours > 0 else 0.0
    return out


def vehicle_speeds(net: RoadNetwork, crews: Mapping[str, Sequence[str]] | None = None) -> list[dict]:
    """How each vehicle class drives on ``net`` under its options: factors, caps and mean speed per road class.

    Parameters
    ----------
    net : RoadNetwork
        The network under the options simulations use (a region's ``[network]`` section).
    crews : mapping of str to sequence of str, optional
        Vehicle class → names of the crews that drive it; only these classes are shown. None: every class.

    Returns
    -------
    list of dict
        One entry per class: ``name``, ``crews``, ``factors`` (as used, after ``scale``), ``default_factor``,
        ``max_kmh`` (cap of emergency speeds), ``top_speed_kmh`` (None: none), ``to_incident_kmh`` and
        ``home_kmh`` (mean speed per road class to the incident and home).
    """
    names = net.options.vehicle_names() if crews is None else [v for v in net.options.vehicle_names() if v in crews]
    out = []
    for name in names:
        opts = net.options.for_vehicle(name)
        bl = opts.blue_light
        out.append({
            "name": name, "crews": list((crews or {}).get(name, [])),
            "factors": {k: round(v, 3) for k, v in bl.factor_map().items()},
            "default_factor": round(bl.scaled_default, 3), "max_kmh": float(bl.max_speed_kmh),
            "top_speed_kmh": float(bl.top_speed_kmh) if np.isfinite(bl.top_speed_kmh) else None,
            "to_incident_kmh": mean_kmh_by_class(net.with_options(opts)),
            "home_kmh": mean_kmh_by_class(net.with_options(opts.normal_driving())),
        })
    return out


def network_info(net: RoadNetwork, crews: Mapping[str, Sequence[str]] | None = None) -> dict:
    """A summary of a network for ``raddsim network info`` and reports.

    Parameters
    ----------
    net : RoadNetwork
        The network, under the options its travel times are made with.
    crews : mapping of str to sequence of str, optional
        Vehicle class → crews driving it (a region's crews): the speeds of those classes are shown.
        None: every vehicle class the options define.

    Returns
    -------
    dict
        The summary (JSON-ready).
    """
    comp = components(net)
    strong_sizes = np.sort(np.bincount(comp.strong))[::-1]
    weak_sizes = np.sort(np.bincount(comp.weak))[::-1]
    oneway_pairs = set(zip(net.edge_u.tolist(), net.edge_v.tolist()))
    oneway = sum(1 for a, b in oneway_pairs if (b, a) not in oneway_pairs)
    main = comp.main()
    small = []
    for label in np.argsort(-np.bincount(comp.strong))[1:6]:
        members = np.flatnonzero(comp.strong == label)
        if len(members) == 0:
            continue
        i = int(members[0])
        small.append({"nodes": int(len(members)), "lat": round(float(net.lat[i]), 5),
                      "lon": round(float(net.lon[i]), 5)})
    meta = net.meta
    return {
        "source": meta.get("source", ""),
        "file": meta.get("file", meta.get("source", "")),  # what was read: a converted copy names its source above
        "format": meta.get("format", ""),
        "label": meta.get("label", ""),
        "approximate": bool(meta.get("approximate", False)),
        "real_osm": (not meta.get("approximate", False)) and str(meta.get("label", "")).startswith("OpenStreetMap"),
        "date": meta.get("date"),
        "nodes": int(net.n_nodes),
        "edges": int(len(net.edge_u)),
        "one_way_edges": int(oneway),
        "road_km_by_class": road_km_by_class(net),
        "road_km_total": round(sum(road_km_by_class(net).values()), 2),
        "ferries": ferry_table(net),
        "ferries_out_of_service": list(meta.get("ferries_out_of_service", [])),
        "strong_components": comp.n_strong,
        "largest_strong_component_share": round(float(main.mean()), 4),
        "weak_components": comp.n_weak,
        "largest_weak_component_share": round(float(weak_sizes[0] / net.n_nodes), 4) if net.n_nodes else 0.0,
        "other_strong_components": small,
        "largest_strong_component_nodes": int(strong_sizes[0]) if len(strong_sizes) else 0,
        "bbox": _bbox(net),
        "blue_light": bool(net.options.blue_light.enabled),
        "blue_light_factors": {k: round(v, 3) for k, v in net.options.blue_light.factor_map().items()},
        "blue_light_default_factor": round(net.options.blue_light.scaled_default, 3),
        "blue_light_max_kmh": float(net.options.blue_light.max_speed_kmh),
        "blue_light_scale": float(net.options.blue_light.scale),
        "legal_kmh_by_class": mean_kmh_by_class(net.with_options(net.options.normal_driving())),
        "vehicles": vehicle_speeds(net, crews),
        "dropped_ways": dict(meta.get("dropped_ways", {}) or {}),
        # Arcs whose source gives the time (JEMSS: lights and sirens, regular): used as given, not derived.
        "emergency_times_given_share": _given_share(net.data.edge_emergency_given_s[net.edges]),
        "normal_times_given_share": _given_share(net.data.edge_time_given_s[net.edges]),
    }


def _given_share(values: np.ndarray) -> float:
    return round(float(np.isfinite(values).mean()), 4) if len(values) else 0.0


def _factor_lines(v: dict) -> list[str]:
    groups: dict[float, list[str]] = {}
    for cls, f in v.get("factors", {}).items():
        groups.setdefault(f, []).append(cls)
    lines = [f"                 ×{f:g}  {', '.join(sorted(names))}" for f,
             names in sorted(groups.items(), reverse=True)]
    return lines + [f"                 ×{v.get('default_factor', 1):g}  any other class"]


def _vehicle_title(v: dict) -> str:
    who = f" ({len(v['crews'])} crew{'s' if len(v['crews']) != 1 else ''})" if v.get("crews") else ""
    cap = (f"at most {v['top_speed_kmh']:g} km/h (its top speed, also on the way home)" if v.get("top_speed_kmh")
           else f"at most {v.get('max_kmh', 0):g} km/h")
    return f"               {v['name']} vehicles{who}: {cap}"


def _speed_table(info: dict) -> list[str]:
    """Mean speed per road class: legal, and to the incident / home for each vehicle class."""
    vehicles = info.get("vehicles", [])
    if not vehicles:
        return []
    classes = sorted(info.get("legal_kmh_by_class", {}), key=lambda c: -info["road_km_by_class"].get(c, 0))
    heads = ["legal"] + [f"{v['name']} out/home" for v in vehicles]
    lines = ["  mean km/h by road class (what simulations drive; out = to the incident, home = back):",
             "    " + f"{'class':<16}" + "".join(f"{h:>18}" for h in heads)]
    for c in classes:
        cells = [f"{info['legal_kmh_by_class'][c]:g}"] + [
            f"{v['to_incident_kmh'].get(c, 0):g}/{v['home_kmh'].get(c, 0):g}" for v in vehicles]
        lines.append("    " + f"{c:<16}" + "".join(f"{x:>18}" for x in cells))
    return lines


def _speed_lines(info: dict) -> list[str]:
    """How fast crews drive on this network under the options it was loaded with, per vehicle class."""
    given = _given_lines(info)
    if given:  # times given per arc (JEMSS): no factor or class speed applies
        return given
    vehicles = info.get("vehicles", [])
    if not info["blue_light"]:
        capped = [v for v in vehicles if v.get("top_speed_kmh")]
        head = ("  speeds:      legal limits (maxspeed or the class default), times a vehicle class's factors below 1; "
                "no emergency-driving gain in these options")
        return [head] + [f"               {v['name']} vehicles: at most {v['top_speed_kmh']:g} km/h (top speed)"
                         for v in capped] + _speed_table(info)
    lines = ["  speeds:      to the incident with blue light: legal speed × a factor per road class, capped "
             f"(scale {info.get('blue_light_scale', 1):g}):"]
    for v in vehicles or [{"name": "light", "factors": info.get("blue_light_factors", {}),
                           "default_factor": info.get("blue_light_default_factor", 1),
                           "max_kmh": info.get("blue_light_max_kmh", 0)}]:
        lines += [_vehicle_title(v)] + _factor_lines(v)
    home = ("               home from the incident at legal speeds, times a factor below 1 where the vehicle has "
            "one (at most its top speed)")
    return lines + [home] + _speed_table(info)


def _given_lines(info: dict) -> list[str]:
    """The speeds line of a network whose source gives every arc's times (a JEMSS model): no factor applies."""
    emergency, normal = info.get("emergency_times_given_share", 0.0), info.get("normal_times_given_share", 0.0)
    if normal < 1:
        return []
    if not info["blue_light"]:
        return ["  speeds:      the source's normal-driving time on every arc (no emergency-driving gain in these "
                "options)"]
    if emergency < 1:
        return []
    return ["  speeds:      to the incident: the source's emergency-driving (lights and sirens) time on every arc;",
            "               home from the incident: its normal-driving time (no class factor applies)"]


def _near(lat: float, lon: float) -> str:
    """A cut-off component's position as stored (rounded, shortest form), south and west with S and W."""
    return f"{abs(lat)}{'S' if lat < 0 else 'N'} {abs(lon)}{'W' if lon < 0 else 'E'}"


def _converted(info: dict) -> bool:
    """Whether the file read is a copy converted from ``source`` (an archive or GraphML names its origin).

    The source of a file read directly is its absolute path: the same file given by a relative path
    (``raddsim network info x.osm``) was said to be "converted from the source".
    """
    file = str(info.get("file") or "")
    return bool(file) and file != info["source"] and str(Path(file).absolute()) != info["source"]


def format_info(info: dict) -> str:
    """Plain-text rendering of :func:`network_info`."""
    kind = ("APPROXIMATE (hand-digitised, not surveyed)" if info["approximate"]
            else "real OpenStreetMap data" if info["real_osm"] else "real (not OpenStreetMap)")
    lines = [
        f"Network: {info['label']}",
        f"  source:      {info['source']} ({info['format']}{', ' + info['date'] if info.get('date') else ''})",
        *([f"  read from:   {info['file']} (converted from the source)"] if _converted(info) else []),
        f"  kind:        {kind}",
        f"  size:        {info['nodes']:,} nodes, {info['edges']:,} directed edges ({info['one_way_edges']:,} one-way)",
        # south-west to north-east corner with N/S and E/W: "lon -70.7–-70.634" read as a typo
        f"  extent:      {lat_lon(info['bbox']['south'], info['bbox']['west'], 3)} to "
        f"{lat_lon(info['bbox']['north'], info['bbox']['east'], 3)}",
        f"  components:  {info['strong_components']} strongly connected (largest holds "
        f"{info['largest_strong_component_share']:.1%} of the nodes), {info['weak_components']} weakly connected",
    ]
    for c in info["other_strong_components"]:
        lines.append(f"               cut off: {c['nodes']} node(s) near {_near(c['lat'], c['lon'])}")
    lines += _speed_lines(info)
    lines.append(f"  road:        {info['road_km_total']:,.1f} km")
    for cls, km in info["road_km_by_class"].items():
        lines.append(f"    {cls:<16} {km:>10,.1f} km")
    if info["ferries"]:
        lines.append("  ferries (crossing + expected wait):")
        for f in info["ferries"]:
            lines.append(f"    {f['name']}: {f['length_m']:.0f} m, {f['crossing_min']:.1f} + "
                         f"{f['expected_wait_min']:.1f} min")
    else:
        lines.append("  ferries:     none")
    if info["ferries_out_of_service"]:
        lines.append(f"  out of service: {', '.join(info['ferries_out_of_service'])}")
    if info["dropped_ways"]:
        from raddsim.network.clean import dropped_text

        lines.append("  dropped when cleaning: " + dropped_text(info["dropped_ways"]))
    return "\n".join(lines)


__all__ = ["network_info", "format_info", "road_km_by_class", "ferry_table", "mean_kmh_by_class", "vehicle_speeds"]

"""What is in a network: size, road length by class, ferries, components, extent, provenance."""

from __future__ import annotations

import numpy as np

from raddsim.network.connectivity import components
from raddsim.network.road import RoadNetwork


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


def network_info(net: RoadNetwork) -> dict:
    """A summary of a network for ``raddsim network info`` and reports."""
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
        "bbox": {"west": round(float(net.lon.min()), 5), "south": round(float(net.lat.min()), 5),
                 "east": round(float(net.lon.max()), 5), "north": round(float(net.lat.max()), 5)},
        "blue_light": bool(net.options.blue_light.enabled),
        "blue_light_factors": {k: round(v, 3) for k, v in net.options.blue_light.factor_map().items()},
        "blue_light_default_factor": round(net.options.blue_light.scaled_default, 3),
        "blue_light_max_kmh": float(net.options.blue_light.max_speed_kmh),
        "blue_light_scale": float(net.options.blue_light.scale),
        "dropped_ways": dict(meta.get("dropped_ways", {}) or {}),
        # Arcs whose source gives the time (JEMSS: lights and sirens, regular): used as given, not derived.
        "emergency_times_given_share": _given_share(net.data.edge_emergency_given_s[net.edges]),
        "normal_times_given_share": _given_share(net.data.edge_time_given_s[net.edges]),
    }


def _given_share(values: np.ndarray) -> float:
    return round(float(np.isfinite(values).mean()), 4) if len(values) else 0.0


def _speed_lines(info: dict) -> list[str]:
    """How fast crews drive on this network under the options it was loaded with."""
    given = _given_lines(info)
    if given:
        return given
    if not info["blue_light"]:
        return ["  speeds:      legal limits (maxspeed or the class default); no emergency-driving gain in these "
                "options"]
    groups: dict[float, list[str]] = {}
    for cls, f in info.get("blue_light_factors", {}).items():
        groups.setdefault(f, []).append(cls)
    lines = ["  speeds:      to the incident with blue light: legal speed × a factor per road class, at most "
             f"{info.get('blue_light_max_kmh', 0):g} km/h (scale {info.get('blue_light_scale', 1):g}):"]
    lines += [f"                 ×{f:g}  {', '.join(sorted(names))}" for f,
              names in sorted(groups.items(), reverse=True)]
    lines += [f"                 ×{info.get('blue_light_default_factor', 1):g}  any other class"]
    return lines + [
            "               home from the incident at legal speeds"]


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


def format_info(info: dict) -> str:
    """Plain-text rendering of :func:`network_info`."""
    kind = ("APPROXIMATE (hand-digitised, not surveyed)" if info["approximate"]
            else "real OpenStreetMap data" if info["real_osm"] else "real (not OpenStreetMap)")
    lines = [
        f"Network: {info['label']}",
        f"  source:      {info['source']} ({info['format']}{', ' + info['date'] if info.get('date') else ''})",
        f"  kind:        {kind}",
        f"  size:        {info['nodes']:,} nodes, {info['edges']:,} directed edges ({info['one_way_edges']:,} one-way)",
        f"  extent:      lon {info['bbox']['west']}–{info['bbox']['east']}, lat "
        f"{info['bbox']['south']}–{info['bbox']['north']}",
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
        lines.append("  dropped when cleaning: " + ", ".join(f"{k} ×{v}" for k, v in info["dropped_ways"].items()))
    return "\n".join(lines)


__all__ = ["network_info", "format_info", "road_km_by_class", "ferry_table"]

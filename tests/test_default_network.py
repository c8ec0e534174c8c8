"""Sanity of the embedded, approximate hand-digitised Norrtälje network and of its generator.

The network (networks/norrtalje_approx.osm) is generated from networks/norrtalje_roads.toml by
networks/build_default_network.py; see networks/README.md.
"""

from __future__ import annotations

import csv
import importlib.util
import math
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from raddsim.network import load_network, load_osm_xml
from raddsim.network.speeds import parse_duration_s, parse_maxspeed
from raddsim.region.region import data_dir

NETWORKS = data_dir("networks")
OSM = NETWORKS / "norrtalje_approx.osm"
SOURCE = NETWORKS / "norrtalje_roads.toml"
SCRIPT = NETWORKS / "build_default_network.py"

FERRIES = {"Furusundsleden (Furusund–Köpmanholm)", "Blidöleden (Storäng–Norrsund)"}
HATTUDDEN = "Hattudden, Björnösund och Björknäs"
NABBO = "Nabbo, Gräddö och Rävsnäs"
# Neighbouring tätorter that open water separates, so that the road between them really goes
# round (not a digitising error). Pairs across a ferry need no entry: they have no road path.
WATER = {
    "Norrtäljeviken and the bays south of Rådmansö": (
        {"Spillersboda", "Grovstanäs, Hysingsvik och Solö"},
        {HATTUDDEN, "Södersvik", NABBO, "Nysättra"},
    ),
    "Väddö strait (Väddö is bridged to the mainland only at Älmsta)": ({"Grisslehamn"}, {"Herräng", "Hallstavik"}),
}


def _across_water(a: str, b: str) -> bool:
    return any((a in s1 and b in s2) or (a in s2 and b in s1) for s1, s2 in WATER.values())


def _great_circle(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return load_osm_xml(OSM)


@pytest.fixture(scope="module")
def places() -> list[tuple[str, float, float]]:
    path = data_dir("stations") / "norrtalje_tatorter.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(ln for ln in fh if not ln.startswith("#")))
    assert len(rows) == 27
    return [(r["name"], float(r["lat"]), float(r["lon"])) for r in rows]


def _nearest(G: nx.MultiDiGraph, lat: float, lon: float) -> tuple[int, float]:
    return min(((n, _great_circle(lat, lon, d["y"], d["x"])) for n, d in G.nodes(data=True)), key=lambda t: t[1])


def _without_ferries(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    H = G.copy()
    H.remove_edges_from([(u, v, k) for u, v, k, d in G.edges(keys=True, data=True) if d.get("route") == "ferry"])
    return H


def test_file_is_labelled_approximate() -> None:
    head = OSM.read_text(encoding="utf-8")[:4096]
    assert "approximate hand-digitised network (raddsim)" in head and "<note>" in head
    net = load_network(OSM)
    assert net.meta["approximate"] is True and "APPROXIMATE" in net.meta["label"]


def test_size_and_densified(G) -> None:
    assert 300 <= G.number_of_nodes() <= 2000
    longest = max(d["length"] for _, _, d in G.edges(data=True) if d.get("route") != "ferry")
    assert longest <= 1010  # max_edge_m = 1000 (the generator measures in a local projection)


def test_every_tatort_and_station_is_on_one_connected_network(G, places, default_region) -> None:
    points = {name: (lat, lon) for name, lat, lon in places}
    points.update({f"station {sid}": (s.lat, s.lon) for sid, s in default_region.stations.items()})
    assert {"station norrtalje", "station rimbo", "station hallstavik", "station almsta", "station blido"} <= set(points)
    nodes = {}
    for name, (lat, lon) in points.items():
        n, d = _nearest(G, lat, lon)
        assert d <= 300, f"{name} is {d:.0f} m from the nearest network node"
        nodes[name] = n
    biggest = max(nx.strongly_connected_components(G), key=len)
    assert set(nodes.values()) <= biggest
    tagged = {d["name"] for _, d in G.nodes(data=True) if d.get("place")}
    assert {name for name, _, _ in places} <= tagged


def test_neighbouring_tatorter_road_distance_is_plausible(G, places) -> None:
    """Each tätort against its 2 nearest tätorter on the same side of the water: road / straight in 1.1–1.8."""
    H = _without_ferries(G)
    node = {name: _nearest(G, lat, lon)[0] for name, lat, lon in places}
    ratios, bad = {}, []
    for name, lat, lon in places:
        dist = nx.single_source_dijkstra_path_length(H, node[name], weight="length")
        others = sorted((_great_circle(lat, lon, la, lo), other) for other, la, lo in places if other != name)
        found = 0
        for straight, other in others:
            if found == 2:
                break
            if _across_water(name, other) or node[other] not in dist:
                continue  # across open water, or only by ferry (Blidö)
            found += 1
            r = dist[node[other]] / straight
            ratios[frozenset({name, other})] = r
            if not 1.1 <= r <= 1.8:
                bad.append(f"{name} → {other}: road {dist[node[other]] / 1000:.1f} km, straight {straight / 1000:.1f} km, ratio {r:.2f}")
    assert not bad, "\n".join(bad)
    assert len(ratios) >= 30


def test_blido_only_by_the_two_ferries(G, places, default_region) -> None:
    at = {name: (lat, lon) for name, lat, lon in places}
    norrtalje = _nearest(G, *at["Norrtälje"])[0]
    blido = _nearest(G, *at["Blidö"])[0]
    st = default_region.stations["blido"]
    blido_station = _nearest(G, st.lat, st.lon)[0]
    ferries = {d["name"] for _, _, d in G.edges(data=True) if d.get("route") == "ferry"}
    assert ferries == FERRIES
    H = _without_ferries(G)
    assert not nx.has_path(H, norrtalje, blido) and not nx.has_path(H, norrtalje, blido_station)
    assert not nx.has_path(H, blido, norrtalje)
    for target in (blido, blido_station):
        path = nx.shortest_path(G, norrtalje, target, weight="length")
        used = [min(G[u][v].values(), key=lambda d: d["length"]) for u, v in zip(path, path[1:])]
        crossings = [d["name"] for d in used if d.get("route") == "ferry"]
        assert sorted(crossings) == sorted(FERRIES)


def test_tags_and_refs(G) -> None:
    refs = set()
    for _, _, d in G.edges(data=True):
        if d.get("route") == "ferry":
            assert "highway" not in d and d.get("motor_vehicle") == "yes" and d.get("name")
            assert 0 < parse_duration_s(d["duration"]) <= 15 * 60
        else:
            assert d.get("highway") and d.get("name")
            assert parse_maxspeed(d.get("maxspeed")) is not None, d.get("maxspeed")
            if d.get("ref"):
                refs.add(d["ref"])
    assert {"E18", "76", "77", "276", "278", "280", "283"} <= refs


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True)


def test_generator_is_deterministic_clean_and_file_is_current(tmp_path) -> None:
    outs = []
    for k in range(2):
        out = tmp_path / f"n{k}.osm"
        res = _run("--source", str(SOURCE), "--out", str(out), "--strict")
        assert res.returncode == 0, res.stderr
        assert "warning" not in res.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert outs[0] == OSM.read_bytes(), "networks/norrtalje_approx.osm is stale: run python networks/build_default_network.py"


# ------------------------------------------------------------------ the generator's junction logic


def _generator():
    """The generator script as a module (networks/ is not a package)."""
    name = "raddsim_build_default_network"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, SCRIPT)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod  # dataclasses look their module up while the class is created
        spec.loader.exec_module(mod)
    return sys.modules[name]


def _toml(tmp_path: Path, roads: str) -> Path:
    p = tmp_path / "roads.toml"
    p.write_text('[meta]\nnote = "approximate hand-digitised network (raddsim) test"\n' + roads, encoding="utf-8")
    return p


MAIN = '[[roads]]\nname = "Main"\nhighway = "primary"\nmaxspeed = "80"\npoints = [[59.70, 18.60], [59.70, 18.70]]\n'


def test_generator_t_junction_inserts_node_into_the_other_road(tmp_path) -> None:
    gen = _generator()
    side = '[[roads]]\nname = "Side"\nhighway = "tertiary"\nmaxspeed = "SE:rural"\npoints = [[59.75, 18.65], [59.7003, 18.6501]]\n'
    text, net = gen.build(_toml(tmp_path, MAIN + side))
    main, side_way = net.ways
    assert side_way.nodes[-1] in main.nodes[1:-1]  # the side road's end is a node in the middle of Main
    assert not net.warnings
    # densified: 0.1° of longitude at 59.7° N is about 5.6 km -> no edge over 1 km
    assert len(main.nodes) >= 7
    assert text.count("<way ") == 2


def test_generator_merges_close_waypoints_and_warns_about_near_misses(tmp_path) -> None:
    gen = _generator()
    close = '[[roads]]\nname = "Close"\nhighway = "tertiary"\nmaxspeed = "70"\npoints = [[59.65, 18.60], [59.7002, 18.6003]]\n'
    near_miss = '[[roads]]\nname = "Miss"\nhighway = "tertiary"\nmaxspeed = "70"\npoints = [[59.75, 18.68], [59.702, 18.68]]\n'
    _, net = gen.build(_toml(tmp_path, MAIN + close + near_miss))
    main, close_way, miss = net.ways
    assert close_way.nodes[-1] == main.nodes[0]  # 25 m apart: one node
    assert miss.nodes[-1] not in main.nodes
    assert any("'Miss'" in w and "without joining" in w for w in net.warnings)


def test_generator_rejects_bad_input(tmp_path) -> None:
    gen = _generator()
    with pytest.raises(gen.SourceError, match="lat, lon"):
        gen.build(_toml(tmp_path, MAIN.replace("[59.70, 18.60]", "[18.60, 59.70]")))
    with pytest.raises(gen.SourceError, match="maxspeed"):
        gen.build(_toml(tmp_path, MAIN.replace('"80"', '"fast"')))
    ferry = '[[ferries]]\nname = "F"\nfrom = [59.70, 18.70]\nto = [59.60, 18.80]\nduration = "00:04"\n'
    with pytest.raises(gen.SourceError, match="not on any road"):
        gen.build(_toml(tmp_path, MAIN + ferry))


# ------------------------------------------------------------------ riksväg 77 (issue 15)

ROSA = (59.7007, 18.6393)  # trafikplats Rösa as drawn in norrtalje_roads.toml


def _legal_time_s(d: dict) -> float:
    if d.get("route") == "ferry":
        return parse_duration_s(d["duration"])
    return d["length"] / (parse_maxspeed(d["maxspeed"]) / 3.6)


def _route(H: nx.MultiDiGraph, a: int, b: int) -> tuple[list[int], float, float]:
    """Fastest path at legal speeds: nodes, minutes and km."""
    def w(u, v, keys):
        return min(_legal_time_s(d) for d in keys.values())
    path = nx.shortest_path(H, a, b, weight=w)
    edges = [min(H[u][v].values(), key=_legal_time_s) for u, v in zip(path, path[1:])]
    return path, sum(map(_legal_time_s, edges)) / 60, sum(d["length"] for d in edges) / 1000


def _refs_at(G: nx.MultiDiGraph, n: int) -> set[str]:
    refs = set()
    for _, _, d in list(G.out_edges(n, data=True)) + list(G.in_edges(n, data=True)):
        refs.update(str(d.get("ref", "")).split(";"))
    return refs - {""}


def test_riksvag_77_meets_e18_at_rosa_and_station_to_rimbo_goes_that_way(G, default_region) -> None:
    """Norrtälje station → Rimbo station: over the shared E18/77 motorway and Rösa, and shorter than through the town."""
    rosa, d = _nearest(G, *ROSA)
    assert d < 50 and {"E18", "77"} <= _refs_at(G, rosa)
    st = default_region.stations
    a = _nearest(G, st["norrtalje"].lat, st["norrtalje"].lon)[0]
    b = _nearest(G, st["rimbo"].lat, st["rimbo"].lon)[0]
    path, minutes, km = _route(G, a, b)
    assert rosa in path
    first = min(G[path[0]][path[1]].values(), key=_legal_time_s)
    on_77 = [min(G[u][v].values(), key=_legal_time_s) for u, v in zip(path, path[1:])]
    assert any(e.get("ref") == "E18;77" and e["highway"] == "motorway" for e in on_77)
    assert "E18" in str(first.get("ref"))  # leaves the station southwards on E18
    H = G.copy()
    H.remove_node(rosa)
    town_path, town_minutes, town_km = _route(H, a, b)
    malstaby = _nearest(G, 59.7758, 18.6328)[0]
    assert malstaby in town_path  # the alternative goes north through the town and Malstaby
    assert minutes < town_minutes - 1 and km < town_km
    assert 15 <= km <= 35 and 12 <= minutes <= 30  # Rimbo–Norrtälje is about 2 mil by road

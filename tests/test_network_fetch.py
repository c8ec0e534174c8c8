"""``raddsim network fetch`` with only osmnx's HTTP layer replaced by a fake Overpass/Nominatim (issue 3).

The fake Overpass server evaluates the way filters raddsim sends (tag
existence, =, ~, !~) against a small canned map, so the test checks what the
query really selects — small roads to holiday homes and car ferries in, paths
out — and what raddsim's own cleaning does with the answer.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.network import load_network
from raddsim.network.fetch import fetch_network

LON0, LAT0 = 18.70, 59.70
# id: (lat, lon)
NODES = {
    1: (LAT0, LON0), 2: (LAT0, LON0 + 0.01), 3: (LAT0, LON0 + 0.02), 4: (LAT0 + 0.005, LON0 + 0.02),  # main road + branch
    5: (LAT0 + 0.008, LON0 + 0.022), 6: (LAT0 + 0.010, LON0 + 0.025),  # private service road to a holiday home
    7: (LAT0 - 0.006, LON0 + 0.01), 8: (LAT0 - 0.010, LON0 + 0.012),  # forest track (grade2), then a grade5 track
    9: (LAT0 + 0.003, LON0), 10: (LAT0 - 0.004, LON0 + 0.02),  # footway, road closed to motor vehicles
    11: (LAT0, LON0 + 0.03), 12: (LAT0, LON0 + 0.04), 13: (LAT0 + 0.004, LON0 + 0.045),  # car ferry to an island road
    14: (LAT0 - 0.003, LON0 + 0.03), 15: (LAT0 - 0.012, LON0 + 0.045), 16: (LAT0 - 0.014, LON0 + 0.05),  # passenger boat
}
WAYS = [
    (101, [1, 2, 3, 11], {"highway": "secondary", "maxspeed": "70", "name": "Testvägen"}),
    (102, [3, 4], {"highway": "residential"}),
    (103, [4, 5, 6], {"highway": "service", "access": "private"}),
    (104, [2, 7], {"highway": "track", "tracktype": "grade2"}),
    (105, [7, 8], {"highway": "track", "tracktype": "grade5"}),
    (106, [1, 9], {"highway": "footway"}),
    (107, [3, 10], {"highway": "unclassified", "motor_vehicle": "no"}),
    (108, [11, 12], {"route": "ferry", "motor_vehicle": "yes", "duration": "00:06", "name": "Testleden"}),
    (109, [12, 13], {"highway": "unclassified"}),
    (110, [14, 15], {"route": "ferry", "name": "Skärgårdsbåten"}),
    (111, [15, 16], {"highway": "unclassified"}),
    (112, [11, 14], {"highway": "cycleway"}),
]
AREA = [[LON0 - 0.01, LAT0 - 0.02], [LON0 + 0.06, LAT0 - 0.02], [LON0 + 0.06, LAT0 + 0.02], [LON0 - 0.01, LAT0 + 0.02],
        [LON0 - 0.01, LAT0 - 0.02]]

_CLAUSE = re.compile(r'\["([^"]+)"(?:(=|!=|~|!~)"([^"]*)")?\]')


def _matches(tags: dict, flt: str) -> bool:
    for key, op, value in _CLAUSE.findall(flt):
        v = tags.get(key)
        if not op and v is None:
            return False
        if op == "=" and v != value:
            return False
        if op == "~" and (v is None or not re.search(value, v)):
            return False
        if op == "!~" and v is not None and re.search(value, v):
            return False
    return True


class FakeOSM:
    """Stands in for the two HTTP calls osmnx makes (Nominatim search, Overpass interpreter)."""

    def __init__(self) -> None:
        self.queries: list[str] = []
        self.geocoded: list[str] = []

    def nominatim(self, params, request_type="search"):
        self.geocoded.append(params.get("q"))
        return [{"place_id": 1, "osm_type": "relation", "osm_id": 1, "lat": str(LAT0), "lon": str(LON0),
                 "boundingbox": [str(LAT0 - 0.02), str(LAT0 + 0.02), str(LON0 - 0.01), str(LON0 + 0.06)],
                 "display_name": "Testby kommun, Sweden", "class": "boundary", "type": "administrative",
                 "importance": 0.8, "geojson": {"type": "Polygon", "coordinates": [AREA]}}]

    def overpass(self, data):
        query = data["data"]
        self.queries.append(query)
        flt = re.search(r"\(way(.*?)\(poly:", query).group(1)
        ways = [w for w in WAYS if _matches(w[2], flt)]
        used = sorted({n for _, nds, _ in ways for n in nds})
        elements = [{"type": "node", "id": n, "lat": NODES[n][0], "lon": NODES[n][1]} for n in used]
        elements += [{"type": "way", "id": wid, "nodes": nds, "tags": tags} for wid, nds, tags in ways]
        return {"version": 0.6, "generator": "fake Overpass", "elements": elements}


@pytest.fixture()
def fake_osm(monkeypatch):
    import osmnx._nominatim
    import osmnx._overpass

    fake = FakeOSM()
    monkeypatch.setattr(osmnx._overpass, "_overpass_request", fake.overpass)
    monkeypatch.setattr(osmnx._nominatim, "_nominatim_request", fake.nominatim)
    return fake


def test_fetch_place_keeps_small_roads_and_car_ferries(tmp_path, fake_osm) -> None:
    path, downloaded = fetch_network(place="Testby kommun, Sweden", out=tmp_path)
    assert downloaded and path == tmp_path / "testby-kommun-sweden.npz"
    assert fake_osm.geocoded == ["Testby kommun, Sweden"]
    assert len(fake_osm.queries) == 2 and any('["route"="ferry"]' in q for q in fake_osm.queries)

    net = load_network(path)
    ids = set(net.node_ids.tolist())
    # the holiday home (private service road) and the forest track are in; footway, closed road, soft track out
    assert {6, 7, 13} <= ids and not ids & {8, 9, 10}
    # the car ferry is an edge with its crossing time; the passenger boat is not, so its island stays cut off
    assert net.data.ferry_names() == ["Testleden"] and 16 in ids and not net.main_component[net.index[16]]
    ferry = net.edge_ferry
    assert ferry.sum() == 2 and np.allclose(net.edge_time_s[ferry], 360 + 450)
    main = net.index[1]
    assert np.isfinite(net.times_from([main])[0, [net.index[6], net.index[13]]]).all()
    # osmnx simplification did not merge across the ferry or a change of road class
    assert {"secondary", "residential", "service", "track", "unclassified", "ferry"} == set(net.edge_highway.tolist())

    meta = json.loads((tmp_path / "testby-kommun-sweden.meta.json").read_text(encoding="utf-8"))
    import osmnx

    assert meta["query"] == {"place": "Testby kommun, Sweden"} and meta["osmnx_version"] == osmnx.__version__
    assert meta["date"] and "ODbL" in meta["license"] and meta["approximate"] is False
    assert meta["dropped_ways"] == {"track grade5": 1, "closed to motor vehicles": 1, "passenger-only ferry": 1}
    assert net.meta["label"] == "OpenStreetMap" and net.meta["query"] == meta["query"]

    # cached: no second download unless asked
    again, downloaded = fetch_network(place="Testby kommun, Sweden", out=tmp_path)
    assert again == path and not downloaded and len(fake_osm.queries) == 2
    fetch_network(place="Testby kommun, Sweden", out=tmp_path, refresh=True)
    assert len(fake_osm.queries) == 4


def test_fetch_bbox_and_polygon_through_the_cli(tmp_path, fake_osm, capsys) -> None:
    assert main(["network", "fetch", "--bbox", f"{LON0 - 0.01},{LAT0 - 0.02},{LON0 + 0.06},{LAT0 + 0.02}",
                 "--out", str(tmp_path / "box.graphml")]) == 0
    out = capsys.readouterr().out
    assert "Wrote" in out and "real OpenStreetMap data" in out and "Testleden" in out
    assert load_network(tmp_path / "box.graphml").data.ferry_names() == ["Testleden"]
    poly = tmp_path / "area.geojson"
    poly.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [AREA]}}]}), encoding="utf-8")
    assert main(["network", "fetch", "--polygon", str(poly), "--out", str(tmp_path)]) == 0
    assert (tmp_path / "area.npz").is_file() and (tmp_path / "area.meta.json").is_file()
    assert fake_osm.geocoded == []  # no geocoding for a bbox or a polygon


def test_fetch_errors_are_input_errors(tmp_path, fake_osm, monkeypatch, capsys) -> None:
    assert main(["network", "fetch", "--bbox", "18.7,59.7,18.6,59.8", "--out", str(tmp_path)]) == 2
    assert "--bbox" in capsys.readouterr().err

    import osmnx._nominatim
    import requests

    point = FakeOSM().nominatim({"q": "x"})
    point[0]["geojson"] = {"type": "Point", "coordinates": [LON0, LAT0]}
    monkeypatch.setattr(osmnx._nominatim, "_nominatim_request", lambda *a, **k: point)
    with pytest.raises(InputError) as exc:
        fetch_network(place="Testby kyrka", out=tmp_path)
    assert "no usable area" in exc.value.message and "must be an area" in exc.value.fix

    def offline(*a, **k):
        raise requests.exceptions.ConnectionError("no route to host")

    monkeypatch.setattr(osmnx._nominatim, "_nominatim_request", offline)
    with pytest.raises(InputError) as exc:
        fetch_network(place="Testby", out=tmp_path)
    assert "download failed" in exc.value.message and "internet" in exc.value.fix
    assert not list(tmp_path.glob("*.npz"))  # nothing half-written

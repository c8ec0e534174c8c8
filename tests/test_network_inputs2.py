"""Network and GIS inputs of the second bad-input probe (probe_bad2 items 2, 5, 7 and 11).

GraphML cleaned and length-checked like OSM XML and nodes/arcs CSV; a network with no drivable road refused by
its file; multi-layer GeoPackages; OSM nodes without a position; a region's ``network`` naming a folder or a file
of another kind.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from conftest import write_grid_osm, write_island_osm

from raddsim.core.errors import InputError


def _one_line(err: pytest.ExceptionInfo) -> str:
    text = str(err.value)
    assert "\n" not in text and "Fix:" in text, text
    return text


def _plain_graphml(tmp_path: Path, name: str, edit=None) -> Path:
    """An osmnx GraphML of a small OSM grid with an island and a ferry, without raddsim's attributes.

    ``edit(data)`` changes each edge's attributes first.
    """
    import osmnx as ox

    from raddsim.network.osm import load_osm_xml

    G = load_osm_xml(write_island_osm(tmp_path / f"{name}.osm"))
    for _, _, d in G.edges(data=True):
        if edit is not None:
            edit(d)
    for _, _, d in G.edges(data=True):  # osmnx writes booleans as text; raddsim's save does this too
        for key in ("oneway", "reversed"):
            if key in d and not isinstance(d[key], bool):
                d[key] = str(d[key]).lower() in ("yes", "true", "1")
    path = tmp_path / f"{name}.graphml"
    ox.save_graphml(G, path)
    return path


# ----------------------------------------------------------------------------- GraphML (item 2)


def test_a_graphml_of_footways_and_roads_is_cleaned_like_osm_xml(tmp_path) -> None:
    # Was: footways driven at road speed, and nothing counted in `network info`.
    from raddsim.network.load import load_road_data

    plain = load_road_data(_plain_graphml(tmp_path, "plain"))
    seen = {"n": 0}

    def every_third_footway(d: dict) -> None:
        seen["n"] += 1
        if d.get("highway") and seen["n"] % 3 == 0:
            d["highway"] = "footway"

    data = load_road_data(_plain_graphml(tmp_path, "mixed", every_third_footway))
    assert data.n_edges < plain.n_edges
    assert "footway" not in set(data.edge_highway)
    assert data.meta["dropped_ways"].get("highway=footway", 0) > 0, data.meta
    assert data.edge_ferry.sum() == plain.edge_ferry.sum() == 2  # the car ferry is kept, both ways


def test_a_graphml_raddsim_wrote_loads_unchanged(tmp_path) -> None:
    # raddsim's own GraphML (a nodes/arcs network's ferries carry no car tags) is not cleaned again.
    from raddsim.network.load import load_road_data
    from raddsim.network.store import save_graphml

    src = load_road_data(write_island_osm(tmp_path / "isl.osm"), compact=False)
    out = save_graphml(src.__class__.from_arrays(src.node_ids, src.lon, src.lat, src.edge_u, src.edge_v,
                                                 src.edge_length_m, edge_highway=src.edge_highway,
                                                 edge_ferry=src.edge_ferry, meta=dict(src.meta)),
                       tmp_path / "isl.graphml")
    back = load_road_data(out)
    assert back.n_edges == src.n_edges and back.edge_ferry.sum() == src.edge_ferry.sum() == 2


def test_a_graphml_of_footways_only_is_refused_as_such(tmp_path) -> None:
    from raddsim.network.load import load_road_data

    path = _plain_graphml(tmp_path, "foot", lambda d: d.update(highway="footway") if "highway" in d else None)
    with pytest.raises(InputError) as err:
        load_road_data(path)
    text = _one_line(err)
    assert text.startswith(f"{path}: no road a vehicle can use is left after cleaning (") \
        and "highway=footway ×" in text and "raddsim network fetch" in text, text


def test_a_graphml_edge_without_length_is_refused_by_its_nodes(tmp_path) -> None:
    # Was: read as 0 m; the run then blamed demand.population.
    from raddsim.network.load import load_road_data

    path = _plain_graphml(tmp_path, "nolen", lambda d: d.pop("length", None))
    with pytest.raises(InputError) as err:
        load_road_data(path)
    text = _one_line(err)
    assert re.match(rf"{re.escape(str(path))}: length: edge \d+→\d+ has no 'length' \(metres\); ", text), text


def test_graphml_lengths_in_km_are_refused_by_the_straight_line_check(tmp_path) -> None:
    # Was: accepted, and every time was a thousandth of the true one.
    from raddsim.network.load import load_road_data

    path = _plain_graphml(tmp_path, "km", lambda d: d.update(length=float(d["length"]) / 1000))
    with pytest.raises(InputError) as err:
        load_road_data(path)
    text = _one_line(err)
    assert text.startswith(f"{path}: length: ") and "shorter than the straight line" in text \
        and "lengths in km?" in text and re.search(r"e\.g\. edge \d+→\d+: ", text), text


def test_nodes_arcs_csv_lengths_in_km_are_refused_too(tmp_path) -> None:
    # The same check as GraphML's: most arcs below half their straight line is a unit, not a few slips.
    from raddsim.network.csvgraph import load_csv_network

    (tmp_path / "nodes.csv").write_text("id,lon,lat\n1,18.60,59.70\n2,18.62,59.70\n3,18.62,59.71\n", encoding="utf-8")
    (tmp_path / "arcs.csv").write_text("from,to,length_m\n1,2,1.12\n2,3,1.11\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_csv_network(tmp_path)
    text = _one_line(err)
    assert text.startswith(f"{tmp_path / 'arcs.csv'}: length_m: 2 of 2 arc(s)") and "line 2:" in text \
        and "lengths in km?" in text, text


# ----------------------------------------------------------------------------- no drivable road (item 5)


def test_an_osm_file_of_footways_is_refused_naming_what_was_dropped(tmp_path, capsys) -> None:
    # Was: rc=0 in `network info` (0.0 km of road), and `run` blamed the stations' coordinates.
    from raddsim.cli import main

    grid = write_grid_osm(tmp_path / "grid.osm").read_text(encoding="utf-8")
    foot = tmp_path / "foot.osm"
    foot.write_text(re.sub(r'k="highway" v="\w+"', 'k="highway" v="footway"', grid), encoding="utf-8")
    assert main(["network", "info", str(foot)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (f"raddsim: error: {foot}: no road a vehicle can use is left after cleaning (10 ways dropped: "
                   "highway=footway ×10). Fix: export roads (highway=motorway…track and car ferries), e.g. `raddsim "
                   "network fetch --place \"<municipality>, <country>\"`, or an Overpass/JOSM export of highway=* "
                   "ways."), err


def test_almost_no_road_left_is_warned(tmp_path, caplog) -> None:
    from raddsim.network.load import load_road_data

    grid = write_grid_osm(tmp_path / "grid.osm", rows=2, cols=2).read_text(encoding="utf-8")
    paths = "".join(f'<way id="{100 + k}"><nd ref="1"/><nd ref="4"/><tag k="highway" v="path"/></way>'
                    for k in range(200))
    odd = tmp_path / "odd.osm"
    odd.write_text(grid.replace("</osm>", paths + "</osm>"), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        load_road_data(odd)
    said = [r.getMessage() for r in caplog.records if "road edge(s) a vehicle can use" in r.getMessage()]
    assert len(said) == 1 and said[0].startswith(f"{odd}: only 8 road edge(s)") and "highway=path ×200" in said[0], \
        said
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="raddsim"):  # the shipped network: nothing to say
        load_road_data(write_grid_osm(tmp_path / "g2.osm"))
    assert not [r for r in caplog.records if "a vehicle can use" in r.getMessage()]


# ----------------------------------------------------------------------------- OSM node positions (item 11)


@pytest.mark.parametrize(("attr", "said"), [
    ("", "has no lat"),
    (' lat=""', 'has lat="", not a number in decimal degrees'),
    (' lat="59,60"', 'has lat="59,60", not a number in decimal degrees (a decimal comma?)'),
])
def test_an_osm_node_without_a_readable_lat_is_named_with_its_line(tmp_path, attr, said) -> None:
    # Was: "could not read OSM data (KeyError: 'lat')".
    from raddsim.network.load import load_road_data

    text = write_grid_osm(tmp_path / "grid.osm").read_text(encoding="utf-8")
    bad = tmp_path / "bad.osm"
    bad.write_text(re.sub(r'<node id="7" lat="[^"]*"', f'<node id="7"{attr}', text), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_road_data(bad)
    assert _one_line(err).startswith(f"{bad}: node 7 (line 9) {said}. Fix: give every node lat and lon"), err.value


# ----------------------------------------------------------------------------- region.network by its form (item 11)


def test_a_region_network_naming_a_folder_of_osm_files_names_the_key_and_the_files(region_file, tmp_path) -> None:
    # Was: ".../networks/nodes.csv: file not found. Fix: a nodes/arcs network needs both nodes.csv and arcs.csv."
    from raddsim.region.region import load_region

    folder = tmp_path / "nets"
    folder.mkdir()
    write_grid_osm(folder / "roads.osm")
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    path = region_file(lambda s: re.sub(r'network = "[^"]*"', f'network = "{folder.as_posix()}/"', s, count=1))
    with pytest.raises(InputError) as err:
        load_region(path)
    text = _one_line(err)
    assert text.startswith(f"{path}: region.network: names '{folder.as_posix()}/' ") \
        and "a folder without nodes.csv and arcs.csv; it holds the network file(s) roads.osm." in text \
        and f'e.g. network = "{folder.as_posix()}/roads.osm"' in text, text


def test_a_region_network_of_another_kind_names_the_key_and_the_formats(region_file, tmp_path) -> None:
    from raddsim.region.region import load_region

    other = tmp_path / "roads.toml"
    other.write_text("x = 1\n", encoding="utf-8")
    path = region_file(lambda s: re.sub(r'network = "[^"]*"', f'network = "{other.as_posix()}"', s, count=1))
    with pytest.raises(InputError) as err:
        load_region(path)
    text = _one_line(err)
    assert text.startswith(f"{path}: region.network: names '{other.as_posix()}' ") \
        and "is not a network format raddsim reads ('.toml')" in text and "GraphML (.graphml)" in text, text


# ----------------------------------------------------------------------------- GIS files of several layers (item 7)


@pytest.fixture()
def gis(tmp_path):
    """GeoPackages of the municipality's outline beside other layers."""
    import geopandas as gpd

    from raddsim.region.region import data_dir

    kommun = gpd.read_file(data_dir("geodata") / "norrtalje_kommun_scb_2024.geojson")
    points = gpd.GeoDataFrame({"n": [1]}, geometry=gpd.points_from_xy([18.7], [59.75]), crs="EPSG:4326")
    out = {}
    for name, layers in (("points_first", [("stations", points), ("kommun", kommun)]),
                         ("two_polys", [("kommun", kommun), ("kommun_copy", kommun)]),
                         ("no_polys", [("stations", points), ("hydrants", points)])):
        out[name] = tmp_path / f"{name}.gpkg"
        for layer, frame in layers:
            frame.to_file(out[name], layer=layer, driver="GPKG")
    return out


def test_the_only_polygon_layer_of_a_geopackage_is_read_without_a_warning(gis) -> None:
    # Was: the first layer (the stations) read with pyogrio's UserWarning, then "the file holds no polygon".
    import warnings

    from raddsim.coverage.grid import load_boundary

    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        geom = load_boundary(gis["points_first"])
    assert geom.area > 1e9  # the municipality, in m²
    assert not [w for w in said if "layer" in str(w.message)], [str(w.message) for w in said]


def test_a_geopackage_of_two_polygon_layers_is_refused_naming_them(gis) -> None:
    from raddsim.coverage.grid import load_boundary

    with pytest.raises(InputError) as err:
        load_boundary(gis["two_polys"])
    text = _one_line(err)
    assert text.startswith(f"{gis['two_polys']}: boundary: it has 2 polygon layers (kommun, kommun_copy)") \
        and "Fix: name the layer after a colon, e.g. give two_polys.gpkg:kommun (docs/formats.md)." in text, text


def test_a_geopackage_without_a_polygon_layer_lists_its_layers(gis) -> None:
    from raddsim.coverage.grid import load_boundary

    with pytest.raises(InputError) as err:
        load_boundary(gis["no_polys"], field="region.land", what="the region's land outline")
    text = _one_line(err)
    assert text.startswith(f"{gis['no_polys']}: region.land: none of its 2 layers holds polygons: stations (Point), "
                           "hydrants (Point)."), text


def test_a_land_file_that_is_no_gis_data_gets_raddsims_fix_not_gdals(tmp_path) -> None:
    # Was: GDAL's "prefixing the file path with '<DRIVER>:'", an option raddsim does not have.
    from raddsim.coverage.grid import load_boundary

    bad = tmp_path / "bad.geojson"
    bad.write_text("name,lat\nRimbo,59.74\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_boundary(bad, field="region.land", what="the region's land outline")
    text = _one_line(err)
    assert text.startswith(f"{bad}: region.land: it is not a GIS file") and "<DRIVER>" not in text, text

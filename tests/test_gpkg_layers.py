"""A GeoPackage layer chosen by name: ``FILE.gpkg:LAYER`` wherever raddsim reads a polygon file.

A GeoPackage of several polygon layers was refused with the fix "save the layer you mean as its own file"; now the
layer is named after a colon (``--boundary boundary.gpkg:kommun``, ``land = "outline.gpkg:kommun"``). A path that
really holds a ':' (a Windows drive, a file whose name has one) reads as before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from raddsim.core.errors import InputError


def _box(x0: float, y0: float, size: float):
    import geopandas as gpd
    from shapely.geometry import box

    return gpd.GeoDataFrame({"n": [1]}, geometry=[box(x0, y0, x0 + size, y0 + size)], crs="EPSG:4326")


@pytest.fixture
def two_layers(tmp_path) -> Path:
    """A GeoPackage with two polygon layers of different size: 'small' (0.01°) and 'large' (0.2°), near Gridby."""
    path = tmp_path / "boundary.gpkg"
    _box(18.6, 59.7, 0.01).to_file(path, layer="small", driver="GPKG")
    _box(18.5, 59.6, 0.2).to_file(path, layer="large", driver="GPKG")
    return path


def _split(path):
    from raddsim.core.geodata import split_layer

    return split_layer(path)


def test_a_layer_after_the_colon_is_split_off_only_from_an_existing_geopackage(tmp_path, two_layers) -> None:
    assert _split(f"{two_layers}:large") == (two_layers, "large")
    assert _split(two_layers) == (two_layers, None)
    assert _split(tmp_path / "missing.gpkg:large") == (tmp_path / "missing.gpkg:large", None)
    assert _split(r"C:\maps\kommun.gpkg") == (Path(r"C:\maps\kommun.gpkg"), None)  # a drive letter stays
    odd = tmp_path / "boundary.gpkg:large"  # a file whose own name holds the colon is that file
    odd.write_text("{}", encoding="utf-8")
    assert _split(odd) == (odd, None)


def test_each_named_layer_is_read(two_layers) -> None:
    from raddsim.coverage.grid import load_boundary

    small = load_boundary(f"{two_layers}:small")
    large = load_boundary(f"{two_layers}:large")
    assert 350 < large.area / small.area < 450, (large.area, small.area)  # 0.2° against 0.01° squares


def test_several_polygon_layers_are_refused_with_the_colon_form_as_fix(two_layers) -> None:
    from raddsim.coverage.grid import load_boundary

    with pytest.raises(InputError) as err:
        load_boundary(two_layers)
    text = str(err.value)
    assert "it has 2 polygon layers (small, large)" in text and "give boundary.gpkg:small" in text, text


def test_an_unknown_layer_is_refused_naming_the_layers_there(two_layers, capsys) -> None:
    from raddsim.coverage.grid import load_boundary

    with pytest.raises(InputError) as err:
        load_boundary(f"{two_layers}:kommun")
    text = str(err.value)
    assert text.count("\n") == 0 and text.startswith(f"{two_layers}: boundary: it has no layer 'kommun'; its layers: "
                                                     "small (Polygon), large (Polygon)."), text
    assert "e.g. boundary.gpkg:small" in text, text


def test_a_file_whose_name_holds_a_colon_is_read_whole(tmp_path, two_layers) -> None:
    from raddsim.coverage.grid import load_boundary

    odd = tmp_path / "boundary.gpkg:large"  # beside boundary.gpkg: the whole name is the file
    _box(18.6, 59.7, 0.01).to_file(odd, driver="GeoJSON")
    assert load_boundary(odd).area == pytest.approx(load_boundary(f"{two_layers}:small").area, rel=1e-6)


def test_a_region_files_land_names_a_layer(tmp_path, two_layers) -> None:
    from sweep_helpers import write_region

    from raddsim.coverage.outline import region_outline
    from raddsim.region.region import load_region
    from raddsim.sweep.folder import input_hashes

    path = write_region(tmp_path / "gridby")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('network = "grid.osm"\n', f'network = "grid.osm"\nland = "../{two_layers.name}:large"'
                                 '\noutline_source = "test"\n', 1), encoding="utf-8")
    region = load_region(path)
    outline = region_outline(region)
    assert outline is not None and outline.land.area > 2e8, outline  # the large square, in m²
    spec = type("Spec", (), {"scenarios_files": []})()  # input_hashes reads only the spec's scenario files
    assert str(two_layers.resolve()) in input_hashes(region, spec)  # a changed GeoPackage is a changed input


def test_a_region_files_unknown_layer_is_refused_naming_the_field(tmp_path, two_layers) -> None:
    from sweep_helpers import write_region

    from raddsim.coverage.outline import region_outline
    from raddsim.region.region import load_region

    path = write_region(tmp_path / "gridby")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('network = "grid.osm"\n', f'network = "grid.osm"\nland = "../{two_layers.name}:sea"'
                                 '\n', 1), encoding="utf-8")
    with pytest.raises(InputError) as err:
        region_outline(load_region(path))
    text = str(err.value)
    assert "region.land: it has no layer 'sea'; its layers: small (Polygon), large (Polygon)" in text, text


def test_the_output_records_the_layer_and_the_geopackages_hash(two_layers) -> None:
    import hashlib

    from raddsim.views.gis import file_record

    rec = file_record(f"{two_layers}:large")
    assert rec == {"name": "boundary.gpkg:large", "sha256": hashlib.sha256(two_layers.read_bytes()).hexdigest()}


def test_map_boundary_names_a_layer(tmp_path, two_layers, capsys) -> None:
    import json

    from sweep_helpers import write_region
    from test_bad_inputs3 import _exit_and_error

    region = write_region(tmp_path / "gridby")
    out = tmp_path / "maps"
    argv = ["map", "low", "--stations", str(region), "--cell", "2000", "--out", str(out)]
    code, err = _exit_and_error([*argv, "--format", "png,gpkg", "--boundary", f"{two_layers}:large"], capsys)
    assert code == 0, err
    summary = json.loads((out / "coverage.json").read_text(encoding="utf-8"))
    assert summary["boundary"]["name"] == "boundary.gpkg:large" and summary["boundary"]["sha256"], summary["boundary"]
    # A layer of the earlier map's own GeoPackage as the boundary: that file is not removed with the earlier set.
    code, err = _exit_and_error([*argv, "--boundary", f"{out / 'coverage.gpkg'}:municipal_boundary"], capsys)
    assert code == 0 and (out / "coverage.gpkg").is_file(), err


def test_region_new_copies_the_geopackage_and_keeps_the_layer(tmp_path, two_layers) -> None:
    from test_bad_inputs8 import GRID_CREWS, _new

    from raddsim.cli import main
    from raddsim.region.region import load_region

    assert main(_new(tmp_path, GRID_CREWS, "--land", f"{two_layers}:large")) == 0
    text = (tmp_path / "region" / "region.toml").read_text(encoding="utf-8")
    assert 'land = "boundary.gpkg:large"' in text, text
    assert (tmp_path / "region" / "boundary.gpkg").is_file()
    assert load_region(tmp_path / "region" / "region.toml").land_path == tmp_path / "region" / "boundary.gpkg:large"


def test_network_fetch_polygon_names_a_layer(two_layers) -> None:
    from raddsim.network.fetch import read_polygon

    assert read_polygon(f"{two_layers}:large").bounds == pytest.approx((18.5, 59.6, 18.7, 59.8))
    with pytest.raises(InputError) as err:
        read_polygon(two_layers)
    assert "polygon_file: it has 2 polygon layers" in str(err.value) and "boundary.gpkg:small" in str(err.value)

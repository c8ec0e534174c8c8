"""The shipped outline (land, sea, municipal boundary), ferries and labels that do not hide what they name."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from matplotlib.text import Text

from raddsim.cli import main
from raddsim.coverage.grid import make_grid
from raddsim.coverage.outline import region_outline
from raddsim.coverage.static import static_coverage
from raddsim.network.positions import to_sweref
from raddsim.region.region import load_region
from raddsim.views.mapcontext import hidden_cells
from raddsim.views.maps import coverage_map, map_context


@pytest.fixture(scope="module")
def drawn(default_model):
    setup = default_model.region.scenarios["minimum"]
    grid = make_grid(default_model.network, 500)
    cov = static_coverage(default_model, setup, grid)
    ctx = map_context(default_model, setup)
    return default_model, ctx, cov, coverage_map(cov, ctx)


def _xy(model, station_id):
    st = model.region.stations[station_id]
    x, y = to_sweref(np.array([st.lon]), np.array([st.lat]))
    return float(x[0]), float(y[0])


def test_default_region_ships_land_sea_and_boundary(default_model) -> None:
    outline = region_outline(default_model.region)
    assert outline is not None and outline.land is not None and outline.territory is not None
    assert 1900 < outline.land.area / 1e6 < 2200  # SCB: 2,067 km² of land
    assert outline.sea is not None and outline.sea.area > outline.land.area  # the sea territory out to Åland
    assert "SCB" in outline.credit and "Lantmäteriet" in outline.credit


def test_blido_is_an_island_on_the_map(default_model) -> None:
    land = region_outline(default_model.region).land
    blido, norrtalje = (shapely.Point(*_xy(default_model, k)) for k in ("blido", "norrtalje"))
    part = next(p for p in land.geoms if p.buffer(1500).contains(blido))
    assert not part.buffer(100).contains(norrtalje)  # Blidö's land is not joined to the mainland

def test_the_furusund_ferry_crosses_the_sea(default_model) -> None:
    # Furusund–Köpmanholm joins Yxlan/Blidö to the mainland; the generalised SCB outline joins Yxlan and
    # Blidö into one island, so Blidöleden (Storäng–Norrsund) lies on its land and is not checked here.
    ctx = map_context(default_model, default_model.region.scenarios["minimum"])
    sea = region_outline(default_model.region).sea
    seg = next(seg for name, seg in ctx.ferries if "Furusund" in name)
    pts = seg.reshape(-1, 2)
    assert shapely.contains_xy(sea.buffer(50), pts[:, 0], pts[:, 1]).any()


def test_every_map_draws_outline_ferries_and_credits(drawn) -> None:
    model, ctx, cov, fig = drawn
    assert ctx.outline is not None and ctx.ferries, "the default map needs the outline and the ferries"
    names = [name for name, _ in ctx.ferries]
    assert any("Furusund" in n for n in names) and any("Blidö" in n for n in names)
    from matplotlib.legend import Legend

    legend = [t.get_text() for lg in fig.axes[1].findobj(Legend) for t in lg.get_texts()]
    for item in ("Car ferry", "Municipality boundary", "Coastline (generalised)", "Sea (municipality)"):
        assert item in legend
    credits = " ".join(t.get_text() for t in fig.texts)
    assert "SCB" in credits and "Lantmäteriet" in credits and "CC0" in credits


def test_sea_cells_without_residents_are_left_blank(drawn) -> None:
    model, ctx, cov, fig = drawn
    hidden = hidden_cells(ctx, cov.grid, cov.population)
    assert hidden is not None and hidden.any()
    assert not (cov.population[hidden] > 0).any()  # no resident is hidden
    image = next(im for im in fig.axes[0].images).get_array()
    k = np.flatnonzero(hidden)[0]
    assert image[cov.grid.iy[k], cov.grid.ix[k], 3] == 0  # transparent: the sea shows
    land = np.flatnonzero(~hidden & np.isfinite(cov.minutes))[0]
    assert image[cov.grid.iy[land], cov.grid.ix[land], 3] > 0


def _box(art, renderer):
    art.update_positions(renderer)
    return Text.get_window_extent(art, renderer)


def test_labels_do_not_hide_the_dots_they_name(drawn) -> None:
    model, ctx, cov, fig = drawn
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    places = {name: (x, y) for name, _, x, y in ctx.places}
    dots = {name: ax.transData.transform(xy) for name, xy in places.items()}
    labelled = [a for a in ax.texts if a.get_text() in places]
    assert len(labelled) >= 15
    for art in labelled:
        box = _box(art, renderer)
        for name, (px, py) in dots.items():
            # no tätort label covers any tätort dot, its own included
            assert not (box.x0 - 2 < px < box.x1 + 2 and box.y0 - 2 < py < box.y1 + 2), (art.get_text(), name)
    # Labels moved away from their place carry a leader line back to it.
    far = [a for a in labelled if np.hypot(*a.xyann) > 12]
    assert far and all(a.arrow_patch is not None for a in far)


def test_station_labels_do_not_cover_station_markers(drawn) -> None:
    model, ctx, cov, fig = drawn
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    marks = [ax.transData.transform((s.x, s.y)) for s in ctx.stations]
    for art in ax.texts:
        if not art.get_text().strip():
            continue
        box = _box(art, renderer)
        for px, py in marks:
            assert not (box.x0 < px < box.x1 and box.y0 < py < box.y1), art.get_text()


def test_region_without_outline_draws_plain_maps(tmp_path) -> None:
    region = load_region(None)
    assert region_outline(region) is not None
    from dataclasses import replace

    assert region_outline(replace(region, land_path=None, territory_path=None)) is None


def test_missing_outline_file_is_one_clear_error(tmp_path, capsys) -> None:
    import shutil

    from raddsim.region.region import default_region_path

    src = default_region_path()
    shutil.copytree(src.parent, tmp_path / "stations")
    text = src.read_text(encoding="utf-8").replace('land = "../geodata/', 'land = "../geodata/missing_')
    text = text.replace('"../', f'"{src.parent.parent}/')
    bad = tmp_path / "stations" / "region.toml"
    bad.write_text(text, encoding="utf-8")
    assert main(["map", "--stations", str(bad), "--out", str(tmp_path / "m"), "--formats", "png"]) == 2
    err = capsys.readouterr().err
    assert "region.land" in err and "missing_norrtalje_kommun_scb_2024.geojson" in err and "Traceback" not in err


def test_readme_boundary_example_uses_a_shipped_file() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    for line in readme.splitlines():
        if "--boundary " in line and line.lstrip().startswith("raddsim "):
            path = line.split("--boundary ", 1)[1].split()[0]
            assert (root / path).is_file(), f"README example boundary {path} is not shipped"

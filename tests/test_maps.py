"""Maps (raddsim.views.maps), GIS layers (raddsim.views.gis) and ``raddsim map``."""

from __future__ import annotations

import io
import json
import logging
import sys
from pathlib import Path

import numpy as np
import pytest
from test_coverage import synthetic_region

from raddsim.cli import main
from raddsim.coverage.grid import load_boundary, make_grid
from raddsim.coverage.cell_access import cell_access
from raddsim.coverage.static import static_coverage
from raddsim.views.maps import coverage_map, difference_map, figure_bytes, map_context, save_figure
from raddsim.views.mapstyle import DIFF_BOUNDS, MINUTE_BOUNDS, MINUTE_COLOURS, classify, rgba

#: The municipality's land outline shipped with raddsim (geodata/README.md).
SHIPPED_BOUNDARY = Path(__file__).resolve().parents[1] / "geodata" / "norrtalje_kommun_scb_2024.geojson"


@pytest.fixture(scope="module")
def norrtalje(default_model):
    """Default model on the municipality boundary, 500 m grid: two scenarios' coverage and a map context."""
    region = default_model.region
    boundary = load_boundary(SHIPPED_BOUNDARY)
    grid = make_grid(default_model.network, 500, boundary)
    access = cell_access(default_model.network, grid)
    covs = {name: static_coverage(default_model, region.scenarios[name], grid, access)
            for name in ("minimum", "ambition", "deltid-spillersboda")}
    # A second full-time crew at Spillersboda: with blue-light driving, the full-time crew from
    # Norrtälje already beats a part-time crew's 10-minute turnout there, so the map test needs
    # a change that moves first-crew times.
    moved = region.derive("crew-at-spillersboda", "deltid-spillersboda",
                          {"crews.norrtalje_deltid.kind": "full-time", "crews.norrtalje_deltid.turnout_minutes": 1.5})
    covs["crew-at-spillersboda"] = static_coverage(default_model, moved, grid, access)
    return default_model, boundary, covs


def test_classes_are_half_open_and_blank_outside() -> None:
    v = np.array([0, 4.99, 5, 9.99, 10, 29.9, 30, 1e6, np.inf, np.nan, -1])
    assert classify(v, MINUTE_BOUNDS).tolist() == [0, 0, 1, 1, 2, 4, 5, 5, -1, -1, -1]
    d = np.array([-np.inf, -20, -10, -0.5, 0, 0.49, 0.5, 10, np.inf])
    assert classify(d, DIFF_BOUNDS).tolist() == [0, 0, 1, 4, 4, 4, 5, 8, -1]


def test_raster_colours_follow_the_classes(norrtalje) -> None:
    _, _, covs = norrtalje
    cov = covs["minimum"]
    cls = classify(cov.minutes, MINUTE_BOUNDS)
    img = rgba(cov.grid, cls, MINUTE_COLOURS)
    from matplotlib.colors import to_rgba

    for k in range(len(MINUTE_COLOURS)):
        cells = np.flatnonzero(cls == k)[:50]
        assert np.allclose(img[cov.grid.iy[cells], cov.grid.ix[cells]], to_rgba(MINUTE_COLOURS[k]))
    outside = cov.grid.lookup < 0
    assert np.all(img[outside][:, 3] == 0)  # transparent outside the municipality


def text_box(art, renderer):
    """The text of a label alone (an annotation's extent would include its leader line)."""
    from matplotlib.text import Text

    if hasattr(art, "update_positions"):
        art.update_positions(renderer)
    return Text.get_window_extent(art, renderer)


def _texts_do_not_overlap(fig) -> tuple[int, list]:
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    frame = ax.get_window_extent(renderer)
    boxes = [text_box(a, renderer) for a in ax.texts if a.get_visible() and a.get_text().strip()]
    clashes = [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]
    outside = [b for b in boxes if not (b.x0 >= frame.x0 - 1 and b.x1 <= frame.x1 + 1 and b.y0 >= frame.y0 - 1 and b.y1 <= frame.y1 + 1)]
    assert not outside
    return len(boxes), clashes


def test_coverage_map_is_legible(norrtalje) -> None:
    model, boundary, covs = norrtalje
    setup = model.region.scenarios["minimum"]
    ctx = map_context(model, setup, boundary)
    fig = coverage_map(covs["minimum"], ctx)
    n, clashes = _texts_do_not_overlap(fig)
    assert not clashes
    labels = [a.get_text() for a in fig.axes[0].texts]
    # Every station in the municipality is labelled with its crews; the large tätorter are labelled.
    assert any("Norrtälje heltid" in s and "Norrtälje deltid" in s for s in labels)
    for crew in ("Rimbo", "Hallstavik", "Älmsta", "Blidö"):
        assert any(crew in s for s in labels)
    assert n >= 15  # most tätorter fit without clutter
    from matplotlib.legend import Legend

    legends = [lg for lg in fig.axes[1].findobj(Legend)]
    legend = [t.get_text() for lg in legends for t in lg.get_texts()]
    assert "Fire station (crews)" in legend and "Municipality boundary" in legend
    legend = [t.get_text() for t in legends[0].get_texts()]
    assert legend[:6] == ["0–5 min", "5–10 min", "10–15 min", "15–20 min", "20–30 min", "> 30 min"]
    figure_text = " ".join(t.get_text() for t in fig.texts)
    assert "APPROXIMATE NETWORK" in figure_text and "norrtalje_approx.osm" in figure_text
    assert "Östhammar" in figure_text  # mutual aid beyond the map is named
    panel = " ".join(" ".join(t.get_text() for t in fig.axes[1].texts).split())
    assert f"10 min: {100 * covs['minimum'].share_within(10):.0f} %" in panel
    assert any(type(a).__name__ == "AnchoredSizeBar" for a in fig.axes[0].artists)


def test_swedish_labels_and_no_approximate_note_for_a_surveyed_network(norrtalje) -> None:
    model, boundary, covs = norrtalje
    ctx = map_context(model, model.region.scenarios["minimum"], boundary)
    fig = coverage_map(covs["minimum"], ctx, "sv", measure="effective")
    text = " ".join(t.get_text() for t in fig.texts)
    assert "rökdykarstyrka" in text and "UNGEFÄRLIGT VÄGNÄT" in text
    from dataclasses import replace

    surveyed = replace(ctx, approximate=False)
    text = " ".join(t.get_text() for t in coverage_map(covs["minimum"], surveyed).texts)
    assert "APPROXIMATE" not in text


def test_difference_map_shows_gains_where_the_change_is(norrtalje) -> None:
    model, boundary, covs = norrtalje
    a, b = covs["minimum"], covs["crew-at-spillersboda"]
    ctx = map_context(model, b.setup if hasattr(b, "setup") else model.region.scenarios["deltid-spillersboda"], boundary)
    fig = difference_map(a, b, ctx)
    assert "crew-at-spillersboda compared with minimum" in " ".join(t.get_text() for t in fig.texts)
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert any("Norrtälje deltid" in s for s in labels) and not any("Norrtälje deltid" in s and "heltid" in s for s in labels)
    # Moving a crew east helps the east and hurts nobody's first crew (the full-time crew stays).
    d = b.minutes - a.minutes
    assert (d < -0.5).any() and not (d > 1e-9).any()
    from raddsim.network.positions import to_sweref

    sx, sy = to_sweref(np.array([18.8561]), np.array([59.7040]))
    gained = d < -0.5
    assert np.median(np.hypot(a.grid.x[gained] - sx[0], a.grid.y[gained] - sy[0])) < 8000
    eff = difference_map(covs["minimum"], covs["ambition"], ctx, measure="effective")
    panel = " ".join(" ".join(t.get_text() for t in eff.axes[1].texts).split())
    assert "faster smoke-diving force" in panel and "slower smoke-diving force: 0 %" in panel


def test_files_are_written_in_three_formats_and_reproducible(tmp_path, norrtalje) -> None:
    model, boundary, covs = norrtalje
    ctx = map_context(model, model.region.scenarios["minimum"], boundary)
    paths = save_figure(coverage_map(covs["minimum"], ctx), tmp_path / "m")
    assert [p.suffix for p in paths] == [".png", ".svg", ".pdf"]
    png, svg, pdf = (p.read_bytes() for p in paths)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and b"<svg" in svg[:500] and pdf[:5] == b"%PDF-"
    from PIL import Image

    im = Image.open(io.BytesIO(png))
    assert im.size == (1725, 1500)
    again = coverage_map(covs["minimum"], ctx)
    for fmt, first in (("png", png), ("svg", svg), ("pdf", pdf)):
        assert figure_bytes(again, fmt) == first, fmt


def test_basemap_is_optional(monkeypatch, caplog, norrtalje) -> None:
    model, boundary, covs = norrtalje
    monkeypatch.setitem(sys.modules, "contextily", None)  # as if not installed (or offline)
    ctx = map_context(model, model.region.scenarios["minimum"], boundary, basemap=True)
    with caplog.at_level(logging.WARNING):
        fig = coverage_map(covs["minimum"], ctx)
    assert "basemap skipped" in caplog.text
    assert figure_bytes(fig)[:4] == b"\x89PNG"


def test_gis_layers_open_with_attributes(tmp_path, norrtalje) -> None:
    import geopandas as gpd
    import pyogrio

    from raddsim.views.gis import grid_layer, layer_name, station_layer, write_geojson, write_geopackage

    model, _, covs = norrtalje
    setup = model.region.scenarios["deltid-spillersboda"]
    cov = covs["deltid-spillersboda"]
    layers = {layer_name("grid", setup.name): grid_layer(cov), layer_name("stations", setup.name): station_layer(cov, setup)}
    gpkg = write_geopackage(tmp_path / "c.gpkg", layers)
    assert [row[0] for row in pyogrio.list_layers(gpkg)] == ["grid_deltid_spillersboda", "stations_deltid_spillersboda"]
    grid = gpd.read_file(gpkg, layer="grid_deltid_spillersboda")
    assert grid.crs.to_epsg() == 3006 and len(grid) == len(cov.grid)
    assert np.allclose(grid["minutes"], np.round(cov.minutes, 2))
    assert grid["population"].sum() == pytest.approx(cov.population.sum(), rel=1e-4)
    assert grid.geometry.area.round().unique().tolist() == [500.0 * 500.0]
    assert {"within_10", "effective_minutes", "first_crew", "station_area"} <= set(grid.columns)
    st = gpd.read_file(gpkg, layer="stations_deltid_spillersboda").set_index("station_id")
    assert st.loc["spillersboda", "crews"] == "Norrtälje deltid"
    assert "Norrtälje deltid" not in st.loc["norrtalje", "crews"]
    assert st["population_first"].sum() == pytest.approx(cov.population.sum(), rel=1e-3)
    gj = write_geojson(tmp_path / "stations.geojson", layers["stations_deltid_spillersboda"])
    back = gpd.read_file(gj)
    assert back.crs.to_epsg() == 4326
    norr = back.set_index("station_id").loc["norrtalje"].geometry
    assert norr.x == pytest.approx(18.697, abs=1e-5) and norr.y == pytest.approx(59.744, abs=1e-5)
    # the same layer written twice is the same file, named after the file (not after the atomic write's temp file)
    (tmp_path / "again").mkdir()
    again = write_geojson(tmp_path / "again" / "stations.geojson", layers["stations_deltid_spillersboda"])
    assert again.read_bytes() == gj.read_bytes() and json.loads(gj.read_text(encoding="utf-8"))["name"] == "stations"


def test_geopackage_at_source_date_epoch_is_the_same_file(tmp_path, monkeypatch, norrtalje) -> None:
    import sqlite3

    from raddsim.views.gis import station_layer, write_geopackage

    model, _, covs = norrtalje
    layer = {"stations": station_layer(covs["minimum"], model.region.scenarios["minimum"])}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764460800")  # 2025-11-30 00:00 UTC
    first = write_geopackage(tmp_path / "a.gpkg", layer)
    (tmp_path / "b").mkdir()
    second = write_geopackage(tmp_path / "b" / "a.gpkg", layer)
    assert first.read_bytes() == second.read_bytes()
    with sqlite3.connect(first) as db:
        assert db.execute("select last_change from gpkg_contents").fetchall() == [("2025-11-30T00:00:00.000Z",)]
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    with sqlite3.connect(write_geopackage(tmp_path / "c.gpkg", layer)) as db:  # unset: GDAL's own clock again
        assert not db.execute("select last_change from gpkg_contents").fetchone()[0].startswith("2025-11-30T00")


def test_map_command_on_a_synthetic_region(tmp_path, capsys) -> None:
    region = synthetic_region(tmp_path)
    out = tmp_path / "maps"
    assert main(["map", "base", "ambition", "--stations", str(region), "--cell", "250", "--out", str(out),
                 "--formats", "png,gpkg,geojson", "--simulate", "--replications", "2", "--sim-cell", "1000"]) == 0
    printed = capsys.readouterr().out
    assert "base" in printed and "Wrote" in printed
    names = {p.name for p in out.iterdir()}
    assert {"coverage_base.png", "force_base.png", "coverage_ambition.png", "difference_base_ambition.png",
            "difference_force_base_ambition.png", "simulated_base.png", "coverage.gpkg", "grid_base.geojson",
            "stations_ambition.geojson", "simulated_base.geojson", "coverage.json"} <= names
    assert not any(n.endswith((".svg", ".pdf")) for n in names)
    summary = json.loads((out / "coverage.json").read_text(encoding="utf-8"))
    s = summary["scenarios"]["base"]
    assert set(s["within"]) == {"10", "20", "30"} and s["effective_force_within"]["10"] <= s["within"]["10"]
    assert summary["scenarios"]["ambition"]["effective_force_within"]["10"] > s["effective_force_within"]["10"]
    assert summary["network"]["approximate"] is False
    assert "overall" in s["simulated"]


def test_map_command_errors(tmp_path, capsys) -> None:
    assert main(["map", "minimum", "--out", str(tmp_path), "--boundary", str(tmp_path / "none.geojson")]) == 2
    err = capsys.readouterr().err
    assert "boundary file not found" in err and "--boundary" in err
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    assert main(["map", "minimum", "--out", str(afile), "--formats", "png"]) == 2
    assert "not a directory" in capsys.readouterr().err
    assert afile.read_text(encoding="utf-8") == "x"
    with pytest.raises(SystemExit):
        main(["map", "--formats", "png,tiff"])
    assert main(["map", "nosuch", "--out", str(tmp_path)]) == 2
    assert "unknown scenario" in capsys.readouterr().err


def test_swedish_maps_name_crews_in_swedish(default_model) -> None:
    from raddsim.views.maps import map_context

    ctx = map_context(default_model, default_model.region.scenarios["minimum"])
    external = [s for s in ctx.stations if s.external and s.crews]
    assert external and all("(samverkan)" in " ".join(s.crews_sv) for s in external)
    assert all("mutual aid" not in " ".join(s.crews_sv) for s in ctx.stations)


def test_a_region_without_places_draws_and_names_none(tmp_path) -> None:
    """An imported EMS model has no places file: no tätort in the legend, the source line says how people are spread."""
    from matplotlib.text import Text

    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    path = synthetic_region(tmp_path)
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if not x.startswith("places =")]
    lines.insert(lines.index("[region]") + 1, 'service = "ems"')
    path.write_text("\n".join(lines), encoding="utf-8")
    model = build_model(load_region(path))
    setup = model.region.scenarios["base"]
    grid = make_grid(model.network, 500.0, None)
    cov = static_coverage(model, setup, grid, cell_access(model.network, grid))
    (tmp_path / "with").mkdir()
    other = build_model(load_region(synthetic_region(tmp_path / "with")))
    for places, ctx in ((False, map_context(model, setup)), (True, map_context(other, other.region.scenarios["base"]))):
        texts = " ".join(x.get_text() for x in coverage_map(cov, ctx, "en").findobj(Text))
        assert ("Tätort" in texts) is places and ("no places file" in texts) is not places, texts
        # The EMS region's legend names ambulance stations; the default service is a rescue service.
        assert ("Ambulance station (units)" in texts) is not places and ("Fire station" in texts) is places, texts


def test_gis_grid_has_the_force_within_the_regions_own_target(default_model, default_region) -> None:
    """A region whose target is not 10/20/30 min (Helsinki's 8) gets ``within_8`` and, for the smoke-diving
    force, ``effective_within_8`` beside ``effective_within_10``."""
    import dataclasses

    import numpy as np

    from raddsim.coverage.grid import make_grid
    from raddsim.coverage.static import static_coverage
    from raddsim.views.gis import grid_layer

    cov = static_coverage(default_model, default_region.scenarios["minimum"], make_grid(default_model.network, 2000))
    assert cov.effective_minutes is not None
    layer = grid_layer(dataclasses.replace(cov, thresholds=(8, 10, 20, 30)))
    assert {"within_8", "effective_within_8", "effective_within_10"} <= set(layer.columns)
    assert np.array_equal(layer["effective_within_8"].to_numpy(), (cov.effective_minutes <= 8).astype(np.int8))
    assert "effective_within_8" not in grid_layer(cov).columns  # a 10-minute target: the three columns as before


@pytest.mark.parametrize("option, value", [("--years", "2"), ("--replications", "5"), ("--warmup", "30"),
                                           ("--sim-cell", "1000")])
def test_a_simulation_option_without_simulate_is_refused_not_ignored(tmp_path, capsys, option, value) -> None:
    """``map --warmup 30`` without ``--simulate`` used to draw static maps only, silently: the planner would think
    the maps were simulated with a warm-up."""
    from raddsim.cli import main

    assert main(["map", "minimum", option, value, "--out", str(tmp_path / "m")]) == 2
    err = capsys.readouterr().err
    assert f"{option} is for the simulated maps" in err and "add --simulate" in err and not (tmp_path / "m").exists()


def _texts_outside_figure(fig, dpi: int) -> list[str]:
    """The figure's texts (titles, notes, legends, labels) that run past its edge when drawn at ``dpi``."""
    from matplotlib.text import Text

    fig.set_dpi(dpi)
    fig.canvas.draw()
    renderer, edge = fig.canvas.get_renderer(), fig.bbox
    texts = [a for a in fig.findobj(Text) if a.get_visible() and a.get_text().strip()]
    return [a.get_text() for a in texts if not edge.contains(*text_box(a, renderer).p0)
            or not edge.contains(*text_box(a, renderer).p1)]


def test_swedish_force_map_subtitle_stays_inside_the_report_image(norrtalje) -> None:
    """The report embeds the maps at 110 dpi, where text is relatively wider than at the 150 dpi the maps are laid out
    at: the Swedish smoke-diving map's subtitle ran past the image's right edge ("… rutnät 250 r")."""
    from raddsim.views.figfiles import laid_out_at
    from raddsim.views.report import REPORT_DPI

    model, boundary, covs = norrtalje
    ctx = map_context(model, model.region.scenarios["minimum"], boundary)
    with laid_out_at(REPORT_DPI):  # as the report lays its figures out
        fig = coverage_map(covs["minimum"], ctx, "sv", measure="effective")
    assert _texts_outside_figure(fig, REPORT_DPI) == []
    subtitle = fig.texts[-1].get_text()
    assert "500\u00a0m" in subtitle  # a line is never broken between a number and its unit


@pytest.mark.parametrize("dpi", [110, 150])
@pytest.mark.parametrize("words", [6, 10, 11, 12, 30])
def test_a_subtitle_is_broken_into_lines_only_when_it_does_not_fit(words: int, dpi: int) -> None:
    """The subtitle is broken into lines where it does not fit, once, when the map is laid out (matplotlib's
    ``wrap=True`` measured it word by word at every draw: ≈ 0.1 s a map, a seventh of the report's rendering), and
    stays inside the image. Text runs ≈ 4 % wider at the report's 110 dpi than at the maps' 150 dpi (with
    matplotlib 3.11's text layout, eleven words fill 0.96 of the figure's width at 150 dpi and 1.00 at 110 dpi): the
    lengths straddle the width at which lines break; whether each must break is measured, not assumed, as text
    widths differ between matplotlib versions."""
    from matplotlib.text import Text

    from raddsim.views.figfiles import laid_out_at
    from raddsim.views.mapframe import LINE_ROOM, new_figure, titles

    with laid_out_at(dpi):
        fig, ax, panel = new_figure()
    ax.set_axis_off()  # a bare frame's tick labels are not the subject here
    words_text = " ".join(["Täckningsgrad"] * words)
    titles(fig, "Title", words_text)
    subtitle = fig.texts[-1]
    assert not any(a.get_wrap() for a in fig.findobj(Text))
    assert subtitle.get_text().replace("\n", " ") == words_text  # no word lost or added
    assert _texts_outside_figure(fig, dpi) == []
    renderer = fig.canvas.get_renderer()
    probe = fig.text(0.01, 0.5, "", fontsize=subtitle.get_fontsize())

    def width(line: str) -> float:
        probe.set_text(line)
        return text_box(probe, renderer).width

    room = LINE_ROOM * (fig.bbox.x1 - text_box(subtitle, renderer).x0)
    lines = subtitle.get_text().split("\n")
    assert (len(lines) > 1) == (width(words_text) > room)
    assert all(width(f"{line} Täckningsgrad") > room >= width(line) for line in lines[:-1])  # each as long as fits


@pytest.mark.parametrize("dpi", [110, 150])
def test_a_maps_notes_are_broken_into_lines_that_stay_inside_the_image(norrtalje, dpi: int) -> None:
    """The sources and notes under a map are a paragraph of 60 words: broken into lines when laid out, none of
    them running past the image's edge, at the report's 110 dpi or at the 150 dpi of ``raddsim map``."""
    from matplotlib.text import Text

    from raddsim.views.figfiles import laid_out_at

    model, boundary, covs = norrtalje
    with laid_out_at(dpi):
        fig = coverage_map(covs["minimum"], map_context(model, model.region.scenarios["minimum"], boundary), "sv")
    assert fig.dpi == dpi and not any(a.get_wrap() for a in fig.findobj(Text))
    notes = [a for a in fig.texts if a.get_text().startswith("Källor")]
    assert len(notes) == 1 and notes[0].get_text().count("\n") >= 1
    assert _texts_outside_figure(fig, dpi) == []


def test_the_grid_is_drawn_from_bytes(norrtalje) -> None:
    """The grid's colours reach matplotlib as bytes: given as floats, matplotlib turned every output pixel of the
    resampled picture into bytes at every draw (≈ 30 ms a map). The same conversion, made once, draws the same
    pixels (the maps' bytes are unchanged, checked against the float picture here)."""
    model, boundary, covs = norrtalje
    fig = coverage_map(covs["minimum"], map_context(model, model.region.scenarios["minimum"], boundary))
    (image,) = fig.axes[0].get_images()
    assert image.get_array().dtype == np.uint8
    drawn = figure_bytes(fig, "png")
    image.set_data(image.get_array() / 255.0)  # what was drawn before: the same colours as floats
    assert figure_bytes(fig, "png") == drawn


def test_labels_stay_where_they_were_placed_on_a_coarse_grid(default_model) -> None:
    """Labels are placed in pixels before the figure is drawn; the frame shrank to its equal aspect only when drawn,
    moving them: on the 2 km simulated maps "Hästängen och Mora" ran into "Blidöleden (Storäng–Norrsund)"."""
    model = default_model
    grid = make_grid(model.network, 2000, load_boundary(SHIPPED_BOUNDARY))
    setup = model.region.scenarios["minimum"]
    fig = coverage_map(static_coverage(model, setup, grid, cell_access(model.network, grid)),
                       map_context(model, setup, load_boundary(SHIPPED_BOUNDARY)))
    renderer = fig.canvas.get_renderer()
    placed = [text_box(a, renderer).extents for a in fig.axes[0].texts]
    fig.canvas.draw()
    drawn = [text_box(a, renderer).extents for a in fig.axes[0].texts]
    assert np.allclose(placed, drawn, atol=0.5)
    _, clashes = _texts_do_not_overlap(fig)
    assert not clashes


def test_a_long_title_is_set_smaller_not_cut(norrtalje) -> None:
    """A difference map's title names both scenarios: with a board's long scenario names it ran past the image's
    right edge, in the report's 110 dpi image most of all."""
    from dataclasses import replace

    from raddsim.views.report import REPORT_DPI

    model, boundary, covs = norrtalje
    ctx = map_context(model, model.region.scenarios["minimum"], boundary)
    base = replace(covs["minimum"], scenario="nuvarande-organisation-2025")
    other = replace(covs["ambition"], scenario="heltidsstyrka-i-rimbo-och-hallstavik-2027")
    fig = difference_map(base, other, ctx, "sv", measure="effective")
    title = fig.texts[-2]
    assert "heltidsstyrka-i-rimbo-och-hallstavik-2027" in title.get_text()
    assert _texts_outside_figure(fig, REPORT_DPI) == []
    short = coverage_map(covs["minimum"], ctx, "sv")
    assert short.texts[-2].get_fontsize() == 14 > title.get_fontsize()  # a title that fits keeps its size


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_an_openstreetmap_networks_maps_credit_it(monkeypatch, norrtalje, lang) -> None:
    """ODbL asks a map made from OpenStreetMap data to say so: the network carries its licence, the maps' footer did
    not name it."""
    from raddsim.views.mapcontext import source_note

    model, boundary, covs = norrtalje
    monkeypatch.setitem(model.network.meta, "license", "© OpenStreetMap contributors, ODbL 1.0")
    ctx = map_context(model, model.region.scenarios["minimum"], boundary)
    assert ("Road network: " if lang == "en" else "Vägnät: ") + "© OpenStreetMap contributors" in source_note(ctx, lang)
    footer = " ".join(t.get_text() for t in coverage_map(covs["minimum"], ctx, lang).texts)
    assert "© OpenStreetMap contributors, ODbL 1.0" in footer
    monkeypatch.delitem(model.network.meta, "license")  # the approximate default asks for no credit: none shown
    assert "©" not in source_note(map_context(model, model.region.scenarios["minimum"], boundary), lang)

"""What the board and a GIS analyst receive (audit8): intervals on the assumption ranges, a dated yet reproducible
paper, no local paths in the map outputs, metric x/y named beside WGS84 geometry, a boundary layer, and the island
markers in the maps' legend."""

from __future__ import annotations

import hashlib
import html as h
import json
import math
import re
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import numpy as np
import pytest

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.figures.metrics import mean_ci95
from raddsim.views.i18n import t

ROOT = Path(__file__).resolve().parents[1]
SCB = ROOT / "geodata" / "norrtalje_kommun_scb_2024.geojson"
TERRITORY = ROOT / "geodata" / "norrtalje_kommun_lantmateriet_incl_sea.geojson"
NETWORK = ROOT / "networks" / "norrtalje_approx.osm"


def _text(html: str) -> str:
    html = re.sub(r"<(style|title)>.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<img[^>]*>", " ", html)
    return " ".join(h.unescape(re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ").split())


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------------ 1. intervals on the assumption ranges

def _synthetic_ranges(model, replications: int, per_rep: int) -> tuple[list[dict], dict[str, np.ndarray]]:
    """The assumption ranges of ``minimum`` from given yearly values (no simulation): a known answer."""
    from raddsim.experiment.board import assumption_ranges, what_if_setups

    setup = model.region.scenarios["minimum"]
    rng = np.random.default_rng(3)
    known = {s.name: 10 + rng.normal(0, 1, replications * per_rep) for s in what_if_setups(model, setup)}
    known[setup.name] = 10 + rng.normal(0, 1, replications * per_rep)
    return assumption_ranges(model, setup, years=per_rep, seed=1, replications=replications, known=known), known


def test_assumption_ends_carry_their_intervals_and_the_paired_change(default_model) -> None:
    """Each end's mean gets its t-interval and the change high − low its paired interval (before: means only)."""
    from raddsim.experiment.calibrate import parse_parameters

    rows, known = _synthetic_ranges(default_model, replications=5, per_rep=1)
    assert rows
    keys = [p.key for p in parse_parameters(default_model.region)[1]]
    for r in rows:
        k = keys.index(r["key"])  # what_if_setups names the ends "<scenario>~<parameter index>low|high"
        low, high = known[f"minimum~{k}low"], known[f"minimum~{k}high"]
        for values, ci in zip((low, high), r["mean_minutes_ci95"]):
            _, lo, hi = mean_ci95(values)
            assert ci == pytest.approx([lo, hi])
        _, lo, hi = mean_ci95(high - low)
        assert r["change"]["difference"] == pytest.approx(float(np.mean(high - low)))
        assert r["change"]["ci95"] == pytest.approx([lo, hi])


def test_several_years_per_replication_are_not_counted_as_independent(default_model) -> None:
    """3 years per replication: the interval is over the 4 replications' means, not over 12 years."""
    rows, known = _synthetic_ranges(default_model, replications=4, per_rep=3)
    from raddsim.experiment.calibrate import parse_parameters

    r = rows[0]
    low = known[f"minimum~{[p.key for p in parse_parameters(default_model.region)[1]].index(r['key'])}low"]
    _, lo, hi = mean_ci95(low.reshape(4, 3).mean(axis=1))
    assert r["mean_minutes_ci95"][0] == pytest.approx([lo, hi])


def _board(rows: list[dict]) -> dict:
    return {"base": "minimum", "what_if_replications": 5, "assumptions": rows, "levers": [], "differences": {}}


@pytest.mark.parametrize("lang, interval, paired", [("en", "(95 % interval ", r"\(paired\)|paired interval"),
                                                    ("sv", "(95 % intervall ", r"\(parat\)|parade intervallet")])
def test_page_one_gives_every_assumption_figure_its_interval(default_model, lang, interval, paired) -> None:
    from raddsim.views.board_text import MAX_ASSUMPTIONS, assumption_row, unknown_sentences

    rows, _ = _synthetic_ranges(default_model, replications=5, per_rep=1)
    res = {"network": {"approximate": True}, "scenarios": {"minimum": {}}}
    sentence = unknown_sentences(res, _board(rows), lang)[-1].replace("\u00a0", " ")
    shown = min(len(rows), MAX_ASSUMPTIONS)
    assert sentence.count(interval) == 2 * shown  # both ends of every assumption shown
    assert len(re.findall(paired, sentence)) == shown, sentence  # and the paired change between them
    for r in rows:
        row = assumption_row(r, lang)
        assert len(row) == 5 and row[2].count("[") == 2 and row[3].startswith(("+", "-", "−")) and "[" in row[3]
    # One replication has no interval: the sentence falls back to the means, never "nan"
    one = [{**r, "mean_minutes_ci95": [None, None], "change": {"difference": 0.1, "ci95": None}} for r in rows]
    text = unknown_sentences(res, _board(one), lang)[-1]
    assert interval not in text and "nan" not in text


# ------------------------------------------------------------------------------------- 2. the paper's date

@pytest.fixture(scope="module")
def short_data(default_model):
    from raddsim.views.report import prepare_report

    region = default_model.region
    return prepare_report(default_model, [region.scenarios["minimum"]], years=0.1, replications=2, seed=7,
                          cell_m=3000, sim_cell_m=6000, command="raddsim report minimum", what_if=False)


@pytest.mark.parametrize("lang, words", [("en", "Date: 1 December 2026"), ("sv", "Datum: 1 december 2026")])
def test_the_report_is_dated_by_source_date_epoch(short_data, monkeypatch, lang, words) -> None:
    from raddsim.views.report import render_report

    epoch = int(datetime(2026, 12, 1, 13, 0, tzinfo=timezone.utc).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    a = render_report(short_data, lang)
    assert words in _text(a)
    assert "SOURCE_DATE_EPOCH" in _text(a)  # the footer says how to fix the date
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch + 86400))
    assert ("2 December 2026" if lang == "en" else "2 december 2026") in _text(render_report(short_data, lang))


def test_without_source_date_epoch_the_report_carries_today(short_data, monkeypatch) -> None:
    from raddsim.views.dates import date_words
    from raddsim.views.report import render_report

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = date.today()
    text = _text(render_report(short_data, "sv"))
    assert any(f"Datum: {date_words(d, 'sv')}" in text for d in {before, date.today()})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not-a-time")
    with pytest.raises(InputError, match="SOURCE_DATE_EPOCH"):
        render_report(short_data, "en")


# ----------------------------------------------------------------- 3.–5. map outputs: paths, x/y, boundary

@pytest.fixture(scope="module")
def map_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("maps") / "out"
    assert main(["map", "minimum", "--cell", "3000", "--format", "gpkg,geojson", "--boundary", str(SCB),
                 "--out", str(out)]) == 0
    return out


def test_map_outputs_name_files_not_local_paths(map_dir) -> None:
    """coverage.json recorded /home/<user>/…/norrtalje_approx.osm: now the file name and its SHA-256."""
    summary = json.loads((map_dir / "coverage.json").read_text(encoding="utf-8"))
    assert summary["network"]["source"] == NETWORK.name and summary["network"]["file"] == NETWORK.name
    assert summary["network"]["sha256"] == _sha(NETWORK)
    assert summary["boundary"] == {"name": SCB.name, "sha256": _sha(SCB)}
    for f in map_dir.iterdir():  # no output of the map command holds the checkout's folder
        assert str(ROOT).encode() not in f.read_bytes(), f.name


def test_geojson_grid_says_its_x_y_are_sweref_metres(map_dir) -> None:
    import geopandas as gpd

    doc = json.loads((map_dir / "grid_minimum.geojson").read_text(encoding="utf-8"))
    assert t("gis_geojson_xy", "en", crs="EPSG:3006 (SWEREF 99 TM)") in doc["description"]
    grid = gpd.read_file(map_dir / "grid_minimum.geojson")
    lon0, lat0, lon1, lat1 = grid.total_bounds
    assert 17 < lon0 < lon1 < 21 and 59 < lat0 < lat1 < 61  # the geometry is WGS84 degrees …
    c = grid.to_crs("EPSG:3006").geometry.centroid
    assert np.allclose(grid["x"], c.x, atol=5) and np.allclose(grid["y"], c.y, atol=5)  # … x, y SWEREF metres


def test_boundary_layer_with_its_provenance(map_dir) -> None:
    import geopandas as gpd
    import pyogrio

    doc = json.loads((map_dir / "municipal_boundary.geojson").read_text(encoding="utf-8"))
    assert "SCB" in doc["description"] and "Lantmäteriet" in doc["description"] and TERRITORY.name in doc["description"]
    wgs = gpd.read_file(map_dir / "municipal_boundary.geojson")
    assert list(wgs["kind"]) == ["municipality", "boundary_file"]
    assert list(wgs["file"]) == [TERRITORY.name, SCB.name] and list(wgs["sha256"]) == [_sha(TERRITORY), _sha(SCB)]
    lon0, lat0, lon1, lat1 = wgs.total_bounds
    assert 17.5 < lon0 < lon1 < 20.5 and 59.0 < lat0 < lat1 < 60.5  # WGS84 in the GeoJSON
    layers = dict(pyogrio.list_layers(map_dir / "coverage.gpkg"))
    assert layers["municipal_boundary"] == "MultiPolygon"
    metric = gpd.read_file(map_dir / "coverage.gpkg", layer="municipal_boundary")
    assert metric.crs.to_epsg() == 3006
    # the SCB land outline (no sea) is smaller than Lantmäteriet's territory with its sea
    assert 1500 < metric["area_km2"][1] < metric["area_km2"][0] < 10000
    assert math.isclose(metric.geometry.area[0] / 1e6, metric["area_km2"][0], rel_tol=1e-3)


# ---------------------------------------------------------------------------- 6. the islands in the legend

@pytest.mark.parametrize("lang", ["en", "sv"])
def test_island_markers_have_a_legend_entry(default_model, lang) -> None:
    from matplotlib.legend import Legend

    from raddsim.coverage.grid import make_grid
    from raddsim.coverage.cell_access import cell_access
    from raddsim.coverage.static import static_coverage
    from raddsim.views.islandmap import RING_COLOUR
    from raddsim.views.maps import coverage_map, difference_map, map_context

    region = default_model.region
    grid = make_grid(default_model.network, 4000, None)
    access = cell_access(default_model.network, grid)
    setups = [region.scenarios["minimum"], region.scenarios["ambition"]]
    covs = [static_coverage(default_model, s, grid, access) for s in setups]
    assert covs[0].islands  # the default region has islands reached by boat
    label = t("map_island_legend", lang)
    ctx = map_context(default_model, setups[0])
    for fig in (coverage_map(covs[0], ctx, lang), difference_map(covs[0], covs[1], ctx, lang)):
        entries = {txt.get_text(): handle for lg in fig.axes[1].findobj(Legend)
                   for txt, handle in zip(lg.get_texts(), lg.legend_handles)}
        assert label in entries
        assert entries[label].get_marker() == "o" and entries[label].get_markeredgecolor() == RING_COLOUR
    fig = coverage_map(replace(covs[0], islands=[]), ctx, lang)  # no islands: no entry
    assert label not in [x.get_text() for lg in fig.axes[1].findobj(Legend) for x in lg.get_texts()]


def test_the_boundary_layer_never_replaces_the_boundary_file(tmp_path, capsys) -> None:
    """``--boundary out/municipal_boundary.geojson --out out``: the layer would be written over its own input."""
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "municipal_boundary.geojson"
    mine.write_bytes(SCB.read_bytes())
    assert main(["map", "minimum", "--cell", "4000", "--format", "geojson", "--boundary", str(mine),
                 "--out", str(out)]) == 2
    assert "--boundary" in capsys.readouterr().err and mine.read_bytes() == SCB.read_bytes()
    assert main(["map", "minimum", "--cell", "4000", "--format", "png", "--boundary", str(mine),
                 "--out", str(out)]) == 0  # no GeoJSON layers: nothing to refuse

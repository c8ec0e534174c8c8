"""What the board and a planner receive (audit6): page one traceable, Swedish complete, maps and GIS layers readable."""

from __future__ import annotations

import html as h
import re

import pytest

from raddsim.views.report import prepare_report, render_report


@pytest.fixture(scope="module")
def short_run(default_model):
    """3 replications × 0.5 years: 1.5 simulated years per scenario, not a whole number."""
    region = default_model.region
    return prepare_report(default_model, [region.scenarios["minimum"], region.scenarios["ambition"]], years=0.5,
                          replications=3, seed=7, cell_m=1000, sim_cell_m=4000,
                          command="raddsim report minimum ambition", what_if_replications=2, what_if=False)


@pytest.fixture(scope="module")
def papers(short_run) -> dict[str, str]:
    return {lang: render_report(short_run, lang) for lang in ("en", "sv")}


def _text(html: str) -> str:
    html = re.sub(r"<(style|title)>.*?</\1>", " ", html, flags=re.S)
    return " ".join(h.unescape(re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ").split())


def test_headline_counts_the_simulated_years_as_run(papers) -> None:
    """3 × 0.5 years are 1.5 simulated years; the headline table said "2" (rounded to a whole year)."""
    assert "alarms (1.5 simulated years)" in _text(papers["en"])
    assert "larm (1,5 simulerade år)" in _text(papers["sv"])


def test_reported_indicator_has_its_source_in_the_methods(papers, short_run) -> None:
    """Page one quotes the reported 10.52 / 11.19: the assumptions table must say where they come from."""
    region = short_run.model.region
    en, sv = _text(papers["en"]), _text(papers["sv"])
    methods_en = en[en.index("Assumptions and sources"):]
    assert "Reported outcome" in methods_en and "10.52 (2022) and 11.19 (2023)" in methods_en
    assert region.indicator.source in methods_en
    methods_sv = sv[sv.index("Antaganden och källor"):]
    assert "Redovisat utfall" in methods_sv and "10,52 (2022) och 11,19 (2023)" in methods_sv
    assert region.indicator.label("sv") in methods_sv and "10.52" not in sv  # the municipality's own words


def test_page_one_share_within_target_has_its_interval(papers, short_run) -> None:
    """The share of alarms within the target is a model estimate: page one gives its 95 % interval."""
    s = short_run.results["scenarios"]["minimum"]
    lo, hi = (round(100 * x) for x in s["share_within_target_ci95"])
    page1 = _text(papers["en"].split("</section>")[0])
    assert f"of the alarms (95 % interval {lo}–{hi} %) are reached within 10 minutes" in page1
    page1_sv = _text(papers["sv"].split("</section>")[0])
    assert f"av larmen (95 % intervall {lo}–{hi} %) nås inom 10 minuter" in page1_sv


def test_archipelago_mean_on_page_one_has_its_interval(short_run) -> None:
    """The boat-borne first arrival on page one carries its interval when the run gives one."""
    from raddsim.views.archipelago_text import archipelago_sentence

    setups = short_run.setups
    res = {"network": {"archipelago": True},
           "scenarios": {s.name: {"per_station": {"Archipelago": {
               "alarms": 12, "share_missing": 0.0,
               "first_arrival_minutes": {"mean": 31.6, "mean_ci95": [27.25, 35.95]}}}} for s in setups}}
    en = archipelago_sentence(res, setups, "en")
    assert en is not None and "first unit after 31.6 min on average (95 % interval 27.2–36.0) at minimum" in en
    sv = str(archipelago_sentence(res, setups, "sv")).replace("\u00a0", " ")
    assert "första styrkan på plats efter i genomsnitt 31,6 min (95 % intervall 27,2–36,0) vid minimum" in sv
    # no interval (too few replications with an island alarm): the sentence stays as before
    res["scenarios"]["minimum"]["per_station"]["Archipelago"]["first_arrival_minutes"]["mean_ci95"] = None
    assert "first unit after 31.6 min on average at minimum" in str(archipelago_sentence(res, setups, "en"))


def test_provenance_names_the_outline_the_maps_draw(papers, short_run) -> None:
    """Without --boundary the maps still draw SCB's municipal boundary: provenance said "municipality boundary none"."""
    credit = short_run.model.region.outline_source
    assert credit
    assert f"municipality boundary none given for the map extent; the maps draw the region's outline ({credit})" \
        in _text(papers["en"])
    assert f"kommungräns ingen angiven för kartans utbredning; kartorna ritar regionens kontur ({credit})" \
        in _text(papers["sv"])


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_gis_layers_describe_attributes_crs_and_attribution(tmp_path, lang) -> None:
    """A GIS officer opening coverage.gpkg / *.geojson sees what the attributes mean, the CRS of x, y and whose data.

    Before, gpkg_contents.description was empty and the GeoJSON had no description: a grid layer in WGS84 with
    columns x, y in SWEREF 99 TM metres and no word on the SCB/Lantmäteriet (CC0) outline or the approximate network.
    """
    import json
    import sqlite3

    import geopandas as gpd

    from raddsim.cli import main

    assert main(["map", "minimum", "--cell", "2000", "--format", "gpkg,geojson", "--out", str(tmp_path),
                 "--lang", lang]) == 0
    with sqlite3.connect(tmp_path / "coverage.gpkg") as con:
        desc = dict(con.execute("select table_name, description from gpkg_contents").fetchall())
    assert set(desc) >= {"grid_minimum", "stations_minimum"}
    for name, text in desc.items():
        assert "EPSG:3006 (SWEREF 99 TM)" in text and "Lantmäteriet GSD-Översiktskartan (CC0)" in text, name
        assert "norrtalje_approx.osm" in text and ("APPROXIMATE" in text if lang == "en" else "UNGEFÄRLIGT" in text)
        assert gpd.read_file(tmp_path / "coverage.gpkg", layer=name).crs.to_epsg() == 3006
    grid = desc["grid_minimum"]
    if lang == "en":
        assert "x, y = the square's centre in EPSG:3006 (SWEREF 99 TM) (m)" in grid
        assert "minutes = expected minutes" in grid
    else:
        assert "x, y = rutans mitt i EPSG:3006 (SWEREF 99 TM) (m)" in grid and "Coverage grid" not in grid
        assert "Sources" not in grid and "Källor" in grid
    gj = json.loads((tmp_path / "grid_minimum.geojson").read_text(encoding="utf-8"))
    assert gj["description"].startswith("Coordinates: WGS84" if lang == "en" else "Koordinater: WGS84")
    assert "(CC0)" in gj["description"]


def test_reproduce_line_keeps_basemap_and_pdf() -> None:
    """The report's reproduce line dropped --basemap (which changes every map) and --pdf (the paper the board got)."""
    from raddsim.cli import build_parser
    from raddsim.cli.report import command_line

    given = ["report", "minimum", "--years", "1", "--cell", "250", "--sim-cell", "2000"]
    line = command_line(build_parser().parse_args(given + ["--basemap", "--pdf"]), ["minimum"])
    assert "--basemap" in line.split() and "--pdf" in line.split()
    plain = command_line(build_parser().parse_args(given), ["minimum"])
    assert "--basemap" not in plain and "--pdf" not in plain

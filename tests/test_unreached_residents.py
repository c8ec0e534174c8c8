"""Residents no crew reaches by road or boat (an island without ferry or [archipelago] boats), alarms none reaches.

A region of two 4×4 road grids 2 km apart with no road between, half the residents on each, one full-time
station on the first (the outside probe's island region, small): the island's residents count as not reached in
every "residents within" figure, their alarms stay on the island (reached by no crew), and the outputs say so.
"""

from __future__ import annotations

import csv
import json
import re
import logging
from pathlib import Path

import numpy as np
import pytest

from raddsim.cli import main
from raddsim.views.i18n import catalogue

LAT, LON = 60.10, 24.80
#: Grid spacing (m) and nodes per side of each grid.
STEP_M, SIDE = 200.0, 4


def _grids(folder: Path) -> Path:
    """Nodes and arcs of two SIDE×SIDE grids, the second 2 km east of the first and not joined to it."""
    dlat, dlon = STEP_M / 111_195.0, STEP_M / (111_195.0 * np.cos(np.radians(LAT)))
    nodes, arcs = [], []
    for g, east in enumerate((0.0, (SIDE - 1) * dlon + 2000.0 / (111_195.0 * np.cos(np.radians(LAT))))):
        for i in range(SIDE):
            for j in range(SIDE):
                k = g * SIDE * SIDE + i * SIDE + j + 1
                nodes.append(f"{k},{LON + east + j * dlon:.7f},{LAT + i * dlat:.7f}\n")
                if j + 1 < SIDE:
                    arcs.append(f"{k},{k + 1},{STEP_M},residential,40,1\n")
                if i + 1 < SIDE:
                    arcs.append(f"{k},{k + SIDE},{STEP_M},residential,40,1\n")
    net = folder / "net"
    net.mkdir(parents=True)
    (net / "nodes.csv").write_text("id,lon,lat\n" + "".join(nodes), encoding="utf-8")
    (net / "arcs.csv").write_text("from,to,length_m,highway,maxspeed,two_way\n" + "".join(arcs), encoding="utf-8")
    return net


@pytest.fixture(scope="module")
def island(tmp_path_factory) -> Path:
    """The region folder: 2,000 residents along the roads, 400 alarms a year, a 20-minute target."""
    tmp = tmp_path_factory.mktemp("island")
    net = _grids(tmp)
    crews = tmp / "crews.csv"
    crews.write_text(f"name,lat,lon,kind\nMainland,{LAT + 0.0005:.4f},{LON + 0.0005:.4f},full-time\n",
                     encoding="utf-8")
    assert main(["region", "new", str(tmp / "r"), "--network", str(net), "--stations", str(crews),
                 "--alarms-per-year", "400", "--population", "2000", "--target", "20",
                 "--timezone", "Europe/Helsinki"]) == 0
    return tmp / "r"


def _run_json(island: Path, tmp_path: Path, capsys) -> tuple[dict, str]:
    out = tmp_path / "run.json"
    assert main(["run", "--region", str(island), "--replications", "2", "--json", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8")), capsys.readouterr().out.replace("\xa0", " ")


def test_island_alarms_stay_on_the_island_as_not_reached(island: Path, tmp_path: Path, capsys) -> None:
    """The island's alarms are not moved onto the mainland: about half of them are reached by no crew, and the
    mainland keeps its own alarm rate."""
    res, out = _run_json(island, tmp_path, capsys)
    sc = res["scenarios"]["current"]
    assert 0.4 < sc["share_missing"] < 0.6
    assert sc["share_within_target"] < 0.6  # the misses count in the share within the target
    points = res["network"]["unreachable_demand_points"]
    assert points and all(u["alarms"] == "not reached" for u in points)
    assert sum(u["population"] for u in points) == pytest.approx(1000, rel=0.01)
    # Finding 2: run's first-crew table shows the share not reached.
    head = next(line for line in out.splitlines() if line.startswith("scenario") and "not reached" in line)
    assert head.index("not reached") > head.index("within 20 min")
    assert "demand points no crew reaches by road or boat" in out and "1,000 residents" in out


def test_residents_within_count_the_island_as_not_reached(island: Path, capsys) -> None:
    """`target` and the map's table and coverage.json: every resident in the denominator, the island's as not
    reached, and how many that is."""
    assert main(["target", "--region", str(island), "--replications", "2"]) == 0
    out = capsys.readouterr().out.replace("\xa0", " ")
    assert "residents within 20 min (every crew available): 50.0 %" in out
    assert "residents no crew reaches by road or boat (counted as not reached): 1,000 (50.0 %)" in out
    maps = island.parent / "maps"
    assert main(["map", "--region", str(island), "--out", str(maps), "--format", "png"]) == 0
    out = capsys.readouterr().out.replace("\xa0", " ")
    head = next(line for line in out.splitlines() if line.startswith("scenario"))
    assert head.endswith("not reachable")  # by road or boat: was "not reachable by road"
    cov = json.loads((maps / "coverage.json").read_text(encoding="utf-8"))
    cur = cov["scenarios"]["current"] if "scenarios" in cov else cov
    assert cur["population_on_grid"] == pytest.approx(2000, rel=0.01)
    assert cur["population_unreachable"] == pytest.approx(1000, rel=0.01)
    assert cur["share_unreachable"] == pytest.approx(0.5, abs=0.01)
    assert cur["within"]["20"] == pytest.approx(0.5, abs=0.01)


def test_report_page_one_says_who_is_not_reached(island: Path, tmp_path: Path) -> None:
    """Page one names the residents no crew reaches and the share of alarms not reached, in both languages."""
    for lang, words in (("en", ("1,000 residents (50.0 %) live where no crew reaches by road or boat",
                                "of the alarms are reached by no crew",
                                "the yearly indicator leave them out")),
                        ("sv", ("1 000 invånare (50,0 %) bor där ingen styrka når fram på väg eller med båt",
                                "når ingen styrka fram till",
                                "det årliga nyckeltalet räknar inte med dem"))):
        html = tmp_path / f"r_{lang}.html"
        assert main(["report", "--region", str(island), "--replications", "2", "--lang", lang,
                     "--out", str(html)]) == 0
        text = html.read_text(encoding="utf-8")
        page1 = text[text.index('id="summary"'):text.index('id="detail"')]
        page1 = re.sub(r"\s", " ", page1)
        for w in words:
            assert w in page1, (lang, w)


def test_warning_names_the_real_remedies(island: Path, caplog) -> None:
    """The warning says the alarms count as not reached (not 'left out') and names ferries and [archipelago]."""
    from raddsim import build_model, load_region
    from raddsim.experiment import model as model_mod

    model = build_model(load_region(island))
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        pts, unreachable = model.demand(model.region.scenarios["current"].demand)
    msg = " ".join(r.getMessage() for r in caplog.records if "demand point" in r.getMessage())
    assert "left out" not in msg and "count as reached by no crew" in msg
    assert "ferry" in msg and "[archipelago]" in msg
    assert len(pts) == len(model_mod.demand_points(model.region.scenarios["current"].demand, model.network))
    # The island's points lie in the area of the station nearest as the crow flies (the only one here).
    assert (model.node_area(pts.node) == 0).all()


def test_new_words_in_both_languages() -> None:
    cat = catalogue()
    for key in ("unreachable", "unreachable_left", "residents_n", "residents_unreached", "unreached_col",
                "not_reached", "rep_unreachable_left", "rep_residents_unreached", "rep_alarms_unreached"):
        assert cat[key]["en"] and cat[key]["sv"], key


def test_the_simulated_map_counts_the_island_alarms_as_misses(island: Path) -> None:
    """The simulated coverage's squares left alarms no crew reached out of their share (the island's squares had no
    share at all, the map grey where run counted misses); now a square's share counts them as run's share does."""
    from raddsim.coverage.grid import make_grid
    from raddsim.coverage.simulated import simulated_coverage
    from raddsim.experiment.model import build_model
    from raddsim.experiment.runs import run_scenario
    from raddsim.region.region import load_region

    region = load_region(island)
    model = build_model(region)
    run = run_scenario(model, next(iter(region.scenarios.values())), years=1.0, replications=2, seed=3)
    sim = simulated_coverage(model, run, make_grid(model.network, 250))
    minutes = np.concatenate([(r.t_arrival - r.t_alarm) / 60 for r in run.records])
    assert np.isnan(minutes).mean() > 0.3  # the island's alarms: reached by no crew
    assert sim.cell_alarms.sum() == pytest.approx(len(minutes))
    assert sim.cell_within.sum() / sim.cell_alarms.sum() == pytest.approx(np.mean(minutes <= 20))
    share = sim.cell_share
    assert np.nanmin(share) == 0.0 and (share[sim.cell_alarms > 0] == 0).sum() > 0


def test_yearly_indicator_says_it_leaves_out_alarms_not_reached(island: Path, tmp_path: Path, capsys) -> None:
    """The yearly indicator is a mean over the alarms a crew reached (an alarm without an arrival has no time):
    its value is that mean, and under its table `run` says what it leaves out, with the scenario's share."""
    alarms = tmp_path / "alarms.csv"
    res, out = _run_json(island, tmp_path, capsys)
    sc = res["scenarios"]["current"]
    line = next(x for x in out.splitlines() if "not in the yearly indicator" in x)
    assert f"({100 * sc['share_missing']:.1f}% of all alarms)" in line
    assert "counts them as misses" in line
    # The value is the mean of the reached alarms of each simulated year, read back from the alarm table.
    assert main(["run", "--region", str(island), "--replications", "2", "--alarms", str(alarms)]) == 0
    capsys.readouterr()
    rows = list(csv.DictReader(alarms.open(encoding="utf-8")))
    minutes = {}
    for r in rows:
        value = r["first_arrival_min"]
        minutes.setdefault(r["replication"], []).append(float(value) if value else np.nan)
    years = [np.nanmean(v) for _, v in sorted(minutes.items())]
    assert all(np.isnan(v).any() for v in minutes.values())  # some alarms of each year were not reached
    assert sc["indicator"]["mean"] == pytest.approx(float(np.mean(years)), rel=1e-9)
    # Swedish: the same line.
    assert main(["run", "--region", str(island), "--replications", "2", "--lang", "sv"]) == 0
    assert "ingår inte i det årliga nyckeltalet" in capsys.readouterr().out


@pytest.mark.parametrize("lang, words", [("en", "residents no crew reaches by road or boat (counted as not reached)"),
                                         ("sv", "invånare som ingen styrka når på väg eller med båt")])
def test_islands_no_boat_reaches_are_not_said_to_be_unreached_by_road(lang, words, capsys) -> None:
    """In ice-season the archipelago boats cannot go: the islands' residents are not reached by road *or* boat, and
    the line said "by road" alone, as if a ferry or boat would have reached them."""
    assert main(["target", "--scenario", "ice-season", "--replications", "2", "--years", "0.02", "--lang", lang]) == 0
    out = capsys.readouterr().out.replace("\xa0", " ")
    assert words in out

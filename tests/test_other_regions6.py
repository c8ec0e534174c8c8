"""raddsim taken through other regions a sixth time: a US career fire department planning to NFPA 1710 (first engine
within 240 s of travel, an effective response force of 15–17 people within 480 s, 64 s alarm handling, 80 s turnout,
each met at 90 % of incidents), built from README.md and docs/formats.md alone on a nodes/arcs CSV grid in Missouri.
What it could not say, or was told wrongly, each held by a test.
"""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import pytest
from test_other_regions import write_toy_network, write_toy_region
from test_other_regions3 import write_mmc_region
from test_other_regions5 import with_target

from raddsim.cli import main

DOCS = Path(__file__).resolve().parents[1] / "docs" / "formats.md"


def _refusal(tmp_path: Path, capsys, old: str, new: str, *, count: int = 1) -> str:
    """The one line ``raddsim run`` prints for the toy region with ``old`` written as ``new``; it must be refused."""
    region = write_toy_region(tmp_path)
    text = region.read_text(encoding="utf-8")
    assert old in text
    region.write_text(text.replace(old, new, count), encoding="utf-8")
    assert main(["run", "--stations", str(region), "--replications", "1"]) == 2
    return capsys.readouterr().err


@pytest.mark.parametrize("old, new, says", [
    ('kind = "full-time"', 'kind = "career"', "Did you mean 'full-time'? A career company"),
    ('kind = "full-time"', 'kind = "Volunteer"', "Did you mean 'part-time'? A volunteer or paid-on-call company"),
    ('station = "a"', 'station = "a"\nunit = "truck"', "Did you mean 'crew'? Every company, engine, truck"),
    ("crew_commander = 1", "captain = 1", "Did you mean 'crew_commander'? The officer in charge of a company"),
    ("target_minutes = 10", "target_seconds = 384", "Did you mean 'target_minutes'? Times are in minutes"),
    ("turnout_minutes = 1", "turnout_seconds = 80", "Did you mean 'turnout_minutes'? Times are in minutes: seconds"),
    ('station = "a"', 'station = "a"\ncapabilities = ["aerial"]', "Did you mean 'aerial_ladder'? The built-in name"),
])
def test_a_us_planners_words_are_refused_naming_raddsims_word(tmp_path, capsys, old, new, says) -> None:
    """A planner writing to NFPA 1710 wrote 'career' companies, a 'truck', a 'captain', times in seconds: refused with
    no hint, or a wrong one ('target_seconds' → "did you mean 'target_source'?"). Still refused (never guessed), now
    naming raddsim's word and why."""
    err = _refusal(tmp_path, capsys, old, new)
    assert says in err and err.count("raddsim: error") == 1


@pytest.mark.parametrize("lang, says", [("en", "(90th percentile of the year's alarms;"),
                                         ("sv", "(90:e percentilen av årets larm;")])
def test_a_90th_percentile_indicator_is_the_yearly_value(tmp_path, capsys, lang, says) -> None:
    """NFPA 1710 is read at the 90th percentile: `[indicator] statistic = "p90"` was refused ("use one of: mean,
    median"); now each simulated year's value is the 90th percentile of its alarms, and P(year ≤ target) is the
    chance a year complies."""
    region = write_toy_region(tmp_path)
    text = region.read_text(encoding="utf-8")
    region.write_text(text.replace("[scenarios.base]", '[indicator]\nstatistic = "p90"\n\n[scenarios.base]', 1),
                      encoding="utf-8")
    assert main(["run", "--stations", str(region), "--replications", "2", "--lang", lang]) == 0
    assert says in capsys.readouterr().out


@pytest.mark.parametrize("lang, says, wrong", [("en", "within 6.4 minutes", "within 6 minutes"),
                                               ("sv", "inom 6,4 minuter", "inom 6 minuter")])
def test_the_board_summary_names_a_target_of_6_4_minutes(tmp_path, lang, says, wrong) -> None:
    """NFPA 1710's total response time for the first engine is 6.4 min (64 + 80 + 240 s); the board summary said
    '18 % of single alarms are reached within 6 minutes': the target rounded to whole minutes."""
    region = with_target(write_mmc_region(tmp_path / "us", crews=1, alarms_per_year=300, mean_minutes=30,
                                          lon=-94.57, lat=39.03), 6.4)
    out = tmp_path / "r.html"
    assert main(["report", "--region", str(region), "--replications", "1", "--no-what-if", "--lang", lang,
                 "--out", str(out)]) == 0
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", out.read_text(encoding="utf-8"))))
    assert says in text and wrong not in text


def test_the_map_legend_of_a_target_off_the_class_edges_fits_in_the_figure(tmp_path) -> None:
    """With a 6.4-minute target the coverage map's legend title ran past the image's right edge ('… the two green
    clas'): the line saying where the target is was too long for the panel."""
    from matplotlib.legend import Legend

    from raddsim.coverage.grid import make_grid
    from raddsim.coverage.static import static_coverage
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region
    from raddsim.views.maps import coverage_map, map_context

    region = load_region(with_target(write_mmc_region(tmp_path / "us", crews=1, alarms_per_year=300,
                                                      mean_minutes=30, lon=-94.57, lat=39.03), 6.4))
    model = build_model(region)
    setup = region.scenarios["mmc"]
    fig = coverage_map(static_coverage(model, setup, make_grid(model.network, 250)), map_context(model, setup), "en")
    fig.canvas.draw()  # lays the legend panel out as saving does
    renderer = fig.canvas.get_renderer()
    title = fig.axes[1].findobj(Legend)[0].get_title()
    assert "6.4 min" in title.get_text()
    assert title.get_window_extent(renderer).x1 <= fig.bbox.x1


def test_the_docs_list_every_built_in_capability() -> None:
    """`extra_capabilities` was documented as "equipment names beyond the built-in ones", which were listed nowhere:
    a US planner declared "aerial" beside the built-in aerial_ladder."""
    from raddsim.region.stations import CAPABILITIES

    text = DOCS.read_text(encoding="utf-8")
    assert all(f"`{c}`" in text for c in CAPABILITIES)


def _docs_blocks() -> list[str]:
    """The TOML blocks of docs/formats.md's section on response-time standards."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## Planning to a response-time standard", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```toml\n(.*?)```", section, flags=re.S)


def write_nfpa_region(folder: Path) -> Path:
    """docs/formats.md's NFPA 1710 recipe as a region: four engines and a truck on the toy grid, a structure fire
    needing 17 people with the aerial ladder and an EMS type needing one crew (no smoke-diving capability)."""
    region_block, types_block = _docs_blocks()
    write_toy_network(folder / "net")
    engines = "".join(f'[stations.st{k}]\nname = "Station {k}"\nlat = {50 + 0.005 * (k - 1)}\nlon = {10 + 0.01 * k}\n'
                      f'[crews.engine{k}]\nname = "Engine {k}"\nstation = "st{k}"\nkind = "full-time"\n'
                      "turnout_minutes = 1.0\nstaffing.today = { crew_commander = 1, firefighters = 3 }\n"
                      for k in range(1, 5))
    region = region_block.replace("[region]\n", '[region]\nname = "US"\nnetwork = "net"\n'
                                                  'default_scenarios = ["today", "slower"]\n', 1)
    (folder / "region.toml").write_text(region + engines + '[scenarios.today]\ndescription = "today"\n'
                                        'staffing = "today"\n[scenarios.slower]\nbase = "today"\n'
                                        'availability.full-time.turnout_scale = 1.5\n'
                                        '[demand]\nalarms_per_year = 2000\npopulation = 10000\n'
                                        'types = "types.toml"\n', encoding="utf-8")
    (folder / "types.toml").write_text(types_block.replace("share = 0.04", "share = 0.5").replace("…", "test")
                                       + '[types.ems]\nname = "EMS"\nshare = 0.5\nshare_source = "test"\n'
                                         'force = { crews = 1 }\nincident_commander = false\n'
                                         'on_scene = { median_minutes = 20, sigma = 0.6, source = "test" }\n',
                                       encoding="utf-8")
    return folder


def test_the_docs_nfpa_recipe_runs_with_its_alarm_handling_and_turnouts(tmp_path) -> None:
    """docs/formats.md did not say how to write NFPA 1710's parts (alarm handling, fire and EMS turnout, the ERF with
    an aerial device). Its recipe, run: the first crew leaves 64 + 80 s after its alert to a structure fire (the
    type's 20 s of gear on the crews' 60 s) and 64 + 60 s to an EMS call, and a structure fire's force waits for the
    truck."""
    folder = write_nfpa_region(tmp_path / "us")
    alarms = tmp_path / "a.csv"
    assert main(["run", "--region", str(folder), "--replications", "1", "--alarms", str(alarms)]) == 0
    with alarms.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["waited"] == "0" and r["t_turnout_end_s"]]
    leave = {k: {round(float(r["t_turnout_end_s"]) - float(r["t_dispatch_s"])) for r in rows
                 if r["type"] == k and r["scenario"] == "today"} for k in ("structure_fire", "ems")}
    assert leave == {"structure_fire": {144}, "ems": {124}}
    fires = [r for r in rows if r["type"] == "structure_fire" and r["scenario"] == "today"]
    assert fires and all(float(r["t_effective_s"]) > float(r["t_arrival_s"]) for r in fires)

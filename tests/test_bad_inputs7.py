"""Bad input, seventh round (audit12): options costs ignored, swapped lat/lon, posterior files, and a probe table.

Each case: one clear InputError naming the file, the field and the fix (or one warning, where the file may be
valid), where before there was a traceback, a silently wrong result, or a refusal without the hint that fixes it.
Runs on Gridby (tests/sweep_helpers.py) and Toyby (tests/optimise_helpers.py), offline, in a few seconds.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from optimise_helpers import OPTIONS, write_toy

from raddsim.core.errors import InputError

ROOT = Path(__file__).resolve().parents[1]


def _one_line(err: InputError) -> str:
    text = str(err)
    assert "\n" not in text and "Traceback" not in text and "Fix:" in text, text
    return text


# ------------------------------------------------------------------ optimise: a cost for the level of today
@pytest.mark.parametrize("levels, field", [
    ("[levels.north_pt]\nambition = 2\nminimum = 3", "levels.north_pt.minimum"),  # a cost never counted
    ("[levels.north_pt]\nminimum = 0", "levels.north_pt.minimum"),  # the crew silently got no option at all
])
def test_a_cost_for_the_crews_level_of_today_is_warned_about(tmp_path, caplog, levels, field) -> None:
    from raddsim.optimise.options import load_options

    _, opts = write_toy(tmp_path, OPTIONS.replace("[levels.north_pt]\nambition = 2", levels))
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        space = load_options(opts)
    said = [r.getMessage() for r in caplog.records if "as today" in r.getMessage()]
    assert len(said) == 1 and said[0].startswith(f"{opts}: {field}: ignored") and "Fix:" in said[0], said
    assert "level:north_pt:minimum" not in space.options


def test_a_zero_cost_for_the_level_of_today_beside_others_is_not_warned_about(tmp_path, caplog) -> None:
    from raddsim.optimise.options import load_options

    _, opts = write_toy(tmp_path, OPTIONS.replace("[levels.north_pt]\nambition = 2",
                                                  "[levels.north_pt]\nambition = 2\nminimum = 0"))
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        space = load_options(opts)
    assert not [r for r in caplog.records if "as today" in r.getMessage()]
    assert "level:north_pt:ambition" in space.options


# ------------------------------------------------------------------ latitude and longitude swapped
def test_a_candidate_site_with_lat_and_lon_swapped_says_so_in_the_fix(tmp_path) -> None:
    from optimise_helpers import SITES

    from raddsim.experiment.model import build_model
    from raddsim.optimise.options import load_options
    from raddsim.optimise.sites import check_sites

    _, opts = write_toy(tmp_path, sites=SITES.replace("59.74,18.68", "18.66,59.74"))  # Midway as lon,lat
    space = load_options(opts)
    with pytest.raises(InputError) as err:
        check_sites(space, build_model(space.region).network)
    text = _one_line(err.value)
    assert text.startswith(f"{opts}: sites.east_pt.candidates: candidate site 'mid'"), text
    assert "Fix: latitude and longitude look swapped" in text and "59.74000N 18.66000E" in text, text


def test_a_candidate_site_merely_far_away_is_not_called_swapped(tmp_path) -> None:
    from optimise_helpers import SITES

    from raddsim.experiment.model import build_model
    from raddsim.optimise.options import load_options
    from raddsim.optimise.sites import check_sites

    _, opts = write_toy(tmp_path, sites=SITES.replace("59.74,18.68", "48.85,2.35"))  # Paris
    space = load_options(opts)
    with pytest.raises(InputError) as err:
        check_sites(space, build_model(space.region).network)
    assert "swapped" not in _one_line(err.value) and "move the site" in str(err.value), err.value


@pytest.mark.parametrize("lon, lat, swapped", [("59.72", "18.62", True), ("2.35", "48.85", False)])
def test_a_replayed_alarm_with_lat_and_lon_swapped_says_so_in_the_fix(tmp_path, lon, lat, swapped) -> None:
    from sweep_helpers import write_region

    from raddsim.demand import load_incident_csv
    from raddsim.demand.replay import replay_incidents
    from raddsim.experiment.model import build_model
    from raddsim.region.region import load_region

    region = load_region(write_region(tmp_path))
    setup = region.scenarios["low"]
    kind = list(setup.demand.catalog.ids)[0]
    log = tmp_path / "larm.csv"
    log.write_text(f"time,lon,lat,type\n2023-07-01T10:00,18.62,59.72,{kind}\n2023-07-01T11:00,{lon},{lat},{kind}\n",
                   encoding="utf-8")
    alarms = load_incident_csv(log, list(setup.demand.catalog.ids), region.timezone)
    with pytest.raises(InputError) as err:
        replay_incidents(alarms, setup.demand, build_model(region).network, seed=1, replication=0)
    text = _one_line(err.value)
    assert text.startswith(f"{log}: lon/lat: 1 alarm(s)"), text
    assert ("Fix: latitude and longitude look swapped" in text) == swapped, text

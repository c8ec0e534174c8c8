"""Messages of ``raddsim optimise`` that must speak of the user's own region (probe_opt8)."""

from __future__ import annotations

import pytest
from optimise_helpers import OPTIONS, write_toy

from raddsim.core.errors import InputError
from raddsim.optimise.options import load_options
from raddsim.region.region import load_region


def test_an_extra_crew_without_stations_is_told_the_regions_own_station_ids(tmp_path) -> None:
    """The fix named Norrtälje's "rimbo" and "hallstavik" whatever the region."""
    options = OPTIONS.replace('stations = ["west", "east", "north"]', "stations = []")
    region, opts = write_toy(tmp_path, options=options)
    with pytest.raises(InputError) as err:
        load_options(opts)
    msg = str(err.value)
    own = [k for k, s in load_region(region).scenarios["minimum"].stations.items() if not s.external]
    assert "extra_crews.extra.stations" in msg and "rimbo" not in msg
    assert "Fix: list them, e.g. stations = [" + ", ".join(f'"{k}"' for k in own[:2]) + "]." in msg


def test_a_resumed_run_says_so_in_the_language_asked(tmp_path, capsys) -> None:
    """``--lang sv`` printed everything in Swedish but the resume line (calibrate's is Swedish)."""
    from raddsim.cli import main
    from raddsim.sweep.results import finished_tasks

    _, opts = write_toy(tmp_path)
    argv = ["optimise", str(opts), "--budget", "1", "--top", "2", "--processes", "0", "--initial-replications", "2",
            "--batch", "2", "--max-replications", "2", "--short-replications", "1", "--no-progress", "--no-map",
            "--years", "0.5", "--sweep-dir", str(tmp_path / "sweep"), "--lang", "sv"]
    assert main([*argv, "--out", str(tmp_path / "a")]) == 0
    capsys.readouterr()
    assert main([*argv, "--out", str(tmp_path / "b")]) == 0
    years = len(finished_tasks(tmp_path / "sweep")) * 0.5  # base and two finalists, two half-years each: 3
    first = capsys.readouterr().out.splitlines()[0]
    assert first == f"Fortsätter från {tmp_path / 'sweep'}: {years:g} simulerade år finns redan där."


@pytest.mark.parametrize("lang, words", [("en", "Only {n} distinct option set(s) fit the budget and the limits "
                                                "(--top asked for 50)"),
                                         ("sv", "Bara {n} olika kombinationer av åtgärder ryms i budgeten")])
def test_fewer_option_sets_than_top_asked_are_said_to_be_all_there_are(tmp_path, capsys, lang, words) -> None:
    """``--top 50`` on a budget that buys 4 option sets printed 4 finalists with no word that no fifth exists
    (probe_opt8 #13); a --top the sets fill says nothing."""
    import json

    from raddsim.cli import main

    _, opts = write_toy(tmp_path)
    base = ["optimise", str(opts), "--budget", "1", "--screen-only", "--no-map", "--lang", lang]
    assert main([*base, "--top", "50", "--out", str(tmp_path / "a")]) == 0
    out = capsys.readouterr().out
    n = len(json.loads((tmp_path / "a" / "optimise.json").read_text(encoding="utf-8"))["finalists"])
    assert 1 < n < 50 and words.format(n=n) in out
    assert main([*base, "--top", str(n - 1), "--out", str(tmp_path / "b")]) == 0
    assert "(--top" not in capsys.readouterr().out

"""A researcher's first hour with the Python API (docs/api.md) and sweeps: what the probe found and fixed.

compare() with one scenario, Region.derive with the sweeps' ``crews.*``, the per-alarm records as a DataFrame,
load_region on a JEMSS model not yet imported, a sweep's turnout factor on crews without a turnout
(/work/notes/probe_research.md has the probe). The Edmonton tests need ../shared and skip without it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import shared_path

from raddsim import InputError, alarm_frame, compare, run_experiment, run_scenario, run_scenarios


@pytest.fixture(scope="module")
def edmonton(tmp_path_factory):
    """The Edmonton EMS model of ../shared, imported as README's "Other regions" does, and built."""
    from raddsim import build_model, load_region
    from raddsim.region.jemss import import_jemss

    src = shared_path("jemss", "edmonton")
    out = import_jemss(src, tmp_path_factory.mktemp("edmonton") / "edmonton")
    return build_model(load_region(out.parent))


def test_compare_refuses_one_scenario(default_model) -> None:
    # Was: {"differences": {}} without a word, where `raddsim compare minimum` refuses.
    with pytest.raises(InputError) as err:
        compare(default_model, ["minimum"], years=0.05, replications=2, seed=1)
    assert err.value.field == "setups"
    assert "at least two scenarios" in err.value.message
    assert "compare(model, [" in err.value.fix  # names two of the region's own scenarios


def test_compare_on_a_region_of_one_scenario_says_how_to_derive_a_second(edmonton) -> None:
    # A JEMSS import has one scenario, so compare(model, None) ran it alone and compared nothing.
    with pytest.raises(InputError) as err:
        compare(edmonton, None, years=0.02, replications=2, seed=1)
    assert err.value.field == "setups" and "derive" in err.value.fix
    other = edmonton.region.derive("other", "deployment", {"demand.multiplier": 1.1})  # the fix's own example
    res = compare(edmonton, ["deployment", other], years=0.02, replications=2, seed=1)
    assert set(res["differences"]) == {"other"}


def test_derive_refuses_the_sweep_wildcard_naming_the_crews(default_region) -> None:
    # Was: "scenarios.x.crews.*: the id '*' holds '*' … use letters, digits", blaming the region file.
    with pytest.raises(InputError) as err:
        default_region.derive("x", "minimum", {"crews.*.turnout_minutes": 6})
    assert err.value.field == "overrides['crews.*.turnout_minutes']"
    assert "derive takes each crew by its id" in err.value.message
    assert "turnout_scale" in err.value.fix and "region.scenarios['minimum'].crews" in err.value.fix


def test_derive_by_the_fix_of_the_wildcard_error_runs(default_region) -> None:
    """The fix's comprehension is a derive that works, and changes every crew."""
    crews = default_region.scenarios["minimum"].crews
    setup = default_region.derive("x", "minimum", {f"crews.{c.id}.turnout_minutes": 6 for c in crews})
    assert {c.turnout_s for c in setup.crews} == {360.0}


def test_derive_names_a_base_it_does_not_know_by_the_argument(default_region) -> None:
    # Was: "norrtalje.toml: scenarios.x.base: unknown scenario 'minimun' … use one of: minimum, …, x": blamed on the
    # region file the user did not edit, offering the scenario being derived.
    with pytest.raises(InputError) as err:
        default_region.derive("x", "minimun", {"crews.rimbo.turnout_minutes": 3})
    assert err.value.field == "base" and err.value.file is None
    assert "Did you mean 'minimum'" in err.value.message and not err.value.fix.endswith(", x.")


def test_derive_refuses_its_base_as_its_name(default_region) -> None:
    # Was: "scenarios.minimum: scenario inheritance loops: minimum → minimum. Fix: remove one of the 'base' links."
    with pytest.raises(InputError) as err:
        default_region.derive("minimum", "minimum", {"demand.multiplier": 1.2})
    assert err.value.field == "name" and "name of its own" in err.value.message


def test_alarm_frame_is_the_alarm_file_in_memory(default_model, tmp_path: Path) -> None:
    runs = run_scenarios(default_model, ["minimum", "ambition"], years=0.1, replications=2, seed=5)
    frame = alarm_frame(default_model, runs)
    run_experiment(default_model, ["minimum", "ambition"], years=0.1, replications=2, seed=5,
                   alarm_file=tmp_path / "alarms.csv")
    written = pd.read_csv(tmp_path / "alarms.csv", keep_default_na=False, na_values=[""])
    assert list(frame.columns) == list(written.columns) and len(frame) == len(written) > 0
    for col in ("scenario", "replication", "alarm", "area", "type", "first_crew"):
        assert (frame[col].astype(str) == written[col].astype(str)).all(), col
    for col in ("t_alarm_s", "first_arrival_min", "effective_force_min", "t_free_s"):
        assert np.allclose(frame[col], written[col], equal_nan=True), col
    # a replication's mean from the frame is that replication's own figure
    first = frame[(frame.scenario == "minimum") & (frame.replication == 1)]
    assert first.first_arrival_min.mean() == pytest.approx(np.nanmean((runs[0].records[1].t_arrival
                                                                      - runs[0].records[1].t_alarm) / 60))


def test_alarm_frame_takes_one_run(default_model) -> None:
    run = run_scenario(default_model, "minimum", years=0.05, replications=2, seed=3)
    frame = alarm_frame(default_model, run)
    assert sorted(frame.replication.unique()) == [0, 1]
    assert len(frame) == sum(len(r) for r in run.records)


@pytest.mark.parametrize("bad, said", [("minimum", "got str"), ([1], "got int in the list")])
def test_alarm_frame_refuses_what_is_not_a_run(default_model, bad, said) -> None:
    with pytest.raises(InputError) as err:
        alarm_frame(default_model, bad)
    assert err.value.field == "runs" and said in err.value.message


def test_alarm_frame_refuses_a_run_without_records(default_model) -> None:
    run = run_scenario(default_model, "minimum", years=0.05, replications=2, seed=3, keep_records=False)
    with pytest.raises(InputError, match="kept no records"):
        alarm_frame(default_model, run)


def test_load_region_on_a_jemss_model_says_to_import_it(tmp_path: Path) -> None:
    from raddsim import load_region

    (tmp_path / "gen_config.xml").write_text("<genConfig/>", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_region(tmp_path)
    assert "JEMSS model" in err.value.message and "import-jemss" in err.value.fix


def test_load_region_on_the_shared_jemss_model_says_to_import_it() -> None:
    from raddsim import load_region

    with pytest.raises(InputError, match="JEMSS model"):
        load_region(shared_path("jemss", "edmonton"))


def _spec(tmp_path: Path, region: str, axes: str) -> Path:
    path = tmp_path / "spec.toml"
    path.write_text(f'region = "{region}"\nyears = 0.02\nreplications = 2\nseed = 1\n\n[axes]\n{axes}\n',
                    encoding="utf-8")
    return path


def test_sweep_refuses_a_turnout_factor_on_crews_without_turnout(edmonton, tmp_path: Path) -> None:
    # Every ambulance of a JEMSS import has turnout 0 (its dispatch delay is request_delay_minutes): the sweep ran
    # every point the same.
    pytest.importorskip("pyarrow", reason="run_sweep writes Parquet: pip install '.[sweep]'")
    from raddsim import load_spec, run_sweep

    spec = _spec(tmp_path, edmonton.region.file.parent.as_posix(), '"availability.full-time.turnout_scale" = [1, 2]')
    with pytest.raises(InputError) as err:
        run_sweep(load_spec(spec), tmp_path / "out", processes=0, progress=False)
    assert err.value.field == 'axes."availability.full-time.turnout_scale"'
    assert "every point would run unchanged" in err.value.message
    assert "request_delay_minutes" in err.value.fix
    assert not (tmp_path / "out" / "parts").exists()


def test_sweep_keeps_a_turnout_factor_where_another_axis_gives_a_turnout(edmonton, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow", reason="run_sweep writes Parquet: pip install '.[sweep]'")
    from raddsim import load_spec, run_sweep

    axes = '"availability.full-time.turnout_scale" = [1, 2]\n"crews.a1.turnout_minutes" = [1]'
    spec = _spec(tmp_path, edmonton.region.file.parent.as_posix(), axes)
    done = run_sweep(load_spec(spec), tmp_path / "out", processes=0, progress=False)
    assert done.tasks == 4

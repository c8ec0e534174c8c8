"""Bad numbers and paths are refused before any work, with one clear error (exit 2)."""

from __future__ import annotations

import numpy as np
import pytest
from sweep_helpers import write_region, write_spec

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.region.region import load_region
from raddsim.sweep import load_spec, run_sweep, validate_spec
from raddsim.sweep.axes import MAX_AXIS_VALUES, trial_values


@pytest.mark.parametrize("args, words", [
    (["run", "--seed", "-1"], "--seed: must be at least 0"),
    (["run", "--seed", "1.5"], "--seed: expected a whole number"),
    (["run", "--years", "inf"], "--years: expected a finite number"),
    (["run", "--years", "nan"], "--years: expected a finite number"),
    (["run", "--years", "1e9"], "--years: must be at most"),
    (["run", "--years", "0"], "--years: must be greater than 0"),
    (["compare", "minimum", "ambition", "--seed", "-5"], "--seed: must be at least 0"),
    (["target", "--years", "1e300"], "--years: must be at most"),
    (["demand", "--seed", "-1"], "--seed"),
    (["calibrate", "--years", "inf"], "--years"),
    (["run", "--replications", "0"], "--replications: must be at least 1"),
    (["run", "--replications", "1000000000"], "--replications: must be at most"),
])
def test_bad_numbers_on_the_command_line(args, words, capsys) -> None:
    with pytest.raises(SystemExit) as ex:
        main(args)
    assert ex.value.code == 2
    assert words in capsys.readouterr().err


def test_alarm_volume_beyond_memory_is_refused(region_file, capsys) -> None:
    big = region_file(lambda s: s.replace("alarms_per_year = 800", "alarms_per_year = 1e12"))
    assert main(["run", "--stations", str(big), "--replications", "2"]) == 2
    err = capsys.readouterr().err
    assert "alarms_per_year" in err and "must be at most" in err and str(big) in err
    many = region_file(lambda s: s.replace("multiplier = 1.0", "multiplier = 1e9"),
                       name="many.toml")
    assert main(["run", "--stations", str(many), "--replications", "2", "--years", "1"]) == 2
    err = capsys.readouterr().err  # refused where it is read, naming the file and the field (audit7)
    assert str(many) in err and "demand.multiplier" in err and "can simulate" in err and "Fix:" in err


def test_npz_network_with_out_of_range_edges_is_named(tmp_path) -> None:
    from conftest import write_grid_osm

    from raddsim.network.load import load_road_data
    from raddsim.network.store import save_archive

    good = tmp_path / "g.npz"
    save_archive(load_road_data(write_grid_osm(tmp_path / "g.osm")), good)
    with np.load(good) as z:
        arrays = {k: z[k] for k in z.files}
    for field, change in (("edge_u", lambda a: a.__setitem__(0, 10_000)), ("edge_v", lambda a: a.__setitem__(-1, -3)),
                          ("highway_codes", lambda a: a.__setitem__(0, 99))):
        broken = {k: v.copy() for k, v in arrays.items()}
        change(broken[field])
        path = tmp_path / f"bad_{field}.npz"
        np.savez(path, **broken)
        with pytest.raises(InputError) as err:
            load_road_data(path)
        assert field in str(err.value) and str(path) in str(err.value)
    short = {k: v for k, v in arrays.items() if k != "edge_v"}
    np.savez(tmp_path / "short.npz", **short)
    with pytest.raises(InputError, match="edge_v"):
        load_road_data(tmp_path / "short.npz")
    (tmp_path / "trunc.npz").write_bytes(good.read_bytes()[:200])
    with pytest.raises(InputError, match="not a raddsim network archive"):
        load_road_data(tmp_path / "trunc.npz")


@pytest.fixture()
def gridby(tmp_path):
    return write_region(tmp_path / "gridby")


@pytest.mark.parametrize("axis, words", [
    ("{ linspace = [0.5, 1.5, 1e9] }", "too many"),
    ("{ range = [0, 1e9, 1] }", "too many"),
    ("{ range = [0, 1, 1e-300] }", "too many"),
    ("{ uniform = [0.5, 1.5], samples = 1000000000 }", "must be at most"),
])
def test_huge_axes_are_refused_before_they_are_made(tmp_path, gridby, axis, words) -> None:
    spec = write_spec(tmp_path, f'base = "low"\n[axes]\n"demand.multiplier" = {axis}\n', region=gridby)
    with pytest.raises(InputError, match=words) as err:
        load_spec(spec)
    assert str(spec) in str(err.value) and "demand.multiplier" in str(err.value)


def test_a_500001_value_axis_validates_on_a_deciding_subset(tmp_path, gridby) -> None:
    spec = load_spec(write_spec(tmp_path, 'base = "low"\n[axes]\n"demand.multiplier" = { linspace = [0.5, 1.5, 500001] }\n',
                                region=gridby))
    assert len(spec.axes[0].values) == 500_001 and len(trial_values(spec.axes[0])) <= 64
    validate_spec(spec, load_region(gridby))
    # A bad value at either end is still found.
    bad = load_spec(write_spec(tmp_path, 'base = "low"\n[axes]\n"demand.multiplier" = { linspace = [1.5, 0, 500001] }\n',
                               region=gridby, name="bad.toml"), validate=False)  # validated below
    with pytest.raises(InputError, match="multiplier"):
        validate_spec(bad, load_region(gridby))
    assert MAX_AXIS_VALUES >= 500_001


def test_spec_naming_a_missing_region_names_the_field(tmp_path) -> None:
    spec = write_spec(tmp_path, 'region = "nowhere.toml"\nbase = "low"\n')
    with pytest.raises(InputError) as err:
        load_spec(spec)
    assert str(err.value).startswith(f"{spec}: region:") and "nowhere.toml" in str(err.value)


def test_resume_treats_1_and_1_0_alike_and_names_a_real_difference(tmp_path, gridby) -> None:
    body = 'base = "low"\nyears = 0.01\nreplications = 1\n[axes]\n"demand.multiplier" = [{a}, 1.5]\n[overrides]\n"crews.east_pt.turnout_minutes" = {o}\n'
    out = tmp_path / "o"
    run_sweep(load_spec(write_spec(tmp_path, body.format(a="1", o="5"), region=gridby)), out, processes=0, progress=False)
    again = run_sweep(load_spec(write_spec(tmp_path, body.format(a="1.0", o="5.0"), region=gridby)), out, processes=0,
                      progress=False)
    assert again.ran == 0 and again.skipped == 2
    other = write_spec(tmp_path, body.format(a="1.0", o="6"), region=gridby)
    with pytest.raises(InputError) as err:
        run_sweep(load_spec(other), out, processes=0, progress=False)
    assert 'overrides: {"crews.east_pt.turnout_minutes": 5.0} before, {"crews.east_pt.turnout_minutes": 6.0} now' in str(err.value)
    body2 = 'base = "low"\nyears = 0.01\nreplications = 1\n[axes]\n"crews.east_pt.turnout_minutes" = [{a}, {b}]\n'
    out2 = tmp_path / "o2"
    run_sweep(load_spec(write_spec(tmp_path, body2.format(a="4", b="5"), region=gridby)), out2, processes=0, progress=False)
    with pytest.raises(InputError) as err:
        run_sweep(load_spec(write_spec(tmp_path, body2.format(a="4.0", b="5.0"), region=gridby)), out2, processes=0,
                  progress=False)
    assert 'axes."crews.east_pt.turnout_minutes".values: [4, 5] before, [4.0, 5.0] now (whole numbers' in str(err.value)


def test_spec_without_region_on_an_install_without_data_names_the_field(tmp_path, monkeypatch) -> None:
    import raddsim.region.region as rr
    from raddsim.sweep.execute import load_sweep

    spec = load_spec(write_spec(tmp_path, 'base = "minimum"\n'))
    monkeypatch.setattr(rr, "default_region_path", lambda: tmp_path / "not-installed" / "norrtalje.toml")
    with pytest.raises(InputError) as err:
        load_sweep(spec)
    assert str(err.value).startswith(f"{spec.file}: region:")

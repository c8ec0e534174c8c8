"""Errors, sixteenth pass: the rest of the Python errors that named a command-line option. From Python an error
names the argument the caller wrote (``workers/scheduler``, ``tls[0]``, ``bbox``, ``budget`` …); the command line
re-words it as its option (``--workers/--scheduler``, ``--tls-ca-file``, ``--bbox``, ``--budget``)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from sweep_helpers import write_region, write_spec

from raddsim.cli import main
from raddsim.core.errors import InputError


def _one_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


# ------------------------------------------------------------------ 1. run_sweep's backend: workers, scheduler, TLS


@pytest.mark.parametrize("kwargs, field, words", [
    ({"workers": 2, "scheduler": "tcp://127.0.0.1:8786"}, "workers/scheduler", "a number of workers or a scheduler"),
    ({"workers": 2, "processes": 2}, "processes", "local processes are for runs without Dask"),
    ({"processes": 0, "tls": ("ca.pem", None, None)}, "tls", "TLS files are for a tls:// scheduler"),
    ({"scheduler": "tls://127.0.0.1:8786"}, "tls[0]", "a tls:// scheduler needs the CA certificate"),
    ({"scheduler": "tls://127.0.0.1:8786", "tls": ("ca.pem", None, None)}, "tls[1]", "needs this client's certif"),
    ({"scheduler": "tcp://127.0.0.1:8786", "tls": ("a", "b", "c")}, "scheduler", "TLS files given for a tcp://"),
])
def test_run_sweep_names_its_backend_arguments(tmp_path, kwargs, field, words) -> None:
    # Were "--workers/--scheduler: give --workers or --scheduler, not both", "--tls-ca-file: … needs --tls-ca-file"
    # …: options a script calling run_sweep never wrote. Refused before the spec is read.
    from raddsim import run_sweep

    with pytest.raises(InputError, match=words) as err:
        run_sweep(tmp_path / "spec.toml", tmp_path / "out", progress=False, **kwargs)
    assert err.value.field == field and "--" not in str(err.value), str(err.value)
    assert not (tmp_path / "out").exists()


def test_a_missing_tls_file_names_its_place_in_the_tuple(tmp_path) -> None:
    from raddsim.core.daskclient import dask_security

    ca = tmp_path / "ca.pem"
    ca.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="file not found") as err:
        dask_security("tls://127.0.0.1:8786", (str(ca), str(tmp_path / "client.pem"), str(ca)))
    assert err.value.field == "tls[1]" and err.value.file == str(tmp_path / "client.pem")


@pytest.mark.parametrize("extra, says", [
    (["--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"],
     "--workers/--scheduler: give a number of workers or a scheduler, not both."),
    (["--scheduler", "tls://127.0.0.1:8786"], "--tls-ca-file: a tls:// scheduler needs the CA certificate."),
    (["--processes", "0", "--tls-cert", "c.pem"], "--tls-cert: TLS files are for a tls://"),  # the one given
])
def test_the_sweep_command_names_its_options(tmp_path, capsys, extra, says) -> None:
    spec = write_spec(tmp_path, 'base = "low"\nyears = 0.01\nreplications = 2\n',
                      region=write_region(tmp_path / "gridby"))
    argv = ["sweep", str(spec), "--out", str(tmp_path / "out"), "--quiet", *extra]
    assert main([a.format(tmp=tmp_path) for a in argv]) == 2
    err = _one_error(capsys)
    assert says.format(tmp=tmp_path) in err, err
    assert not (tmp_path / "out" / "parts").exists()


# ------------------------------------------------------------------ 2. calibration, maps, sweep plots, optimise


def test_abc_weights_names_replications() -> None:
    import numpy as np

    from raddsim.experiment.abc import abc_weights

    with pytest.raises(InputError, match="needs at least 3 replications") as err:
        abc_weights(np.zeros((4, 2)), [5.0, 6.0, 7.0], tolerance=1.0)
    assert err.value.field == "replications" and err.value.fix == "give 6 replications or more."


def test_save_figure_names_formats(tmp_path) -> None:
    from matplotlib.figure import Figure

    from raddsim.views.maps import save_figure

    with pytest.raises(InputError, match="unknown map format 'tiff'") as err:
        save_figure(Figure(), tmp_path / "map", formats=("tiff",))
    assert err.value.field == "formats" and not list(tmp_path.iterdir())


def test_sweep_plot_names_its_arguments(tmp_path) -> None:
    import pandas as pd

    from raddsim.sweep.plot import choose_axes, plot

    summary = pd.DataFrame({"a": [1, 2], "scenario": ["low", "high"], "share_within_target": [0.5, 0.6]})
    with pytest.raises(InputError, match=r"the same axis \(a\)") as err:
        choose_axes(summary, ["a"], "a", "a")
    assert err.value.field == "hue" and "--" not in str(err.value)
    with pytest.raises(InputError, match="unknown figure 'nosuch'") as err:
        plot(summary, ["a"], {}, tmp_path / "p.png", figure="nosuch")
    assert err.value.field == "figure" and "--" not in str(err.value)


def test_optimise_names_objective_and_sweep_dir(tmp_path) -> None:
    from raddsim.optimise.kept import check_folder
    from raddsim.optimise.screen import make_objective

    with pytest.raises(InputError, match="unknown objective") as err:
        make_objective("cheapest", 10.0)
    assert err.value.field == "objective"
    afile = tmp_path / "sims"
    afile.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="is not a directory") as err:
        check_folder(afile)
    assert err.value.field == "sweep_dir" and "--" not in str(err.value)


def test_a_budget_names_the_argument_from_python_and_the_option_from_the_cli(tmp_path, capsys) -> None:
    # The budget is checked against the options file's costs: its error names that file, and the CLI still says
    # --budget (the file is not where the value came from).
    from raddsim.optimise.options import load_options

    options = Path(__file__).resolve().parents[1] / "stations" / "options_norrtalje.toml"
    with pytest.raises(InputError, match="must be a finite number, 0 or more") as err:
        load_options(options, budget=-1.0)
    assert err.value.field == "budget" and str(err.value).startswith(f"{options}: budget: ")
    assert main(["optimise", str(options), "--budget=-1", "--out", str(tmp_path / "o")]) == 2
    assert f"{options}: --budget: the budget must be a finite number, 0 or more, got -1." in _one_error(capsys)


def test_output_files_name_the_argument_by_default(tmp_path) -> None:
    from raddsim.core.io import create_exclusive, refuse_existing

    path = tmp_path / "a.toml"
    create_exclusive(path, b"first")
    with pytest.raises(InputError, match="already exists") as err:
        create_exclusive(path, b"second")
    assert err.value.field == "path" and "--" not in str(err.value) and path.read_bytes() == b"first"
    with pytest.raises(InputError, match="does not overwrite") as err:
        refuse_existing(path)
    assert err.value.fix == "choose another path, or pass replace=True to replace it."


def test_sweep_results_and_alarm_files_name_no_option(tmp_path) -> None:
    from raddsim import load_incident_csv
    from raddsim.sweep.summary import load

    for call in (lambda: load(tmp_path / "nosweep"), lambda: load_incident_csv(tmp_path / "a.csv", ["fire"])):
        with pytest.raises(InputError, match="not found|no such sweep") as err:
            call()
        assert "--" not in str(err.value), str(err.value)


def test_a_spec_without_its_region_names_region_file(tmp_path) -> None:
    from raddsim.sweep import load_spec

    spec = write_spec(tmp_path, 'region = "nowhere.toml"\nbase = "low"\nyears = 0.01\nreplications = 2\n')
    with pytest.raises(InputError, match="does not exist") as err:
        load_spec(spec)
    assert "region_file=PATH" in err.value.fix


def test_a_starter_regions_missing_places_file_names_the_option_field(tmp_path, capsys) -> None:
    from raddsim.region.starter import StarterOptions, write_starter_region

    root = Path(__file__).resolve().parents[1]
    crews = tmp_path / "crews.csv"
    crews.write_text("name,lat,lon,kind\nNorrtälje,59.7440,18.6970,full-time\n", encoding="utf-8")
    missing = tmp_path / "places.csv"
    options = StarterOptions(name="Mine", alarms_per_year=500, population=22000, places=missing)
    with pytest.raises(InputError, match="the file does not exist") as err:
        write_starter_region(tmp_path / "r", root / "networks" / "norrtalje_approx.osm", crews, options)
    assert err.value.field == "places" and "--" not in str(err.value)
    argv = ["region", "new", str(tmp_path / "r2"), "--network", str(root / "networks" / "norrtalje_approx.osm"),
            "--stations", str(crews), "--alarms-per-year", "500", "--population", "22000", "--places", str(missing)]
    assert main(argv) == 2
    assert f"{missing}: --places: the file does not exist." in _one_error(capsys)


def test_a_jemss_model_with_several_call_files_names_calls(tmp_path) -> None:
    from raddsim.region.jemss_read import gen_config_path

    for sub in ("train", "test"):
        (tmp_path / "calls" / sub).mkdir(parents=True)
        (tmp_path / "calls" / sub / "gen_config.xml").write_text("<x/>", encoding="utf-8")
    with pytest.raises(InputError, match="several call-generation files") as err:
        gen_config_path(tmp_path)
    assert f"calls={tmp_path / 'calls' / 'test' / 'gen_config.xml'}" in err.value.fix


def test_a_scenarios_file_given_twice_names_no_option(tmp_path) -> None:
    from raddsim import load_region

    extra = tmp_path / "more.toml"
    extra.write_text('[scenarios.more]\nbase = "minimum"\n', encoding="utf-8")
    with pytest.raises(InputError, match="given twice") as err:
        load_region(extra_scenarios=[extra, extra])
    assert "--" not in str(err.value) and err.value.fix == "give each scenarios file once."


# ------------------------------------------------------------------ 3. network fetch: bbox, polygon_file, place


@pytest.mark.parametrize("kwargs, field, words", [
    ({"bbox": "59.8,59.6,18.8,18.6"}, "bbox", "it would be 18.6,59.6,18.8,59.8"),
    ({"bbox": "1,2,3"}, "bbox", "the box must be four numbers"),
    ({"polygon_file": "nowhere.geojson"}, "polygon_file", "polygon file not found"),
    ({"place": "Norrtälje", "fmt": "tif"}, "fmt", "unknown format 'tif'"),
])
def test_fetch_network_names_its_arguments(tmp_path, kwargs, field, words) -> None:
    from raddsim.network.fetch import fetch_network

    with pytest.raises(InputError, match=words) as err:
        fetch_network(out=tmp_path, **kwargs)
    assert err.value.field == field and "--" not in str(err.value), str(err.value)


def test_download_names_place_polygon_and_bbox() -> None:
    from raddsim.network.fetch import download

    with pytest.raises(InputError, match="exactly one of place, polygon or bbox") as err:
        download(place="Norrtälje kommun, Sweden", bbox=(18.6, 59.6, 18.8, 59.8))
    assert err.value.field == "place/polygon/bbox" and "--" not in str(err.value)


def test_a_missing_polygon_names_polygon_file_and_the_cli_its_option(tmp_path, capsys) -> None:
    from raddsim.network.fetch import read_polygon

    missing = tmp_path / "area.geojson"
    with pytest.raises(InputError, match="polygon file not found") as err:
        read_polygon(missing)
    assert err.value.field == "polygon_file" and "--" not in str(err.value)
    assert main(["network", "fetch", "--polygon", str(missing), "--out", str(tmp_path / "n")]) == 2
    assert f"{missing}: --polygon: polygon file not found." in _one_error(capsys)


# ------------------------------------------------------------------ 4. the mapping


def test_compound_and_tuple_fields_map_to_every_option_the_command_has() -> None:
    from raddsim.cli.args import with_option_names

    args = argparse.Namespace(workers=2, scheduler="tcp://h:1", tls_ca_file=None, tls_cert="c.pem", tls_key=None,
                              budget=None)
    both = with_option_names(InputError("x.", field="workers/scheduler"), args)
    assert both.field == "--workers/--scheduler"
    assert with_option_names(InputError("x.", field="tls"), args).field == "--tls-ca-file/--tls-cert/--tls-key"
    assert with_option_names(InputError("x.", file="c.pem", field="tls[1]"), args).field == "--tls-cert"
    other = InputError("x.", file="other.pem", field="tls[1]")  # a file the option did not name
    assert with_option_names(other, args) is other
    from_file = InputError("no set fits.", file="options.toml", field="budget")  # the file's budget, no --budget
    assert with_option_names(from_file, args) is from_file
    partly = InputError("x.", field="workers/place")  # a command without --place
    assert with_option_names(partly, args) is partly

"""Polish, seventeenth pass: a region's broken outline file named by its key, ``report --out`` without ``.html``,
``maxspeed=none`` named in the untranslated-limits warning, and optimise's sweep-folder errors in Python's words."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT
from optimise_helpers import OPTIONS, write_toy
from test_speeds16 import write_line_osm

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.network import load_network, parse_network_options
from raddsim.network.speeds import HIGHWAY_SPEED_KMH
from raddsim.region.config import Table

# ------------------------------------------------------------------ 1. a region's land/territory file


def _region_with(tmp_path: Path, key: str, content: str) -> Path:
    """Norrtälje's region file with its ``[region] key`` file replaced by ``content`` (the other files linked)."""
    broken = tmp_path / f"{key}.geojson"
    broken.write_text(content, encoding="utf-8")
    for folder in ("networks", "geodata"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    (tmp_path / "stations").mkdir()
    for f in (ROOT / "stations").iterdir():
        (tmp_path / "stations" / f.name).symlink_to(f)
    text = (ROOT / "stations" / "norrtalje.toml").read_text(encoding="utf-8")
    lines = [f'{key} = "{broken.as_posix()}"' if line.startswith(f"{key} = ") else line for line in text.splitlines()]
    path = tmp_path / "stations" / "region.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("key, words", [("land", "the region's land outline"),
                                        ("territory", "the region's territory outline")])
def test_an_unreadable_outline_file_names_its_region_key(tmp_path, key, words) -> None:
    # Was field "boundary" and "give the municipality polygon as GeoJSON …": the --boundary option's words.
    from raddsim.coverage.outline import region_outline
    from raddsim.region.region import load_region

    region = load_region(_region_with(tmp_path, key, "this is not GeoJSON {"))
    with pytest.raises(InputError) as err:
        region_outline(region)
    assert err.value.field == f"region.{key}" and err.value.file == str(tmp_path / f"{key}.geojson")
    assert words in (err.value.fix or "") and "municipality" not in str(err.value)


def test_an_outline_file_without_a_polygon_says_what_it_should_hold(tmp_path) -> None:
    from raddsim.coverage.outline import region_outline
    from raddsim.region.region import load_region

    point = {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [18.7, 59.76]}}
    region = load_region(_region_with(tmp_path, "land", json.dumps({"type": "FeatureCollection",
                                                                     "features": [point]})))
    with pytest.raises(InputError, match="holds no polygon") as err:
        region_outline(region)
    assert err.value.fix == "give the region's land outline as a Polygon or MultiPolygon."


# ------------------------------------------------------------------ 2. report --out without .html


def test_report_out_without_html_is_refused_before_any_work_and_nothing_is_replaced(tmp_path, capsys) -> None:
    mine = tmp_path / "rapport"  # an earlier paper written without the ending: the user's now, not replaced
    mine.write_text("<!doctype html><p>mine</p>", encoding="utf-8")
    for out, extra in ((mine, []), (tmp_path / "styrelse", ["--pdf"]), (tmp_path / "board.v2", [])):
        assert main(["report", "--no-what-if", "--replications", "1", *extra, "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert f"{out}: --out: the report is an HTML file" in err and err.count("\n") == 1, err
        assert f"give --out {out.name}.html" in err and f"as {out.name}.pdf" in err, err
    assert mine.read_text(encoding="utf-8") == "<!doctype html><p>mine</p>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport"]


def test_report_out_ending_in_html_in_any_case_is_taken() -> None:
    from raddsim.cli.report import check_out

    for name in ("paper.html", "PAPER.HTML", "paper.htm", "board.v2.html"):
        check_out(Path(name))  # no error
    with pytest.raises(InputError, match="does not end in .html"):
        check_out(Path("paper.txt"))


# ------------------------------------------------------------------ 3. maxspeed=none

# A 4-node line: two motorway ways without a limit, one with a German implicit value, one with a number.
_WAYS = (("motorway", "none"), ("motorway", "none"), ("secondary", "DE:rural"), ("primary", "100"))


def _write_osm(path: Path) -> Path:
    return write_line_osm(path, [(hw, f'maxspeed" v="{v}') for hw, v in _WAYS])


def _options(speeds: dict):
    return parse_network_options(Table({"speeds": speeds}, "region.toml", "network"))


def _speeds(net, highway: str) -> np.ndarray:
    k = net.edge_highway == highway
    return 3.6 * net.edge_length_m[k] / net.edge_time_s[k]


def _warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if "speed" in r.getMessage()]


def test_maxspeed_none_is_named_in_the_one_warning_with_the_class_speed_fix(tmp_path, caplog) -> None:
    path = _write_osm(tmp_path / "autobahn.osm")
    with caplog.at_level(logging.WARNING, logger="raddsim.network.road"):
        net = load_network(path, options=_options({}))
    msgs = _warnings(caplog)
    assert len(msgs) == 1 and str(path) in msgs[0], msgs
    assert "maxspeed=none (no speed limit) on 4 edges" in msgs[0]  # two ways, two directions each
    assert "[network.speeds] (e.g. motorway = 130)" in msgs[0] and "DE:rural on 2 edges" in msgs[0]
    assert _speeds(net, "motorway") == pytest.approx(HIGHWAY_SPEED_KMH["motorway"])  # the fallback, as before


def test_a_class_speed_the_region_sets_drives_the_unlimited_roads_without_a_warning(tmp_path, caplog) -> None:
    path = _write_osm(tmp_path / "autobahn.osm")
    with caplog.at_level(logging.WARNING, logger="raddsim.network.road"):
        net = load_network(path, options=_options({"motorway": 130, "implicit": {"DE:rural": 100}}))
    assert not _warnings(caplog)
    assert _speeds(net, "motorway") == pytest.approx(130.0)
    assert _speeds(net, "secondary") == pytest.approx(100.0) and _speeds(net, "primary") == pytest.approx(100.0)
    with caplog.at_level(logging.WARNING, logger="raddsim.network.road"):
        net.with_options(_options({"implicit": {"DE:rural": 100}}))  # the motorway speed left as built in
    assert [m for m in _warnings(caplog) if "maxspeed=none (no speed limit) on 4 edges" in m]
    assert not [m for m in _warnings(caplog) if "DE:rural" in m]


# ------------------------------------------------------------------ 4. optimise's sweep folder: Python's words


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    from raddsim.experiment.model import build_model
    from raddsim.optimise.options import load_options

    d = tmp_path_factory.mktemp("toy17")
    _, opts = write_toy(d, options=OPTIONS)
    space = load_options(opts)
    return d, space, build_model(space.region)


def _other(folder: Path, spec: dict) -> Path:
    folder.mkdir()
    (folder / "sweep.json").write_text(json.dumps({"spec": spec, "optimise": {}}), encoding="utf-8")
    return folder


def test_check_folder_names_the_settings_as_python_gives_them(tmp_path) -> None:
    from raddsim.optimise.kept import check_folder

    out = _other(tmp_path / "sims", {"seed": 11, "replications": 16, "years": 1.0})
    with pytest.raises(InputError) as err:
        check_folder(out, {"seed": 12, "replications": 20, "years": 1.0, "warmup_days": 2.0})
    assert err.value.message == ("holds the simulations of another optimisation: max_replications 16 before, 20 now; "
                                 "seed 11 before, 12 now; warmup_days 0 before, 2 now.")
    assert "--" not in str(err.value) and err.value.field == "sweep_dir"


def test_prove_names_the_finalists_sources_in_python_and_the_command_line_its_options(toy, tmp_path, capsys,
                                                                                       monkeypatch) -> None:
    from raddsim.optimise.run import Finalist, Settings, prove

    d, space, model = toy
    settings = Settings(objective="effective", seed=11, initial_replications=4, batch=4, max_replications=16,
                        processes=0)
    out = _other(tmp_path / "sims", {"seed": 11, "replications": 16, "years": 1.0})  # the same settings
    finalists = [Finalist("east-ambition", 1, ("east",), (), 0.0, 0.0, {"crews.east_pt.level": "ambition"}, "e")]
    with pytest.raises(InputError) as err:
        prove(model, space, finalists, settings, sweep_dir=out)
    assert err.value.message == ("holds the simulations of another optimisation: the finalists (the options file, "
                                 "budget, objective or top).")
    assert "--" not in str(err.value)
    # The command line re-words both kinds: its options, as the user typed them.
    monkeypatch.chdir(d)
    args = ["optimise", "options.toml", "--budget", "5", "--objective", "time", "--top", "2", "--processes", "0",
            "--initial-replications", "2", "--batch", "2", "--max-replications", "4", "--short-replications", "2",
            "--no-progress", "--no-map", "--seed", "7"]
    for spec, says in (({"seed": 7, "replications": 4, "years": 1.0},
                        "the finalists (the options file, --budget, --objective or --top)."),
                       ({"seed": 8, "replications": 4, "years": 1.0}, "--seed 8 before, 7 now.")):
        out = _other(tmp_path / f"cli{spec['seed']}", spec)
        assert main([*args, "--out", str(tmp_path / "out"), "--sweep-dir", str(out)]) == 2
        err = capsys.readouterr().err
        assert f"{out}: --sweep-dir: holds the simulations of another optimisation: {says}" in err, err
        assert err.count("\n") == 1

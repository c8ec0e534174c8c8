"""jemss12: a JEMSS.jl model imported as JEMSS itself runs it — its ``sim_config.xml`` (``--config``) names every
input file, and a JEMSS calls file (a list of calls) becomes raddsim's replay incident CSV.

JEMSS.jl (commit fb92cef): ``src/run_config.jl`` ``initSim`` reads ``<inputPath>`` (``$jemssDir`` its folder) and
``<simFiles>``, requires exactly one of ``calls`` and ``callGenConfig``, reads ``<decision>``;
``src/file/read_sim_files.jl`` ``readCallsFile`` reads the calls table (times in days). The layout below is
JEMSS.jl's own (``data/cities/<city>/models/1/…``, ``example/cities/<city>/1/reps/input/sim_config.xml``).
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import shutil
import tomllib
import zipfile
from pathlib import Path

import pytest
from conftest import shared_path
from test_jemss_import import write_lakeside

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.region.jemss import import_jemss
from raddsim.region.region import load_region

#: A sim_config.xml as JEMSS.jl's examples write it (example/cities/edmonton/1/reps/input/sim_config.xml).
SIM_CONFIG = """<?xml version="1.0" encoding="UTF-8"?>
<simConfig>
\t<inputPath>{input_path}</inputPath>
\t<outputPath>../output</outputPath>
\t<simFiles>
\t\t<ambulances>ambulances/ambulances_1.csv</ambulances>
\t\t<hospitals>hospitals/hospitals_1.csv</hospitals>
\t\t<stations>stations/stations_1.csv</stations>
\t\t<!-- <calls>calls.csv</calls> -->
\t\t{calls}
\t\t<statsControl>calls/reps/train/stats_control.csv</statsControl>
\t\t<arcs>travel/roads/arcs.csv</arcs>
\t\t<nodes>travel/roads/nodes.csv</nodes>
\t\t<rNetTravels>travel/roads/r_net_travels_jl-v$(VERSION).jls</rNetTravels>
\t\t<travel>travel/travel/travel_1.csv</travel>
\t\t<map>maps/map_1.csv</map>
\t\t<priorities>misc/call priorities/priorities_1.csv</priorities>
\t\t{extra}
\t</simFiles>
\t<writeOutput>false</writeOutput>
\t<decision>
\t\t<callQueueing>addCallToQueueSortPriorityThenTime!</callQueueing>
\t\t<dispatch>findNearestDispatchableAmb!</dispatch>
\t\t<moveUp>
\t\t\t<module>{move_up}</module>
\t\t</moveUp>
\t</decision>
</simConfig>
"""
GEN = "<callGenConfig>calls/reps/train/gen_config.xml</callGenConfig>"
REDISPATCH = ("miscData,,\nallowRedispatch,,\n{on},,\n,,\nredispatchConditions,,\n"
              "fromCallPriority,toCallPriority,allowRedispatch\nlowPriority,highPriority,{on}\n")
CALLS_HEADER = "index,priority,x,y,arrivalTime,dispatchDelay,onSceneDuration,transport,hospitalIndex,handoverDuration"


def calls_text(rows: list[str], start: str = "0.5") -> str:
    """A JEMSS calls file, as JEMSS.jl's own (data/cities/auckland/models/1/calls/single/call.csv)."""
    return "\n".join(["miscData,,,,,,,,,", "startTime,,,,,,,,,", f"{start},,,,,,,,,", ",,,,,,,,,", "calls,,,,,,,,,",
                      CALLS_HEADER, *rows]) + "\n"


#: Four calls over a day from 0.5 (days): priority, lon, lat, arrival (days), transport.
CALLS = [(1, 7.012, 45.018, 0.5 + 1 / 24, "true"), (3, 7.031, 45.004, 0.75, "false"),
         (2, 7.022, 45.027, 1.0, "1"), (1, 7.005, 45.036, 1.5, "0")]


def call_rows(calls=CALLS) -> list[str]:
    return [f"{k},{p},{x},{y},{t},{40 / 86400},{15 / 1440},{tr},-1,{20 / 1440}"
            for k, (p, x, y, t, tr) in enumerate(calls, 1)]


def jemss_tree(root: Path, *, move_up: str = "none", calls: str = GEN, extra: str = "",
               input_path: str = "$jemssDir/data/cities/lakeside/models/1") -> tuple[Path, Path]:
    """The lakeside model in JEMSS.jl's layout under ``root`` (its package folder): the model folder and the
    example's sim_config.xml. The roads are zipped, as JEMSS.jl ships them (its build step unzips)."""
    flat = write_lakeside(root.parent / f"{root.name}_flat")
    src = root / "data" / "cities" / "lakeside" / "models" / "1"
    for sub, name in (("stations", "stations.csv"), ("ambulances", "ambulances.csv"), ("hospitals", "hospitals.csv"),
                      ("travel/travel", "travel.csv"), ("calls/reps/train", "gen_config.xml")):
        (src / sub).mkdir(parents=True, exist_ok=True)
        (src / sub / name.replace(".csv", "_1.csv")).write_bytes((flat / name).read_bytes())
    (src / "calls" / "reps" / "train" / "stats_control.csv").write_text(
        "params,,\nwarmUpDuration,periodDurations,doCyclePeriodDurations\n1.0,[14],false\n", encoding="utf-8")
    (src / "travel" / "roads").mkdir()
    with zipfile.ZipFile(src / "travel" / "roads" / "roads.zip", "w") as z:
        for name in ("nodes.csv", "arcs.csv"):
            z.write(flat / "roads" / name, name)
    (src / "maps").mkdir()
    (src / "maps" / "map_1.csv").write_text("map,1,,,,\nxMin,xMax,yMin,yMax,xScale,yScale\n"
                                            "7.0,7.04,45.0,45.04,78.72,111.32\n", encoding="utf-8")
    (src / "misc" / "call priorities").mkdir(parents=True)
    (src / "misc" / "call priorities" / "priorities_1.csv").write_text(
        "priorities,3,,\npriority,name,targetResponseTime,note\n1,highPriority,0.005555556,8/60/24\n"
        "2,medPriority,0.005555556,8/60/24\n3,lowPriority,0.008333333,12/60/24\n", encoding="utf-8")
    (src / "misc" / "redispatch").mkdir()
    for name, on in (("redispatch_off.csv", 0), ("redispatch_low_to_high.csv", 1)):
        (src / "misc" / "redispatch" / name).write_text(REDISPATCH.format(on=on), encoding="utf-8")
    config = root / "example" / "cities" / "lakeside" / "1" / "reps" / "input" / "sim_config.xml"
    config.parent.mkdir(parents=True)
    config.write_text(SIM_CONFIG.format(input_path=input_path, calls=calls, extra=extra, move_up=move_up),
                      encoding="utf-8")
    return src, config


def _import(src: Path, out: Path, *extra: str) -> int:
    return main(["region", "import-jemss", str(src), str(out), *extra])


def _one_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Fix:" in err, err
    return err


# --------------------------------------------------------------------------------------------- --config


def test_config_files_are_read_not_guessed(tmp_path, capsys) -> None:
    """With --config the import reads the files the config names: a second stations file it names wins over the one
    the folder holds, its priorities give the targets, and its redispatch file is the one --divert follows (the
    folder's two were refused as 'several redispatch files')."""
    src, config = jemss_tree(tmp_path / "JEMSS.jl", extra="<redispatch>misc/redispatch/redispatch_low_to_high.csv"
                                                          "</redispatch>")
    (src / "stations" / "stations_2.csv").write_text("stations,,,\nindex,x,y,name\n1,7.015,45.015,Other One\n"
                                                     "2,7.025,45.025,Other Two\n", encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8").replace("stations_1.csv", "stations_2.csv"), encoding="utf-8")
    assert _import(src, tmp_path / "guessed", "--calls", str(src / "calls/reps/train/gen_config.xml"),
                   "--divert") == 2  # the folder: two stations files, two redispatch files
    capsys.readouterr()
    out = tmp_path / "out"
    assert _import(src, out, "--config", str(config), "--divert") == 0
    region = tomllib.loads((out / "region.toml").read_text(encoding="utf-8"))
    assert {s["name"] for s in region["stations"].values()} == {"Other One", "Other Two"}
    assert (region["dispatch"]["divert_for"], region["dispatch"]["divert_from"]) == ([1], [3])
    assert "redispatch_low_to_high.csv" in region["dispatch"]["note"]
    types = tomllib.loads((out / "incidents.toml").read_text(encoding="utf-8"))["types"]
    assert [round(types[p]["target_minutes"], 3) for p in ("high", "med", "low")] == [8.0, 8.0, 12.0]
    # JEMSS's statsControl warm-up is a run option in raddsim: said, with the option to give.
    assert "raddsim run --warmup 1.0" in region["region"]["note"]
    assert load_region(out).scenarios["deployment"].crews


def test_config_s_redispatch_off_is_said_not_the_default(tmp_path) -> None:
    """Manhattan's config names redispatch_off.csv: JEMSS diverts none. Without the config the note said JEMSS diverts
    ambulances (its default); with it, that JEMSS's redispatch is off."""
    src, config = jemss_tree(tmp_path / "JEMSS.jl", extra="<redispatch>misc/redispatch/redispatch_off.csv"
                                                          "</redispatch>")
    import_jemss(src, tmp_path / "out", config=config)
    dispatch = tomllib.loads((tmp_path / "out" / "region.toml").read_text(encoding="utf-8"))["dispatch"]
    assert "redispatch is off (redispatch_off.csv)" in dispatch["note"] and "divert_for" not in dispatch


def test_mobilisation_delay_is_the_config_s_not_the_folder_s(tmp_path) -> None:
    """JEMSS delays a dispatch from the station only by the mobilisationDelay file its config names: a file in the
    model's folder the config does not name is not used (the folder search used it)."""
    src, config = jemss_tree(tmp_path / "JEMSS.jl")
    (src / "mobilisation_delay.csv").write_text("mobilisationDelay,,\nuse,distribution\ntrue,\"Normal(2/1440, 0)\"\n",
                                                encoding="utf-8")
    import_jemss(src, tmp_path / "out", config=config)
    crews = tomllib.loads((tmp_path / "out" / "region.toml").read_text(encoding="utf-8"))["crews"]
    assert {c["turnout_minutes"] for c in crews.values()} == {0.0}
    config.write_text(config.read_text(encoding="utf-8").replace(
        "</simFiles>", "<mobilisationDelay>../../../../../../mobilisation_delay.csv</mobilisationDelay></simFiles>"),
        encoding="utf-8")
    shutil.copy(src / "mobilisation_delay.csv", tmp_path / "mobilisation_delay.csv")
    import_jemss(src, tmp_path / "out2", config=config)
    crews = tomllib.loads((tmp_path / "out2" / "region.toml").read_text(encoding="utf-8"))["crews"]
    assert [c["turnout_minutes"] for c in crews.values()] == pytest.approx([2.0] * 3)


@pytest.mark.parametrize("setting, said", [
    ({"move_up": "comp_table"}, "<decision><moveUp><module> comp_table"),
])
def test_decisions_raddsim_does_not_simulate_are_noted_and_warned(tmp_path, caplog, setting, said) -> None:
    src, config = jemss_tree(tmp_path / "JEMSS.jl", **setting)
    with caplog.at_level(logging.WARNING, logger="raddsim"):
        import_jemss(src, tmp_path / "out", config=config)
    note = tomllib.loads((tmp_path / "out" / "region.toml").read_text(encoding="utf-8"))["region"]["note"]
    assert said in note and "does not simulate" in note
    assert any(said in r.getMessage() for r in caplog.records)


def test_another_dispatch_rule_is_noted(tmp_path) -> None:
    src, config = jemss_tree(tmp_path / "JEMSS.jl")
    config.write_text(config.read_text(encoding="utf-8").replace("findNearestDispatchableAmb!", "myDispatch!"),
                      encoding="utf-8")
    import_jemss(src, tmp_path / "out", config=config)
    note = tomllib.loads((tmp_path / "out" / "region.toml").read_text(encoding="utf-8"))["region"]["note"]
    assert "<decision><dispatch> myDispatch!, which raddsim does not simulate" in note


@pytest.mark.parametrize("edit, field, words", [
    (lambda t: t.replace("<simConfig>", "<simConfig"), "simConfig", "cannot read the XML"),
    (lambda t: t.replace("simConfig>", "genConfig>"), "simConfig", "not <simConfig>"),
    (lambda t: t[:t.index("\t<simFiles>")] + t[t.index("</simFiles>") + 12:], "simFiles", "no <simFiles>"),
    (lambda t: t.replace("<map>maps/map_1.csv</map>", ""), "simFiles.map", "names no <map>"),
    (lambda t: t.replace(GEN, ""), "simFiles.callGenConfig", "exactly one of <calls> and <callGenConfig>"),
    (lambda t: t.replace("hospitals_1.csv", "hospitals_9.csv"), "simFiles.hospitals", "hospitals_9.csv"),
    (lambda t: t.replace("$jemssDir/data", "$otherDir/data"), "inputPath", "$otherDir"),
    (lambda t: t.replace("$jemssDir/data", "$jemssDir/nowhere"), "inputPath", "$jemssDir is JEMSS.jl's folder"),
    (lambda t: t[:t.index("\t<inputPath>")] + t[t.index("</inputPath>") + 13:], "inputPath", "no <inputPath>"),
])
def test_a_bad_config_is_one_error_naming_it_the_element_and_the_fix(tmp_path, capsys, edit, field, words) -> None:
    src, config = jemss_tree(tmp_path / "JEMSS.jl")
    config.write_text(edit(config.read_text(encoding="utf-8")), encoding="utf-8")
    assert _import(src, tmp_path / "out", "--config", str(config)) == 2
    err = _one_error(capsys)
    assert str(config) in err and field in err and words in err, err
    assert not (tmp_path / "out").exists()


def test_jemss_dir_in_a_file_element_and_an_absolute_path(tmp_path) -> None:
    """A file element may use $jemssDir itself, or be absolute: JEMSS joins only a relative path to <inputPath>."""
    src, config = jemss_tree(tmp_path / "JEMSS.jl", input_path="../../../../../../data/cities/lakeside/models/1")
    other = tmp_path / "elsewhere" / "stations.csv"
    other.parent.mkdir()
    other.write_text("stations,,,\nindex,x,y,name\n1,7.015,45.015,Far One\n2,7.025,45.025,Far Two\n",
                     encoding="utf-8")
    text = config.read_text(encoding="utf-8").replace("<stations>stations/stations_1.csv", f"<stations>{other}")
    text = text.replace("<hospitals>hospitals/", "<hospitals>$jemssDir/data/cities/lakeside/models/1/hospitals/")
    config.write_text(text, encoding="utf-8")
    region = tomllib.loads(import_jemss(src, tmp_path / "out", config=config).read_text(encoding="utf-8"))
    assert {s["name"] for s in region["stations"].values()} == {"Far One", "Far Two"}
    assert region["hospitals"]["h1"]["name"] == "Lakeside General"


def test_a_missing_named_file_names_the_path_tried(tmp_path, capsys) -> None:
    src, config = jemss_tree(tmp_path / "JEMSS.jl")
    (src / "misc" / "call priorities" / "priorities_1.csv").unlink()
    assert _import(src, tmp_path / "out", "--config", str(config)) == 2
    err = _one_error(capsys)
    tried = src.resolve() / "misc" / "call priorities" / "priorities_1.csv"
    assert f"{config}: simFiles.priorities" in err and str(tried) in err, err


def test_without_config_the_folder_is_read_as_before(tmp_path) -> None:
    """The same model without --config: the files found in the folder (the flat lakeside's), region as before."""
    src, config = jemss_tree(tmp_path / "JEMSS.jl")
    a, b = tmp_path / "with", tmp_path / "without"
    import_jemss(src, a, config=config)
    import_jemss(src, b, calls=src / "calls/reps/train/gen_config.xml")
    ra, rb = (tomllib.loads((d / "region.toml").read_text(encoding="utf-8")) for d in (a, b))
    assert ra["stations"] == rb["stations"] and ra["crews"] == rb["crews"]
    assert (a / "roads" / "arcs.csv").read_bytes() == (b / "roads" / "arcs.csv").read_bytes()


def test_edmonton_flat_copy_through_a_config(tmp_path) -> None:
    """The shared Edmonton model run through a config naming its files (absolute inputPath; nodes and arcs only in
    its roads.zip, as in JEMSS.jl before its build step unzips them)."""
    edm = shared_path("jemss", "edmonton")
    config = tmp_path / "sim_config.xml"
    text = SIM_CONFIG.format(input_path=str(edm), calls="<callGenConfig>gen_config.xml</callGenConfig>", extra="",
                             move_up="none")
    for old, new in (("ambulances/", ""), ("hospitals/", ""), ("stations/", ""), ("travel/travel/", ""),
                     ("travel/roads/", ""), ("<map>maps/map_1.csv</map>", ""),
                     ("<statsControl>calls/reps/train/stats_control.csv</statsControl>", ""),
                     ("<priorities>misc/call priorities/priorities_1.csv</priorities>", "")):
        text = text.replace(old, new)
    config.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="names no <map>, <priorities>"):  # JEMSS needs both; the flat copy has none
        import_jemss(edm, tmp_path / "o", config=config)
    shutil.copytree(edm, tmp_path / "edm")
    (tmp_path / "edm" / "map_1.csv").write_text("map,1,,,,\nxMin,xMax,yMin,yMax,xScale,yScale\n"
                                                "-113.714,-113.271,53.3956,53.7161,66.13,111.32\n", encoding="utf-8")
    (tmp_path / "edm" / "priorities_1.csv").write_text(
        "priorities,3,,\npriority,name,targetResponseTime\n1,highPriority,0.005555556\n2,medPriority,0.005555556\n"
        "3,lowPriority,0.008333333\n", encoding="utf-8")
    config.write_text(text.replace(str(edm), str(tmp_path / "edm")).replace(
        "</simFiles>", "<map>map_1.csv</map><priorities>priorities_1.csv</priorities></simFiles>"), encoding="utf-8")
    region = load_region(import_jemss(tmp_path / "edm", tmp_path / "out", config=config))
    assert len(region.scenarios["deployment"].crews) == 16  # ambulances_1.csv's 16


# --------------------------------------------------------------------------------------------- calls files


def _read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(line for line in path.read_text(encoding="utf-8").splitlines()
                               if not line.startswith("#")))


def test_a_calls_file_becomes_the_replay_csv_and_runs(tmp_path, capsys) -> None:
    src = write_lakeside(tmp_path / "lakeside")
    (src / "calls_1.csv").write_text(calls_text(call_rows()), encoding="utf-8")
    out = tmp_path / "out"
    assert _import(src, out, "--calls", str(src / "calls_1.csv")) == 0
    printed = capsys.readouterr().out
    assert f"--incidents {out / 'calls.csv'}" in printed
    rows = _read_csv(out / "calls.csv")
    epoch = dt.datetime(2024, 1, 1)  # JEMSS time 0 (ASSUMPTION, said in the file and the note)
    assert [r["time"] for r in rows] == [f"{epoch + dt.timedelta(days=t):%Y-%m-%dT%H:%M:%S}Z" for *_, t, _ in CALLS]
    assert [r["type"] for r in rows] == ["high", "low", "med", "high"]
    assert [(float(r["lon"]), float(r["lat"])) for r in rows] == [(x, y) for _, x, y, *_ in CALLS]
    region = tomllib.loads((out / "region.toml").read_text(encoding="utf-8"))
    assert region["region"]["timezone"] == "UTC"
    assert region["demand"]["access"]["replay_speed_kmh"] == pytest.approx(40.0)  # mode 1's off-road speed
    note = region["demand"]["note"]
    assert "onSceneDuration" in note and "handoverDuration" in note and "2024-01-01 00:00 UTC" in note
    # The generated calls follow the calls: 4 in one day, half of them high priority, half transported.
    assert region["demand"]["alarms_per_year"] == pytest.approx(4 * 365.25)
    types = tomllib.loads((out / "incidents.toml").read_text(encoding="utf-8"))["types"]
    assert [types[p]["share"] for p in ("high", "med", "low")] == [0.5, 0.25, 0.25]
    assert types["high"]["transport"]["probability"] == 0.5
    assert main(["run", "--region", str(out), "--incidents", str(out / "calls.csv"), "--replications", "2"]) == 0
    assert "deployment" in capsys.readouterr().out


def test_a_calls_file_the_config_names_is_converted(tmp_path) -> None:
    src, config = jemss_tree(tmp_path / "JEMSS.jl", calls="<calls>calls/calls_1.csv</calls>")
    (src / "calls" / "calls_1.csv").write_text(calls_text(call_rows()), encoding="utf-8")
    import_jemss(src, tmp_path / "out", config=config)
    assert [r["type"] for r in _read_csv(tmp_path / "out" / "calls.csv")] == ["high", "low", "med", "high"]


@pytest.mark.parametrize("edit, field, words", [
    (lambda r: r.replace(f",{0.75},", ",abc,"), "calls.arrivalTime", "'abc' is not a number"),
    (lambda r: r.replace(",false,", ",maybe,"), "calls.transport", "not true or false"),
    (lambda r: r.replace("\n2,3,", "\n2,4,"), "calls.priority", "not a JEMSS priority"),
    (lambda r: r.replace(f",{0.75},", f",{0.25},"), "calls.arrivalTime", "before the startTime"),
    (lambda r: r.replace(f",{1.0},", f",{0.6},"), "calls.arrivalTime", "before the previous call's"),
    (lambda r: r.replace("\n3,2,", "\n7,2,"), "calls.index", "not its row's number"),
    (lambda r: r.replace(CALLS_HEADER, CALLS_HEADER.replace("onSceneDuration", "onScene")), "calls.onSceneDuration",
     "no onSceneDuration column"),
    (lambda r: r.replace("0.5,,,,,,,,,", "-1,,,,,,,,,"), "miscData.startTime", "no startTime"),
])
def test_a_bad_calls_table_is_one_error_naming_file_field_and_fix(tmp_path, capsys, edit, field, words) -> None:
    src = write_lakeside(tmp_path / "lakeside")
    calls = src / "calls_1.csv"
    calls.write_text(edit(calls_text(call_rows())), encoding="utf-8")
    assert _import(src, tmp_path / "out", "--calls", str(calls)) == 2
    err = _one_error(capsys)
    assert f"{calls}: {field}" in err and words in err, err
    assert not (tmp_path / "out").exists()


def test_calls_that_span_no_time_are_refused(tmp_path, capsys) -> None:
    """JEMSS.jl's own calls file (Auckland's calls/single/call.csv) is one call at the start: no rate to generate."""
    src = write_lakeside(tmp_path / "lakeside")
    calls = src / "call.csv"
    calls.write_text(calls_text(["1,1,175,-37,0,0,0,0,-1,0"], start="0"), encoding="utf-8")
    assert _import(src, tmp_path / "out", "--calls", str(calls)) == 2
    err = _one_error(capsys)
    assert "span no time" in err and "calls.arrivalTime" in err


@pytest.mark.parametrize("argument, value, said", [
    ("config", 3, "config must be a file path"), ("redispatch", 3, "redispatch must be a file path"),
    ("calls", 3.5, "calls must be a file path"), ("src", None, "src must be a file path"),
    ("config", " ", "config is empty"), ("en_route", "yes", "en_route must be True or False"),
])
def test_import_jemss_refuses_an_argument_of_the_wrong_kind_naming_it(tmp_path, argument, value, said) -> None:
    """From Python, a path of the wrong kind was pathlib's "expected str, bytes or os.PathLike object, not int"."""
    write_lakeside(tmp_path / "model")
    kwargs = {"src": tmp_path / "model", "out": tmp_path / "out", argument: value}
    with pytest.raises(InputError, match=said) as err:
        import_jemss(**kwargs)
    assert err.value.field == argument
    assert not (tmp_path / "out").exists()

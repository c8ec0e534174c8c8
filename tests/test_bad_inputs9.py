"""Bad input, ninth round (audit18): sweep folders, replayed times, outputs, calibrate, the Python API, workbooks.

Each case: one clear InputError naming the file (or the Python argument), the field and the fix (exit status 2
through the CLI), where before there was a traceback (pyarrow's schema error, OverflowError, AttributeError deep
inside, a TypeError after a whole calibration), a silently wrong result (a negative warm-up run as none, one output
replacing another) or a message calling a workbook "binary". Runs on Gridby (tests/sweep_helpers.py), offline.
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import pytest
from sweep_helpers import write_region, write_spec
from test_bad_inputs3 import _exit_and_error

from raddsim.core.errors import InputError

NETWORK = Path(__file__).resolve().parents[1] / "networks" / "norrtalje_approx.osm"

SPEC = """
scenarios = ["low"]
years = 0.05
replications = 1
[axes]
"demand.alarms_per_year" = [1000, 2000]
"""


@pytest.fixture(scope="module")
def gridby(tmp_path_factory):
    """Gridby's region file and its model, built once."""
    from raddsim import build_model, load_region

    path = write_region(tmp_path_factory.mktemp("gridby"))
    return path, build_model(load_region(path))


# ------------------------------------------------------------------ 1. a Parquet file in a sweep's parts/ not of it
def _swept(tmp_path: Path, capsys) -> Path:
    out = tmp_path / "sweep"
    spec = write_spec(tmp_path, SPEC, region=write_region(tmp_path / "region"))
    assert _exit_and_error(["sweep", str(spec), "--out", str(out), "--processes", "0", "--quiet"], capsys)[0] == 0
    return out


@pytest.mark.parametrize("kind, says", [("export", "it has no 'task' column"), ("other sweep", "its columns differ")])
def test_a_parquet_file_in_the_parts_folder_not_of_the_sweep_is_named(tmp_path, capsys, kind, says) -> None:
    # Were pyarrow's "Schema at index 2 was different" / KeyError 'Field "task" does not exist' tracebacks, from
    # summarize and from a resume alike.
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = _swept(tmp_path, capsys)
    first = sorted((out / "parts").iterdir())[0]
    table = pa.table({"a": [1, 2]}) if kind == "export" else pq.read_table(first).append_column("zz", pa.array([1]))
    foreign = out / "parts" / "part-0000000099-aaaaaaaaaaaa.parquet"
    pq.write_table(table, foreign)
    for argv in (["sweep", "summarize", str(out)],
                 ["sweep", str(tmp_path / "spec.toml"), "--out", str(out), "--processes", "0", "--quiet"]):
        code, err = _exit_and_error(argv, capsys)
        assert code == 2 and f"{foreign}: is not a part file of this sweep ({says}" in err, err
        assert f"Fix: move it out of {out / 'parts'}" in err, err
    assert foreign.is_file()  # the user's file is left where it was


@pytest.mark.parametrize("table, replaced, says", [
    ("sweep/results.csv", "sweep/results.parquet", "exists and is not an earlier summary: --table results.csv"),
    ("mine.csv", "mine.csv", "exists and is not an earlier summary: --table mine.csv"),
    ("mine.txt", None, "the summary is written as a CSV file"),
])
def test_summarize_table_never_replaces_what_is_not_a_summary(tmp_path, capsys, table, replaced, says) -> None:
    # Were replaced unsaid: the sweep's own results.parquet by the summary's Parquet copy, a planner's mine.csv, and
    # for --table mine.txt the files mine.csv and mine.parquet (the suffix silently made .csv).
    out = _swept(tmp_path, capsys)
    (tmp_path / "mine.csv").write_text("my,own\n1,2\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    code, err = _exit_and_error(["sweep", "summarize", str(out), "--table", str(tmp_path / table)], capsys)
    shown = tmp_path / (replaced or table)
    assert code == 2 and f"{shown}: --table: {says}" in err, err
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("edit, field, says", [
    (lambda m: [1, 2], None, "the sweep metadata is a list, not a JSON object"),
    (lambda m: {**m, "spec": 3}, "spec", "holds spec as a number, not an object"),
    (lambda m: {**m, "target_minutes": "10"}, "target_minutes", "holds target_minutes as a text, not a number"),
    (lambda m: {**m, "columns": {**m["columns"], "axes": "staffing"}}, "columns.axes", "not a list of axis names"),
    (lambda m: {**m, "columns": {**m["columns"], "axes": ["stafing"]}}, "columns.axes", "the results do not have: "
                                                                                          "stafing"),
])
def test_a_hand_edited_sweep_json_of_the_wrong_shape_is_named(tmp_path, capsys, edit, field, says) -> None:
    # Were AttributeError ('int' object has no attribute 'get'), KeyError or a format ValueError tracebacks.
    import json

    out = _swept(tmp_path, capsys)
    meta = out / "sweep.json"
    meta.write_text(json.dumps(edit(json.loads(meta.read_text(encoding="utf-8")))), encoding="utf-8")
    code, err = _exit_and_error(["sweep", "summarize", str(out)], capsys)
    assert code == 2 and f"{meta}: {field + ': ' if field else ''}" in err and says in err, err
    assert "Fix: restore it (raddsim writes it), or start the sweep in a new directory." in err, err


# ------------------------------------------------------------------ 2. a replayed alarm in a year no log holds
@pytest.mark.parametrize("time", ["0001-01-01T00:00", "0024-07-14T13:05", "9999-12-31T23:59"])
def test_a_replayed_alarm_in_a_mistyped_year_is_refused(tmp_path, time) -> None:
    # Year 1 was an OverflowError traceback (the time-zone round trip); 0024 and 9999 replayed centuries of silence.
    from raddsim.demand.replay import load_incident_csv

    path = tmp_path / "alarms.csv"
    path.write_text(f"time,lon,lat,type\n2023-07-14T13:05,18.65,59.72,alarm\n{time},18.65,59.72,alarm\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_incident_csv(path, ["alarm"])
    assert err.value.field == "time" and "line 3, column 'time'" in err.value.message, str(err.value)
    assert f"is in the year {int(time[:4])}" in err.value.message and "four-digit year" in err.value.fix


# ------------------------------------------------------------------ 3. optimise --years
def test_optimise_years_has_the_bound_of_every_other_command(capsys) -> None:
    # Was accepted: --years 1e308 (the other commands refuse above 10,000).
    code, err = _exit_and_error(["optimise", "options.toml", "--out", "o", "--years", "1e308"], capsys)
    assert code == 2 and "argument --years: must be at most 10000" in err, err


# ------------------------------------------------------------------ 4. two outputs, one file
@pytest.mark.parametrize("argv, says", [
    (["demand", "--years", "0.05", "--replications", "1", "--plot", "{d}/out.png", "--json", "{d}/out.png"],
     "--plot: --plot names the same file as --json: one output would replace the other"),
    (["run", "--years", "0.05", "--replications", "1", "--json", "{d}/out.csv", "--alarms", "{d}/./out.csv"],
     "--alarms: --alarms names the same file as --json"),
])
def test_two_outputs_naming_one_file_are_refused_before_the_work(tmp_path, capsys, gridby, argv, says) -> None:
    # Was: the JSON written, then replaced by the plot (or the alarm table), and only "Wrote out.png" said.
    argv = [a.format(d=tmp_path) for a in argv] + ["--stations", str(gridby[0])]
    code, err = _exit_and_error(argv, capsys)
    assert code == 2 and says in err and "Fix: give --" in err, err
    assert list(tmp_path.iterdir()) == []


def test_demand_with_an_empty_scenario_name_is_refused_as_run_refuses_it(capsys, gridby) -> None:
    # Was accepted as "the first scenario" (run, compare and map refuse --scenario '').
    code, err = _exit_and_error(["demand", "--stations", str(gridby[0]), "--scenario", "", "--years", "0.05",
                                 "--replications", "1"], capsys)
    # Since args20 every empty argument is refused before parsing, naming its option (an unset shell variable).
    assert code == 2 and "--scenario: is empty" in err and "Fix: give --scenario a value" in err, err


@pytest.mark.parametrize("argv, option", [
    (["region", "new", "{d}/r", "--network", str(NETWORK), "--stations", "{d}/c.csv", "--alarms-per-year", "800",
      "--population", "64000", "--timezone", ""], "--timezone"),  # was: no time zone written, Stockholm's used
    (["region", "new", "{d}/r", "--network", str(NETWORK), "--stations", "{d}/c.csv", "--alarms-per-year", "800",
      "--population", "64000", "--name", " "], "--name"),  # was: the folder's name
    (["network", "fetch", "--place", "", "--out", "{d}/n.npz"], "--place"),  # was: a search for nothing, sent out
])
def test_an_empty_text_option_is_refused_not_read_as_left_out(tmp_path, capsys, argv, option) -> None:
    (tmp_path / "c.csv").write_text("name,lat,lon,kind\nRimbo,59.742,18.366,part-time\n", encoding="utf-8")
    code, err = _exit_and_error([a.format(d=tmp_path) for a in argv], capsys)
    assert code == 2 and f"{option}: is empty (a shell variable that was not set?)" in err, err
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("command", ["run", "target", "report", "map"])
def test_a_scenario_named_twice_is_refused_by_every_command_as_compare_refuses_it(tmp_path, capsys, gridby,
                                                                                 command) -> None:
    # Was run once, unsaid ("1 scenario(s)"); compare already refused it.
    out = {"report": ["--out", str(tmp_path / "r.html")], "map": ["--out", str(tmp_path / "maps")]}.get(command, [])
    code, err = _exit_and_error([command, "low", "--scenario", "low", "--stations", str(gridby[0]), *out], capsys)
    assert code == 2 and "SCENARIO: scenario 'low' is named more than once" in err, err
    assert list(tmp_path.iterdir()) == []


def test_a_plot_never_replaces_a_file_that_is_not_an_image(tmp_path, capsys, gridby) -> None:
    # Was replaced unsaid (as --json replaces only JSON, --plot now replaces only an image).
    notes = tmp_path / "alarms.png"
    notes.write_text("my notes, saved under the wrong name\n", encoding="utf-8")
    argv = ["demand", "--stations", str(gridby[0]), "--years", "0.05", "--replications", "1", "--plot", str(notes)]
    code, err = _exit_and_error(argv, capsys)
    assert code == 2 and f"{notes}: --plot: exists and was not written by raddsim" in err, err
    assert notes.read_text(encoding="utf-8").startswith("my notes")
    notes.unlink()
    assert _exit_and_error(argv, capsys)[0] == 0 and _exit_and_error(argv, capsys)[0] == 0  # an earlier plot: replaced


# ------------------------------------------------------------------ 5. calibrate: an ABC range of one value
def _calibrated_region(tmp_path: Path, reported: str, turnout_range: str) -> Path:
    """The small region with reported years and one crew's turnout as the ABC calibration's parameter."""
    region = write_region(tmp_path)
    text = region.read_text(encoding="utf-8")
    text = text.replace("target_minutes = 6", f"target_minutes = 6\nreported_minutes = {{ {reported} }}")
    text = text.replace("turnout_minutes = 5\n",
                        f'turnout_minutes = {{ value = 5, range = {turnout_range}, source = "X" }}\n', 1)
    region.write_text(text + '\n[calibration]\nscenario = "low"\nabc = ["crews.east_pt.turnout_minutes"]\n',
                      encoding="utf-8")
    return region


def test_an_abc_parameter_with_a_range_of_one_value_is_refused_before_the_work(tmp_path, capsys) -> None:
    # Was a TypeError traceback (formatting the sd ratio of a zero prior sd) after the whole calibration ran.
    region = _calibrated_region(tmp_path, '"2022" = 7.5', "[5, 5]")
    code, err = _exit_and_error(["calibrate", "--stations", str(region), "--sets", "4", "--replications", "1",
                                 "--processes", "0", "--out", str(tmp_path / "c.toml")], capsys)
    assert code == 2 and f"{region}: calibration.abc: 'crews.east_pt.turnout_minutes' has a range of one value " \
                         "(5): there is nothing to calibrate" in err, err


def test_calibrate_with_fewer_replications_than_reported_years_is_refused_before_the_work(tmp_path, capsys) -> None:
    # Was refused only after every parameter set was simulated (and its sweep folder written).
    region = _calibrated_region(tmp_path, '"2022" = 7.5, "2023" = 7.9', "[2, 9]")
    code, err = _exit_and_error(["calibrate", "--stations", str(region), "--sets", "4", "--replications", "1",
                                 "--processes", "0", "--out", str(tmp_path / "c.toml"), "--sweep-dir",
                                 str(tmp_path / "sims")], capsys)
    assert code == 2 and "--replications: calibration needs at least 2 replications (one per reported year)" in err
    assert not (tmp_path / "sims").exists()


# ------------------------------------------------------------------ 6. the Python API: arguments of the wrong kind
def _call(gridby, what: str):
    import raddsim as R

    region_file, model = gridby
    calls = {
        "run_experiment(region)": lambda: R.run_experiment(model.region, ["low"], years=0.05, replications=1),
        "run_scenario(path)": lambda: R.run_scenario(str(region_file), "low", years=0.05, replications=1),
        "compare(None)": lambda: R.compare(None, ["low", "high"], years=0.05, replications=2),
        "replay=path": lambda: R.run_experiment(model, ["low"], replications=1, replay=str(region_file)),
        "build_model network=path": lambda: R.build_model(model.region, network=str(region_file)),
        "make_grid(model)": lambda: R.make_grid(model, 500),
        "make_grid buffer nan": lambda: R.make_grid(model.network, 500, buffer_m=math.nan),
        "make_grid too large": lambda: R.make_grid(model.network, 25, buffer_m=90_000),
        "static_coverage grid=None": lambda: R.static_coverage(model, "low", None),
        "build_report name alone": lambda: R.build_report(model, "low"),
        "build_report unknown name": lambda: R.build_report(model, ["lwo"]),
        "load_incident_csv timezone": lambda: R.load_incident_csv(region_file, ["alarm"], timezone="Mars/Base"),
        "load_region(3)": lambda: R.load_region(3),
        "run_sweep(3)": lambda: R.run_sweep(3, region_file.parent / "out", processes=0, progress=False),
        "load_network options": lambda: R.load_network(None, options="fast"),
        "make_grid boundary path": lambda: R.make_grid(model.network, 500, boundary=str(region_file)),
        "run_experiment twice": lambda: R.run_experiment(model, ["low", "low"], years=0.05, replications=1),
        "compare twice": lambda: R.compare(model, ["low", model.region.scenarios["low"]], years=0.05, replications=2),
        "run_replication(model)": lambda: R.run_replication(model, years=0.05, seed=1, replication=0),
        "static_coverage offroad str": lambda: R.static_coverage(model, "low", R.make_grid(model.network, 500),
                                                                 offroad_kmh="40"),
        "load_region extra [3]": lambda: R.load_region(region_file, extra_scenarios=[3]),
        "load_region extra one path": lambda: R.load_region(region_file, extra_scenarios=str(region_file) + "x"),
        "load_network(3)": lambda: R.load_network(3),
        "load_spec(3)": lambda: R.load_spec(3),
        "load_boundary(3)": lambda: R.load_boundary(3),
        "alarm_file=3": lambda: R.run_experiment(model, ["low"], years=0.05, replications=1, alarm_file=3),
        "format_results({})": lambda: R.format_results({}),
        "format_results lang": lambda: R.format_results(R.run_experiment(model, ["low"], years=0.05, replications=1),
                                                        lang="de"),
        "build_report lang": lambda: R.build_report(model, ["low"], lang="se"),
        "build_report basemap text": lambda: R.build_report(model, ["low"], basemap="no"),
        "build_report what_if 0": lambda: R.build_report(model, ["low"], what_if=0),
        "build_report what-if count": lambda: R.build_report(model, ["low"], what_if_replications=0),
        "build_report unknown option": lambda: R.build_report(model, ["low"], year=2),
    }
    return calls[what]()


@pytest.mark.parametrize("what, field, says", [
    ("run_experiment(region)", "model", "model must be a Model, got a Region"),  # all three were AttributeErrors
    ("run_scenario(path)", "model", "model must be a Model, got str"),
    ("compare(None)", "model", "model must be a Model, got NoneType"),
    ("replay=path", "replay", "replay must be the alarms load_incident_csv read"),  # 'str' has no attribute 'time'
    ("build_model network=path", "network", "network must be a RoadNetwork or None"),  # no attribute 'options'
    ("make_grid(model)", "net", "net must be a RoadNetwork, got Model"),  # no attribute 'edge_outside'
    ("make_grid buffer nan", "buffer_m", "distance from the roads nan m is out of range"),  # ValueError from int()
    ("make_grid too large", "cell_m", "is too large (more than 25,000,000 cells)"),  # MemoryError for 466 TiB
    ("static_coverage grid=None", "grid", "grid must be a Grid, got NoneType"),  # no attribute 'cell_m'
    ("build_report name alone", "setups", "setups must be a list of scenarios, got str"),  # no attribute 'crews'
    ("build_report unknown name", "setups", "unknown scenario 'lwo'. Did you mean 'low'?"),
    ("load_incident_csv timezone", "timezone", "unknown time zone 'Mars/Base'"),  # ZoneInfoNotFoundError
    ("run_sweep(3)", "spec", "spec must be a sweep spec or its file's path, got int"),  # no 'region_file'
    ("load_network options", "options", "options must be NetworkOptions or None, got str"),  # 'implicit_speeds'
    ("make_grid boundary path", "boundary", "boundary must be a polygon, got str"),  # shapely's "incorrect type"
    ("run_experiment twice", "setups", "setups names scenario 'low' more than once"),  # one 'low' in the results
    ("compare twice", "setups", "setups names scenario 'low' more than once"),  # 'low' differenced from itself
    ("run_replication(model)", "prep", "prep must be a prepared scenario, got Model"),  # no 'for_replication'
    ("static_coverage offroad str", "offroad_kmh", "off-road speed must be positive (km/h), got '40'"),  # TypeError
    # pathlib's "expected str, bytes or os.PathLike object, not int", naming no argument:
    ("load_region(3)", "path", "path must be a file path (a str or Path), got int 3"),
    ("load_region extra [3]", "extra_scenarios", "extra_scenarios must be a file path"),
    ("load_network(3)", "source", "source must be a file path"),
    ("load_spec(3)", "path", "path must be a file path"),
    ("load_boundary(3)", "boundary", "boundary must be a file path"),
    ("alarm_file=3", "alarm_file", "alarm_file must be a file path"),
    ("format_results({})", "res", "res must be the results run_experiment returns"),  # KeyError 'target_minutes'
    ("format_results lang", "lang", "lang must be 'en' (English) or 'sv' (Swedish), got 'de'"),  # printed English
    ("build_report lang", "lang", "got 'se'"),  # printed English, after the simulations
    ("build_report basemap text", "basemap", "basemap must be True or False, got str 'no'"),  # drew a basemap
    ("build_report what_if 0", "what_if", "what_if must be True or False, got int 0"),  # read as False
    ("build_report what-if count", "what_if_replications", "what_if_replications must be a whole number"),  # field
    ("build_report unknown option", "year", "build_report has no option 'year'"),  # TypeError naming prepare_report
])
def test_a_python_argument_of_the_wrong_kind_is_one_error_naming_it(gridby, what, field, says) -> None:
    with pytest.raises(InputError) as err:
        _call(gridby, what)
    assert err.value.field == field and says in err.value.message, str(err.value)
    assert err.value.fix, str(err.value)


def test_one_scenarios_file_given_alone_is_read_as_one_file(gridby) -> None:
    # Was read as a sequence of characters: "/: is a directory, expected a TOML file".
    with pytest.raises(InputError) as err:
        _call(gridby, "load_region extra one path")
    assert str(err.value).startswith(f"{gridby[0]}x: file not found"), str(err.value)


@pytest.mark.parametrize("function", ["run_scenario", "run_scenarios", "run_replication"])
@pytest.mark.parametrize("days", [-1, math.nan, "3"])
def test_every_run_function_checks_warmup_days(gridby, function, days) -> None:
    # Were run as no warm-up (-1, NaN) or a TypeError from '>' ("3"); run_experiment and compare checked it.
    import raddsim as R

    model = gridby[1]
    call = {"run_scenario": lambda: R.run_scenario(model, "low", years=0.05, replications=1, warmup_days=days),
            "run_scenarios": lambda: R.run_scenarios(model, ["low"], years=0.05, replications=1, warmup_days=days),
            "run_replication": lambda: R.run_replication(model.prepare(model.region.scenarios["low"]), years=0.05,
                                                         seed=1, replication=0, warmup_days=days)}[function]
    with pytest.raises(InputError) as err:
        call()
    assert err.value.field == "warmup_days" and "the warm-up must be a number of days" in err.value.message


@pytest.mark.parametrize("kwargs, field", [({"processes": -1}, "processes"), ({"processes": "2"}, "processes"),
                                           ({"chunk": 0}, "chunk"), ({"workers": 0}, "workers")])
def test_run_sweep_checks_its_counts_as_the_command_line_does(tmp_path, kwargs, field) -> None:
    # Were accepted: processes=-1 or "2" ran on all cores, chunk=0 as automatic.
    from raddsim import run_sweep

    spec = write_spec(tmp_path, SPEC, region=write_region(tmp_path / "region"))
    with pytest.raises(InputError) as err:
        run_sweep(spec, tmp_path / "out", progress=False, **kwargs)
    assert err.value.field == field and f"{field} must be a whole number" in err.value.message, str(err.value)
    assert not (tmp_path / "out").exists()


def test_load_policy_names_a_kind_it_does_not_have() -> None:
    # Was KeyError: 'dispatchx'; then a ValueError naming no argument (polish18: an InputError naming kind).
    from raddsim import load_policy

    with pytest.raises(InputError, match="kind must be 'dispatch' or 'move_up'"):
        load_policy("dispatchx", "closest")


# ------------------------------------------------------------------ 7. workbooks and UTF-16 without a mark
def _zip(path: Path, first: str, data: str) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as z:
        z.writestr(first, data)
    return path


@pytest.mark.parametrize("name, write, says", [
    ("crews.xlsx", lambda p: _zip(p, "[Content_Types].xml", "<Types/>"), "is an Excel workbook (.xlsx), not a text"),
    ("crews.csv", lambda p: _zip(p, "[Content_Types].xml", "<Types/>"), "is an Excel workbook (.xlsx), not a text"),
    ("crews.ods", lambda p: _zip(p, "mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
     "is a LibreOffice workbook (.ods)"),
    ("crews.xls", lambda p: p.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)),
     "is an Excel 97–2003 workbook (.xls)"),
    ("crews.csv", lambda p: p.write_bytes("name,lat,lon,kind\nÄlmsta,59.97,18.79,part-time\n".encode("utf-16-le")),
     "is UTF-16 text (every other byte is 0)"),
])
def test_a_workbook_or_utf16_without_a_mark_is_named_as_such(tmp_path, capsys, name, write, says) -> None:
    # Were "is a binary file, not text (NUL byte at offset 5). Fix: give a UTF-8 text file (TOML or CSV)."
    table = tmp_path / name
    write(table)
    code, err = _exit_and_error(["region", "new", str(tmp_path / "r"), "--network", str(NETWORK), "--stations",
                                 str(table), "--alarms-per-year", "800", "--population", "64000"], capsys)
    assert code == 2 and f"{table}: {says}" in err and "Save As › 'CSV UTF-8 (comma delimited)'" in err, err


def test_a_utf16_toml_file_is_told_how_an_editor_saves_utf8(tmp_path, capsys) -> None:
    # Was "in Excel: Save As › CSV UTF-8" for a region file saved by Notepad as "Unicode".
    region = write_region(tmp_path)
    region.write_text(textwrap.dedent(region.read_text(encoding="utf-8")), encoding="utf-16")
    code, err = _exit_and_error(["run", "--stations", str(region)], capsys)
    assert code == 2 and f"{region}: is UTF-16 text" in err and "in Notepad: Save As › Encoding UTF-8" in err, err
    assert "Excel" not in err, err


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_utf16_osm_file_is_named_utf16_not_a_decode_error(tmp_path, capsys, encoding) -> None:
    # Was "could not read OSM data (UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff ...)".
    osm = tmp_path / "roads.osm"
    osm.write_text(NETWORK.read_text(encoding="utf-8")[:2000], encoding=encoding)
    code, err = _exit_and_error(["network", "info", str(osm)], capsys)
    assert code == 2 and f"{osm}: is UTF-16 text" in err and "Encoding UTF-8" in err and "Decode" not in err, err


def test_a_utf16_geojson_boundary_is_named_utf16_not_an_unknown_format(tmp_path) -> None:
    # Was GDAL's "'b.geojson' not recognized as being in a supported file format".
    import json

    from raddsim import load_boundary

    square = [[18.60, 59.69], [18.75, 59.69], [18.75, 59.77], [18.60, 59.77], [18.60, 59.69]]
    path = tmp_path / "b.geojson"
    path.write_text(json.dumps({"type": "Polygon", "coordinates": [square]}), encoding="utf-16")
    with pytest.raises(InputError) as err:
        load_boundary(path)
    assert err.value.field == "boundary" and err.value.message.startswith("is UTF-16 text"), str(err.value)
    assert "in Notepad: Save As › Encoding UTF-8" in err.value.fix

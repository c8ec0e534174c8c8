"""Bad input, generated: every mutation of a valid file gives one clear InputError or a valid result.

Never a traceback from deep inside, never a silent change: a value that is accepted is the value
that was written. Deterministic mutations (each line of a region file × each kind of damage) and
property-based ones (hypothesis) over the region TOML, incident CSV, places CSV, sweep spec, JEMSS
distributions and nodes/arcs networks, plus command lines. Bounded so the whole file runs in
well under a minute.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sweep_helpers import REGION, write_region

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.demand import load_incident_csv
from raddsim.demand.location_files import load_places
from raddsim.region.jemss_dist import parse_distribution
from raddsim.region.region import load_region

FAST = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

#: Values a user might type by mistake, as TOML.
BAD_VALUES = ['-1', '0', '1e12', 'inf', 'nan', '-inf', '"text"', 'true', '[]', '{}', '1e999', '""', '"é\\u0000"',
              '[1, "a"]', '0.5', '99999999999999999999', '"../../etc/passwd"']


def _one_line_error(err: InputError) -> str:
    text = str(err)
    assert text and "\n" not in text and "Traceback" not in text, text
    return text


def _load(path: Path):
    try:
        return load_region(path)
    except InputError as err:
        _one_line_error(err)
        return None


@pytest.fixture(scope="module")
def gridby(tmp_path_factory) -> Path:
    return write_region(tmp_path_factory.mktemp("gridby"))


def _value_lines() -> list[int]:
    return [k for k, line in enumerate(REGION.splitlines()) if re.match(r"^[\w.]+\s*=", line)]


MUTATIONS = ["delete", "duplicate", "blank_value", "unterminated", "garbage_key"]


@pytest.mark.parametrize("line", _value_lines())
@pytest.mark.parametrize("mutation", MUTATIONS)
def test_each_line_of_a_region_file_damaged(gridby, tmp_path, line, mutation) -> None:
    lines = REGION.splitlines()
    key, _, value = lines[line].partition("=")
    lines[line] = {
        "delete": "",
        "duplicate": lines[line] + "\n" + lines[line],
        "blank_value": f"{key}=",
        "unterminated": f"{key}= {value.strip()[:-1] if value.strip().endswith(chr(34)) else value + chr(34)}",
        "garbage_key": f"x{key.strip()}_typo = {value.strip()}",
    }[mutation]
    path = tmp_path / "region.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "grid.osm").symlink_to(gridby.parent / "grid.osm")
    region = _load(path)
    if mutation in ("duplicate", "unterminated", "garbage_key", "blank_value") and region is not None:
        pytest.fail(f"{mutation} of line {line + 1} ({lines[line]!r}) was accepted silently")


NUMERIC_FIELDS = [("crews.west_ft", "turnout_minutes", lambda r, v: r.scenarios["low"].crews[0].turnout_s == v * 60),
                  ("demand", "alarms_per_year", lambda r, v: r.scenarios["low"].demand.alarms_per_year == v),
                  ("stations.east", "lat", lambda r, v: r.stations["east"].lat == v),
                  ("region", "target_minutes", lambda r, v: r.target_minutes == v)]


@pytest.mark.parametrize("section, field, holds", NUMERIC_FIELDS, ids=[f"{s}.{f}" for s, f, _ in NUMERIC_FIELDS])
@pytest.mark.parametrize("value", BAD_VALUES)
def test_a_bad_value_is_refused_or_kept_exactly(gridby, tmp_path, section, field, holds, value) -> None:
    text = re.sub(rf"(\[{re.escape(section)}\][^\[]*?\n){field}\s*=\s*[^\n]*",
                  lambda m: f"{m.group(1)}{field} = {value}", REGION, count=1, flags=re.S)
    assert text != REGION or f"{field} = {value}" in REGION
    path = tmp_path / "region.toml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "grid.osm").symlink_to(gridby.parent / "grid.osm")
    region = _load(path)
    if region is not None:  # accepted: then exactly as written, never clamped or dropped
        parsed = float(value)
        assert math.isfinite(parsed) and holds(region, parsed), f"{section}.{field} = {value} changed silently"


@FAST
@given(data=st.binary(min_size=0, max_size=300))
def test_arbitrary_bytes_as_a_region_file(tmp_path, data) -> None:
    path = tmp_path / "region.toml"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        load_region(path)
    assert str(path) in _one_line_error(err.value)


@FAST
@given(cut=st.integers(min_value=0, max_value=len(REGION.encode())), bom=st.booleans())
def test_a_truncated_region_file(gridby, tmp_path, cut, bom) -> None:
    path = tmp_path / "region.toml"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + REGION.encode()[:cut])
    link = tmp_path / "grid.osm"
    if not link.exists():
        link.symlink_to(gridby.parent / "grid.osm")
    region = _load(path)
    if cut == len(REGION.encode()):
        assert region is not None  # the whole file, with or without a BOM, is valid


HEAD = "time,lon,lat,type,observed_minutes"
GOOD_ROW = "2023-07-14T13:05:00,18.71,59.75,building_fire,8"
CELLS = st.one_of(st.sampled_from(["", "inf", "nan", "-1", "1e400", "2023-02-30T10:00", "2023-07-14T13:05:00+25:00",
                                   "2023-07-14T13:05:00Z", "building_fire", "nowhere", "181", "-91", "18,7", '"',
                                   "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"]),
                  st.text(max_size=12))


@FAST
@given(cells=st.lists(CELLS, min_size=0, max_size=7), column=st.integers(0, 4))
def test_incident_csv_rows(tmp_path, cells, column) -> None:
    row = GOOD_ROW.split(",")
    if cells:
        row[column] = cells[0]
    text = f"{HEAD}\n{GOOD_ROW}\n" + ",".join(row + cells[1:]) + "\n"
    path = tmp_path / "alarms.csv"
    path.write_text(text, encoding="utf-8")
    try:
        a = load_incident_csv(path, ["building_fire", "traffic_accident"])
    except InputError as err:
        assert str(path) in _one_line_error(err)
        return
    assert len(a) == 2
    assert all(math.isfinite(x) for x in a.lon) and all(math.isfinite(x) for x in a.lat)
    assert all(math.isnan(o) or (math.isfinite(o) and o >= 0) for o in a.observed_min)


@FAST
@given(data=st.binary(max_size=200))
def test_incident_csv_bytes(tmp_path, data) -> None:
    path = tmp_path / "alarms.csv"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        load_incident_csv(path, ["building_fire"])
    assert str(path) in _one_line_error(err.value)


@FAST
@given(name=st.text(max_size=10), pop=CELLS, lat=CELLS, extra=st.booleans())
def test_places_csv(tmp_path, name, pop, lat, extra) -> None:
    path = tmp_path / "places.csv"
    rows = [f"Rimbo,5000,59.74,18.36", f'"{name}",{pop},{lat},18.5'] + (["Rimbo,1,59,18"] if extra else [])
    path.write_text("name,population,lat,lon\n" + "\n".join(rows) + "\n", encoding="utf-8")
    try:
        places = load_places(path)
    except InputError as err:
        assert str(path) in _one_line_error(err)
        return
    assert len({p.name for p in places}) == len(places)  # never two places under one name
    assert all(p.population >= 0 and -90 <= p.lat <= 90 for p in places)


SPEC_LINES = st.sampled_from([
    'base = "low"', 'base = "nope"', 'scenarios = []', 'scenarios = ["low", "low"]', "years = 0", "years = -1",
    "years = inf", "replications = 0", "replications = 1.5", "seed = -1", "per_area = 1", "region = 5",
    '[axes]\n"demand.multiplier" = []', '[axes]\n"demand.multiplier" = { range = [1, 0, 1] }',
    '[axes]\n"demand.multiplier" = { linspace = [0.5, 1.5, 0] }', '[axes]\n"demand.nope" = [1, 2]',
    '[axes]\n"crews.ghost.turnout_minutes" = [1]', '[axes]\n"demand.multiplier" = [1, "a"]',
    '[axes]\n"demand.multiplier" = { uniform = [1, 0], samples = 3 }', '[overrides]\n"demand.multiplier" = -2',
    '[axes]\n"crews.*.turnout_minutes" = [1]', '[axes]\nstaffing = ["low", "mid"]', "bogus = 1", "[axes]\nx = 1",
])


@FAST
@given(lines=st.lists(SPEC_LINES, min_size=1, max_size=3, unique=True))
def test_sweep_spec_mutations(gridby, tmp_path, lines) -> None:
    from raddsim.sweep import load_spec, validate_spec

    path = tmp_path / "spec.toml"
    top = [x for x in lines if not x.startswith("[")]
    tables = [x for x in lines if x.startswith("[")]
    path.write_text(f'region = "{gridby.as_posix()}"\n' + "\n".join(top + tables[:1]) + "\n", encoding="utf-8")
    try:
        validate_spec(load_spec(path), load_region(gridby))
    except InputError as err:
        assert str(path) in _one_line_error(err) or "region" in str(err)


@FAST
@given(text=st.one_of(
    st.text(max_size=30),
    st.builds(lambda n, a, b: f"{n}({a}, {b})",
              st.sampled_from(["Exponential", "Normal", "Gamma", "Weibull", "LogNormal", "Uniform", "Bernoulli",
                               "Categorical", "truncated", "Erlang", "Foo", "Dirac", "Poisson"]),
              st.sampled_from(["1", "0", "-1", "1/0", "2^1000", "Inf", "[0.5, 0.5]", "x", "1e308*10", "()"]),
              st.sampled_from(["1", "0", "-2", "0.5", "Inf", "Exponential(1)", "[1]"]))))
@example(text="Normal(1E310,0)")  # an infinite constant (found by hypothesis on the oldest supported versions)
@example(text="Dirac(-1e400)")
@example(text="Normal(())")  # no parameters: older scipy returns arrays from stats()
def test_jemss_distribution_text(text) -> None:
    try:
        d = parse_distribution(text, "gen_config.xml", "callDistributions.onSceneDuration")
    except InputError as err:
        assert "gen_config.xml" in _one_line_error(err)
        return
    m, s = d.moments()
    assert math.isfinite(m) and math.isfinite(s) and s >= 0


@FAST
@given(node_row=st.lists(CELLS, min_size=3, max_size=3), arc_row=st.lists(CELLS, min_size=3, max_size=4))
def test_nodes_arcs_network_rows(tmp_path, node_row, arc_row) -> None:
    from raddsim.network.csvgraph import load_csv_network

    (tmp_path / "nodes.csv").write_text("id,lon,lat\n1,18.0,59.0\n2,18.01,59.0\n" + ",".join(node_row) + "\n",
                                        encoding="utf-8")
    (tmp_path / "arcs.csv").write_text("from,to,length_m\n1,2,700\n" + ",".join(arc_row) + "\n", encoding="utf-8")
    try:
        data = load_csv_network(tmp_path)
    except InputError as err:
        _one_line_error(err)
        return
    assert data.n_nodes >= 2


@pytest.mark.parametrize("node_id, words", [("inf", "not a number"), ("nan", "not a number"), ("1e30", "whole number"),
                                            ("2.5", "whole number"), ("-inf", "not a number")])
def test_node_ids_that_cannot_be_ids(tmp_path, node_id, words) -> None:
    from raddsim.network.csvgraph import load_csv_network

    (tmp_path / "nodes.csv").write_text(f"id,lon,lat\n1,18.0,59.0\n{node_id},18.01,59.0\n", encoding="utf-8")
    (tmp_path / "arcs.csv").write_text("from,to,length_m\n1,2,700\n", encoding="utf-8")
    with pytest.raises(InputError, match=words):
        load_csv_network(tmp_path)


CLI_CASES = [
    ["run", "--scenario", "nope"], ["run", "--stations", "/nonexistent/region.toml"], ["run", "--years", "-1"],
    ["run", "--replications", "x"], ["run", "--seed", "1e3"], ["run", "--target", "abc"], ["run", "--lang", "fi"],
    ["run", "--incidents", "/nonexistent.csv"], ["run", "--json", "/nonexistent/dir/x.json"],
    ["run", "--scenarios-file", "/nonexistent.toml"], ["compare", "minimum"], ["compare", "minimum", "nope"],
    ["compare", "minimum", "ambition", "--precision", "0"], ["compare", "minimum", "ambition", "--max-replications", "0"],
    ["target", "nope"], ["demand", "--scenario", "nope"], ["demand", "--season", "monsoon"],
    ["calibrate", "--replications", "0"], ["map", "nope"], ["map", "--cell", "-5"], ["report", "nope"],
    ["network", "info", "/nonexistent.osm"], ["network", "convert", "/nonexistent.osm", "/tmp/x.npz"],
    ["sweep", "/nonexistent/spec.toml", "--out", "/tmp/raddsim-never"], ["sweep", "summarize"],
    ["sweep", "summarize", "/nonexistent/dir"], ["sweep", "summarize", "/tmp", "--processes", "2"],
    ["region", "import-jemss", "/nonexistent", "/tmp/raddsim-never-jemss"],
    ["region", "import-jemss", "/nonexistent", "/tmp/raddsim-never-jemss", "--target", "-3"],
    ["run", "--processes", "2"], ["nosuchcommand"],
]


@pytest.mark.parametrize("args", CLI_CASES, ids=[" ".join(a)[:60] for a in CLI_CASES])
def test_command_lines(args, capsys) -> None:
    try:
        code = main(args)
    except SystemExit as ex:  # argparse's usage errors
        code = ex.code
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err and err.strip(), err


def test_a_multi_line_library_message_becomes_one_line(tmp_path) -> None:
    """Found by test_nodes_arcs_network_rows: pandas' tokenizer error ends in a newline."""
    from raddsim.network.csvgraph import load_csv_network

    (tmp_path / "nodes.csv").write_text("id,lon,lat\n1,18.0,59.0\n2,18.01,59.0\n,,,\n", encoding="utf-8")
    (tmp_path / "arcs.csv").write_text("from,to,length_m\n1,2,700\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_csv_network(tmp_path)
    _one_line_error(err.value)
    assert str(InputError("a\n  b", fix="c\nd")) == "a b Fix: c d"

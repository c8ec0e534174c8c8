"""JEMSS import of a model that is not Edmonton's: other distributions, other headings, other file names."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import pytest

from raddsim.cli import main
from raddsim.core.errors import InputError
from raddsim.region.jemss import import_jemss, on_scene_table, weibull_of
from raddsim.region.jemss_dist import parse_distribution
from raddsim.region.region import load_region

GEN_CONFIG = """<?xml version="1.0" encoding="UTF-8"?>
<genConfig>
  <sim>
    <startTime>0.0</startTime>
    <numCalls>1000</numCalls>
    <targetResponseDuration>9/60/24</targetResponseDuration>
    <callDistributions>
      <interarrivalTime seed="1">Gamma(2, 1/(0.5*24)/2)</interarrivalTime>
      <priority seed="2">DiscreteNonParametric([1, 3], [0.6, 0.4])</priority>
      <dispatchDelay seed="3">truncated(Normal(60/86400, 20/86400), 0, Inf)</dispatchDelay>
      <onSceneDuration seed="4">LogNormal(log(15/1440), 0.4)</onSceneDuration>
      <transport seed="5">Bernoulli(0.5)</transport>
      <handoverDuration seed="6">Gamma(4, 5/1440)</handoverDuration>
    </callDistributions>
  </sim>
</genConfig>
"""


def write_lakeside(d: Path, *, rows: int = 5, cols: int = 5) -> Path:
    """A small synthetic JEMSS model 'lakeside' (a grid of roads near 45° N, 7° E) with its own headings."""
    d.mkdir(parents=True)
    (d / "gen_config.xml").write_text(GEN_CONFIG, encoding="utf-8")
    step = 0.01
    node = lambda i, j: i * cols + j + 1  # noqa: E731
    nodes = ["nodes,,,", "index,x,y,offRoadAccess"]
    nodes += [f"{node(i, j)},{7.0 + j * step},{45.0 + i * step},1" for i in range(rows) for j in range(cols)]
    arcs = ["miscData,,", "arcForm,numModes", "undirected,2", ",", "arcs,,,,,", "index,fromNode,toNode,distance,mode_1,mode_2"]
    k = 0
    for i in range(rows):
        for j in range(cols):
            for a, b in ((i, j + 1), (i + 1, j)):
                if a < rows and b < cols:
                    k += 1
                    km = 0.8
                    arcs.append(f"{k},{node(i, j)},{node(a, b)},{km},{km / 60 / 24},{km / 40 / 24}")
    (d / "roads").mkdir()
    (d / "roads" / "nodes.csv").write_text("\n".join(nodes) + "\n", encoding="utf-8")
    (d / "roads" / "arcs.csv").write_text("\n".join(arcs) + "\n", encoding="utf-8")
    # A name with a quote and a backslash: the written TOML must still be valid.
    (d / "stations.csv").write_text('stations,,,\nid,Longitude,Latitude,Station Name\n'
                                    '1,7.005,45.005,"Nord \\ ""Quay"""\n2,7.035,45.035,Süd\n', encoding="utf-8")
    (d / "ambulances.csv").write_text("ambulances,,\nindex,base,class\n1,1,1\n2,2,1\n3,2,1\n", encoding="utf-8")
    (d / "hospitals.csv").write_text("hospitals,,,\nindex,lon,lat,hospital name\n1,7.02,45.02,Lakeside General\n",
                                     encoding="utf-8")
    (d / "travel.csv").write_text("travelModes,,\nmode,offRoadSpeed\n1,960\n2,720\n,,\n"
                                  "travelSets,,\ntravelSetIndex,priority,travelModeIndex\n1,highPriority,1\n"
                                  "1,medPriority,1\n1,lowPriority,2\n", encoding="utf-8")
    return d


def test_a_model_that_is_not_edmontons_imports_and_runs(tmp_path, capsys) -> None:
    src = write_lakeside(tmp_path / "lakeside")
    out = tmp_path / "out"
    assert main(["region", "import-jemss", str(src), str(out)]) == 0
    data = tomllib.loads((out / "region.toml").read_text(encoding="utf-8"))
    assert data["region"]["name"] == "Lakeside (JEMSS model)"
    assert data["region"]["target_minutes"] == pytest.approx(9.0)
    assert "lakeside" in data["region"]["source"] and "edmonton" not in (out / "region.toml").read_text().lower()
    assert {s["name"] for s in data["stations"].values()} == {'Nord \\ "Quay"', "Süd"}
    assert [c["station"] for c in data["crews"].values()] == ["s1", "s2", "s2"]
    assert data["hospitals"]["h1"]["name"] == "Lakeside General"
    assert data["demand"]["alarms_per_year"] == pytest.approx(0.5 * 24 * 365.25)
    assert "calls 4,383 a year" in data["region"]["source"]  # read by people (map footnotes): grouped digits
    assert data["demand"]["access"]["rural_speed_kmh"] == pytest.approx(40.0)
    # Mean of a normal truncated at 0, 60 s ± 20 s: a hair above 60 s.
    assert 60.0 < data["crews"]["a1"]["availability"]["request_delay_minutes"] * 60 < 60.5
    types = tomllib.loads((out / "incidents.toml").read_text(encoding="utf-8"))["types"]
    assert [types[p]["share"] for p in ("high", "med", "low")] == [0.6, 0.0, 0.4]
    assert types["high"]["on_scene"] == {"distribution": "lognormal", "median_minutes": pytest.approx(15.0),
                                         "sigma": 0.4, "source": "JEMSS onSceneDuration LogNormal(log(15/1440), 0.4)"}
    assert types["low"]["travel_factor"] == pytest.approx(60 / 40) and types["high"]["travel_factor"] == 1.0
    tr = types["high"]["transport"]
    shape, scale = tr["handover_shape"], tr["handover_scale_minutes"]
    mean = scale * math.gamma(1 + 1 / shape)
    assert mean == pytest.approx(20.0, rel=1e-4)  # Gamma(4, 5 min): mean 20 min, cv 0.5 kept
    assert math.sqrt(math.gamma(1 + 2 / shape) / math.gamma(1 + 1 / shape) ** 2 - 1) == pytest.approx(0.5, rel=1e-4)
    region = load_region(out)
    assert len(region.scenarios["deployment"].crews) == 3
    assert region.service == "ems"  # the maps' legends name ambulance stations
    capsys.readouterr()
    assert main(["run", "--region", str(out), "--replications", "2", "--years", "0.05"]) == 0
    printed = capsys.readouterr().out
    assert "deployment" in printed
    # An EMS region in its own words: no smoke diving, no staffing table for units without minimum/ambition levels.
    assert "the units the call type needs" in printed and "smoke diving" not in printed
    assert "Staffing over the year" not in printed and "below minimum" not in printed


def test_options_set_name_target_and_source(tmp_path) -> None:
    src = write_lakeside(tmp_path / "m")
    path = import_jemss(src, tmp_path / "o", name='Lake "Side"', target_minutes=12, source="my model")
    region = tomllib.loads(path.read_text(encoding="utf-8"))["region"]
    assert (region["name"], region["target_minutes"], region["source"]) == ('Lake "Side"', 12, "my model")


def test_missing_column_and_bad_distribution_are_named(tmp_path, capsys) -> None:
    src = write_lakeside(tmp_path / "m")
    (src / "stations.csv").write_text("stations,,\nid,east,north\n1,7.0,45.0\n", encoding="utf-8")
    assert main(["region", "import-jemss", str(src), str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "stations.csv" in err and "no x column" in err
    src = write_lakeside(tmp_path / "m2")
    cfg = src / "gen_config.xml"
    cfg.write_text(GEN_CONFIG.replace("Bernoulli(0.5)", "Cauchy(0, 1)"), encoding="utf-8")
    assert main(["region", "import-jemss", str(src), str(tmp_path / "o2")]) == 2
    err = capsys.readouterr().err
    assert "gen_config.xml" in err and "callDistributions.transport" in err and "Cauchy" in err


@pytest.mark.parametrize("text, mean, sd", [
    ("Exponential(12/60/24)", 12 / 1440, 12 / 1440),
    ("Normal(40/60/60/24,0)", 40 / 86400, 0.0),
    ("Gamma(2, 3)", 6.0, math.sqrt(18)),
    ("Erlang(3, 2)", 6.0, math.sqrt(12)),
    ("Weibull(1, 5)", 5.0, 5.0),
    ("Uniform(2, 4)", 3.0, math.sqrt(4 / 12)),
    ("TriangularDist(0, 6, 3)", 3.0, math.sqrt(36 / 24)),
    ("LogNormal(0, 0.5)", math.exp(0.125), math.sqrt((math.exp(0.25) - 1) * math.exp(0.25))),
    ("Dirac(7)", 7.0, 0.0),
    ("LocationScale(1, 2, Exponential(3))", 7.0, 6.0),
    ("Bernoulli(0.8)", 0.8, math.sqrt(0.16)),
    ("Categorical([0.5, 0.25, 0.25])", 1.75, math.sqrt(0.6875)),
    ("Poisson(3)", 3.0, math.sqrt(3)),
    ("Geometric(0.25)", 3.0, math.sqrt(12)),
    ("Rayleigh(2)", 2 * math.sqrt(math.pi / 2), math.sqrt((4 - math.pi) / 2 * 4)),
    ("Exponential(2^3)", 8.0, 8.0),
])
def test_distributions_have_distributions_jl_parameters(text, mean, sd) -> None:
    m, s = parse_distribution(text, "f", "x").moments()
    assert m == pytest.approx(mean, rel=1e-6) and s == pytest.approx(sd, rel=1e-6, abs=1e-12)


def test_truncation_changes_the_moments() -> None:
    plain = parse_distribution("Exponential(10)", "f", "x").moments()[0]
    cut = parse_distribution("truncated(Exponential(10), 2, 30)", "f", "x").moments()[0]
    kw = parse_distribution("truncated(Exponential(10); lower=2, upper=30)", "f", "x").moments()[0]
    # E[X | 2 ≤ X ≤ 30] of an exponential with mean 10.
    expected = (12 * math.exp(-0.2) - 40 * math.exp(-3)) / (math.exp(-0.2) - math.exp(-3))
    assert cut == pytest.approx(expected, rel=1e-6) and kw == pytest.approx(cut) and cut != pytest.approx(plain)


@pytest.mark.parametrize("text", ["Foo(1)", "Exponential(-1)", "Uniform(3, 1)", "Cauchy(0, 1)", '__import__("os")',
                                  "Exponential(x)", "truncated(Exponential(1), 5, 2)", "Exponential(1", "", "1/0",
                                  "Normal(0, -1)", "Categorical([0.5, -0.5])", "Bernoulli(2)"])
def test_impossible_distributions_are_one_error(text) -> None:
    with pytest.raises(InputError) as err:
        parse_distribution(text, "gen_config.xml", "callDistributions.onSceneDuration")
    assert "gen_config.xml" in str(err.value) and "onSceneDuration" in str(err.value)


def test_non_native_forms_are_matched_by_moments() -> None:
    tab = on_scene_table(parse_distribution("Gamma(4, 5/1440)", "f", "x"))
    sigma, median = tab["sigma"], tab["median_minutes"]
    assert median * math.exp(sigma**2 / 2) == pytest.approx(20.0, rel=1e-4)  # lognormal mean = Gamma mean
    assert "approximation" in tab["source"]
    k, scale, note = weibull_of(parse_distribution("Weibull(2.5, 34.3/60/24)", "f", "x"))
    assert (k, scale) == (2.5, pytest.approx(34.3)) and "as a Weibull" not in note


def test_cli_options_and_atomic_output(tmp_path, capsys, monkeypatch) -> None:
    src = write_lakeside(tmp_path / "m")
    out = tmp_path / "o"
    assert main(["region", "import-jemss", str(src), str(out), "--name", "Sjöstad", "--target", "7.5",
                 "--source", "synthetic"]) == 0
    region = tomllib.loads((out / "region.toml").read_text(encoding="utf-8"))["region"]
    assert (region["name"], region["target_minutes"], region["source"]) == ("Sjöstad", 7.5, "synthetic")
    assert main(["region", "import-jemss", str(src), str(out)]) == 2  # never overwrites
    assert "not empty" in capsys.readouterr().err
    # A failure while writing leaves no half-written region behind.
    import raddsim.network.csvgraph as cg

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cg, "write_csv_network", boom)
    assert main(["region", "import-jemss", str(src), str(tmp_path / "o2")]) == 2
    assert "No space left" in capsys.readouterr().err
    assert not (tmp_path / "o2").exists() and not list(tmp_path.glob(".o2.tmp.*"))


def test_a_model_in_jemss_jl_s_own_folder_layout_imports(tmp_path, capsys) -> None:
    """JEMSS.jl keeps each table in a subfolder (models/1/stations/stations_1.csv, travel/roads/roads.zip, several
    calls/reps/*/gen_config.xml): the import finds them, names the city, and asks which call file to use."""
    import zipfile

    flat = write_lakeside(tmp_path / "flat")
    src = tmp_path / "jemss" / "data" / "cities" / "lakeside" / "models" / "1"
    for sub, name in (("stations", "stations.csv"), ("ambulances", "ambulances.csv"), ("hospitals", "hospitals.csv"),
                      ("travel/travel", "travel.csv")):
        (src / sub).mkdir(parents=True)
        (src / sub / name.replace(".csv", "_1.csv")).write_bytes((flat / name).read_bytes())
    (src / "travel" / "roads").mkdir()
    with zipfile.ZipFile(src / "travel" / "roads" / "roads.zip", "w") as z:
        for name in ("nodes.csv", "arcs.csv"):
            z.write(flat / "roads" / name, name)
    for rep in ("train", "test"):
        (src / "calls" / "reps" / rep).mkdir(parents=True)
        (src / "calls" / "reps" / rep / "gen_config.xml").write_bytes((flat / "gen_config.xml").read_bytes())
    assert main(["region", "import-jemss", str(src), str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "several call-generation files" in err and "--calls" in err and "calls/reps/train/gen_config.xml" in err
    calls = src / "calls" / "reps" / "train" / "gen_config.xml"
    assert main(["region", "import-jemss", str(src), str(tmp_path / "out"), "--calls", str(calls)]) == 0
    written = tomllib.loads((tmp_path / "out" / "region.toml").read_text(encoding="utf-8"))
    assert written["region"]["name"] == "Lakeside (JEMSS model)" and len(written["crews"]) == 3
    flat_out = tmp_path / "flat_out"
    assert main(["region", "import-jemss", str(flat), str(flat_out)]) == 0
    assert written["stations"] == tomllib.loads((flat_out / "region.toml").read_text(encoding="utf-8"))["stations"]


def test_a_model_value_raddsim_cannot_use_is_refused_at_import_and_nothing_is_written(tmp_path, capsys) -> None:
    """A negative off-road speed was imported "successfully"; the first run then failed on the generated file."""
    src = write_lakeside(tmp_path / "lakeside")
    travel = src / "travel.csv"
    travel.write_text(travel.read_text(encoding="utf-8").replace("1,960", "1,-960"), encoding="utf-8")
    assert main(["region", "import-jemss", str(src), str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    # errors15: named at the JEMSS file and field now (was only "the model does not make a valid raddsim region").
    assert f"{travel}: travelModes." in err and "is not positive" in err and err.count("\n") == 1, err
    assert not (tmp_path / "out").exists() and not list(tmp_path.glob(".out.tmp.*"))

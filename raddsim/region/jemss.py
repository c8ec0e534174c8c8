"""Import a JEMSS.jl EMS model (e.g. Edmonton) as a generic raddsim region.

JEMSS (uoa-ems-research/JEMSS.jl) describes a region with CSV tables (each
preceded by a title line) and an XML call-generation config. This importer
reads them and writes raddsim's generic region files into a folder:

* ``roads/nodes.csv``, ``roads/arcs.csv`` — the road network in the generic
  nodes/arcs format (lights-and-sirens travel times, JEMSS travel mode 1);
* ``region.toml`` — stations, one crew per ambulance, hospitals, demand;
* ``incidents.toml`` — one incident type per call priority.

Mapping and simplifications (all written into the files as notes):

* Responses drive at JEMSS's lights-and-sirens times (mode 1), returns to the
  station at its regular times (mode 2).
* An ambulance is a full-time *unit* with two paramedics and the capability
  ``ambulance``; its turnout time is JEMSS's dispatch delay (40 s): JEMSS's
  response time runs from the call, raddsim's from the alarm to the crew.
* Call priorities become incident types with their shares; priorities that
  JEMSS answers in its regular travel mode get ``travel_factor`` = the mean
  ratio of mode-2 to mode-1 arc times.
* On-scene time is exponential with JEMSS's mean; a transported patient is
  driven to the nearest hospital and handed over (Weibull), after which the
  ambulance drives back to its station from the hospital. (JEMSS can send the
  ambulance on to its next call from the hospital; raddsim does not.)
* JEMSS places calls by a population-density raster that is not shipped;
  raddsim spreads calls over the road network in proportion to road length
  (ASSUMPTION), with a short off-road stretch at JEMSS's off-road speed.
* The arrival process is homogeneous Poisson, as in JEMSS.
"""

from __future__ import annotations

import ast
import csv
import io
import operator
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

from raddsim.core.errors import InputError
from raddsim.core.text import read_text

DAYS = 86400.0
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
        ast.USub: operator.neg, ast.Pow: operator.pow}


def _arith(text: str, file: Path, field: str) -> float:
    """Evaluate JEMSS's arithmetic parameters (``1/(8*24)``) without eval()."""
    def ev(node: ast.AST) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.operand))
        raise ValueError
    try:
        return ev(ast.parse(text.strip(), mode="eval").body)
    except (ValueError, SyntaxError, ZeroDivisionError):
        raise InputError(f"cannot read the number {text!r}.", file=file, field=field, fix="use plain arithmetic.") from None


def _distribution(text: str, file: Path, field: str) -> tuple[str, list[float]]:
    m = re.fullmatch(r"\s*(\w+)\((.*)\)\s*", text or "")
    if not m:
        raise InputError(f"cannot read the distribution {text!r}.", file=file, field=field, fix="expected e.g. Exponential(12/60/24).")
    name, inner = m.group(1), m.group(2).strip()
    if inner.startswith("[") and inner.endswith("]"):
        return name, [_arith(x, file, field) for x in inner[1:-1].split(",")]
    parts = [p for p in re.split(r",(?![^(]*\))", inner) if p.strip()]
    return name, [_arith(p, file, field) for p in parts]


def parse_gen_config(path: Path) -> dict:
    """The call-generation parameters of a JEMSS ``gen_config.xml`` (durations in seconds)."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise InputError(f"cannot read the XML ({exc}).", file=path, fix="give JEMSS's gen_config.xml.") from None
    dists = root.find("sim/callDistributions")
    if dists is None:
        raise InputError("no <sim><callDistributions>.", file=path, field="callDistributions", fix="give JEMSS's gen_config.xml.")

    def get(tag: str, expect: str) -> list[float]:
        el = dists.find(tag)
        if el is None:
            raise InputError(f"missing <{tag}>.", file=path, field=tag, fix="give JEMSS's gen_config.xml.")
        name, args = _distribution(el.text or "", path, tag)
        if name != expect:
            raise InputError(f"<{tag}> is {name}, raddsim reads {expect} here.", file=path, field=tag, fix=f"use {expect}(…).")
        return args

    (mean_gap_days,) = get("interarrivalTime", "Exponential")
    return {
        "calls_per_year": 365.25 / mean_gap_days,
        "priority_shares": get("priority", "Categorical"),
        "dispatch_delay_s": get("dispatchDelay", "Normal")[0] * DAYS,
        "on_scene_mean_s": get("onSceneDuration", "Exponential")[0] * DAYS,
        "transport_probability": get("transport", "Bernoulli")[0],
        "handover_weibull": (get("handoverDuration", "Weibull")[0], get("handoverDuration", "Weibull")[1] * DAYS),
        "density_raster": (root.findtext("sim/callDensityRaster/filename") or "").strip(),
    }


def read_table(path: Path, title: str) -> list[dict[str, str]]:
    """Rows of a JEMSS CSV table: a title line (``stations,,,``), a header line, then rows up to a blank line."""
    if not path.is_file():
        raise InputError("file not found.", file=path, fix="give the JEMSS region folder.")
    lines = read_text(path).splitlines()
    rows = list(csv.reader(lines))
    for k, row in enumerate(rows):
        if row and row[0].strip() == title:
            header = [h.strip() for h in rows[k + 1]]
            out = []
            for r in rows[k + 2:]:
                if not r or not r[0].strip():
                    break
                out.append({h: v.strip() for h, v in zip(header, r) if h})
            return out
    raise InputError(f"no '{title}' table.", file=path, fix=f"the file must contain a '{title}' title line.")


def import_jemss(src: str | Path, out: str | Path) -> Path:
    """Write a generic raddsim region for the JEMSS model in ``src`` into folder ``out``.

    Returns
    -------
    Path
        The written ``region.toml``.
    """
    from raddsim.network.csvgraph import load_csv_network, write_csv_network

    src, out = Path(src), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    cfg = parse_gen_config(src / "gen_config.xml")
    stations = read_table(src / "stations_1.csv", "stations")
    ambulances = read_table(src / "ambulances_1.csv", "ambulances")
    hospitals = read_table(src / "hospitals_1.csv", "hospitals")
    modes = {int(r["travelModeIndex"]): float(r["offRoadSpeed"]) / 24.0 for r in read_table(src / "travel_1.csv", "travelModes")}
    prio_mode = {r["priority"]: int(r["travelModeIndex"]) for r in read_table(src / "travel_1.csv", "travelSets") if r.get("travelSetIndex") == "1"}

    roads = load_csv_network(src / "roads.zip", emergency_mode=1, normal_mode=2)
    write_csv_network(roads, out / "roads")
    ratio = _mode_ratio(src / "roads.zip")

    lines = [
        "# Edmonton EMS model imported from JEMSS.jl (uoa-ems-research/JEMSS.jl, Apache-2.0) by raddsim.",
        "# See raddsim/regions/jemss.py for how JEMSS's files map to raddsim and what is simplified.",
        "[region]",
        'name = "Edmonton (JEMSS model)"',
        'network = "roads"',
        "target_minutes = 8",
        'extra_capabilities = ["ambulance"]',
        'extra_roles = ["paramedics"]',
        f'source = "JEMSS.jl data/cities/edmonton; calls {cfg["calls_per_year"]:.0f}/year"',
        'default_scenarios = ["deployment"]',
        "",
        "# JEMSS gives two travel times per arc: mode 1 (lights and sirens) and mode 2 (regular).",
        "# Emergency driving on: responses use mode 1, returns to the station use mode 2.",
        "[network.blue_light]",
        "enabled = true",
        "",
    ]
    for r in stations:
        lines += [f"[stations.s{int(float(r['index']))}]", f'name = "{r.get("name (AHS EMS ___ station)", "") or "station " + r["index"]}"',
                  f"lat = {float(r['y'])}", f"lon = {float(r['x'])}", "approximate = false", ""]
    delay_min = cfg["dispatch_delay_s"] / 60.0
    for r in ambulances:
        k, s = int(float(r["index"])), int(float(r["stationIndex"]))
        lines += [f"[crews.a{k}]", f'name = "Ambulance {k}"', f'station = "s{s}"', 'kind = "full-time"',
                  f"turnout_minutes = {delay_min:.6f}", 'capabilities = ["ambulance"]',
                  "staffing.deployment = { paramedics = 2 }", "availability = { min_to_roll = { people = 1 } }", ""]
    for k, r in enumerate(hospitals, start=1):
        lines += [f"[hospitals.h{k}]", f'name = "{r.get("Facility name", "hospital " + str(k))}"', f"lat = {float(r['y'])}",
                  f"lon = {float(r['x'])}", ""]
    lines += ["[scenarios.deployment]", 'description = "JEMSS deployment ambulances_1.csv"', 'staffing = "deployment"', "",
              "[demand]", f"alarms_per_year = {cfg['calls_per_year']:.1f}",
              "# JEMSS places calls by a population-density raster that is not shipped: calls are spread",
              "# along the road network in proportion to road length (ASSUMPTION).",
              "population = 1000000", 'types = "incidents.toml"',
              "[demand.access]", "rural_mean_m = 50",
              f"rural_speed_kmh = {modes.get(1, 45.0):.1f}", ""]
    (out / "region.toml").write_text("\n".join(lines), encoding="utf-8")

    names = ["high", "med", "low"]
    shares = cfg["priority_shares"]
    shape, scale = cfg["handover_weibull"]
    t = ["# Call priorities of the JEMSS model as incident types.",
         "[capabilities.ambulance_care]", 'name = "Ambulance care"', 'equipment = ["ambulance"]', "min_roles = { paramedics = 1 }",
         'source = "JEMSS: any ambulance serves any call"', ""]
    for name, share in zip(names, shares):
        mode = prio_mode.get(f"{name}Priority", 1)
        t += [f"[types.{name}]", f'name = "{name.capitalize()} priority call"', f"share = {share}",
              'share_source = "JEMSS gen_config.xml priority distribution"', 'location = "population"',
              'force = { crews = 1, capabilities = ["ambulance_care"] }', "incident_commander = false",
              f'on_scene = {{ distribution = "exponential", mean_minutes = {cfg["on_scene_mean_s"] / 60:.4f}, source = "JEMSS onSceneDuration" }}',
              f"travel_factor = {ratio if mode == 2 else 1.0:.6f}",
              f'transport = {{ probability = {cfg["transport_probability"]}, handover_shape = {shape}, '
              f'handover_scale_minutes = {scale / 60:.4f}, source = "JEMSS transport and handoverDuration" }}', ""]
    (out / "incidents.toml").write_text("\n".join(t), encoding="utf-8")
    return out / "region.toml"


def _mode_ratio(roads_zip: Path) -> float:
    """Mean ratio of JEMSS's regular (mode 2) to lights-and-sirens (mode 1) arc times."""
    import zipfile

    with zipfile.ZipFile(roads_zip) as z:
        text = z.read("arcs.csv").decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    for k, row in enumerate(rows):
        if row and row[0] == "index" and "mode_1" in row:
            i1, i2 = row.index("mode_1"), row.index("mode_2")
            data = np.array([[float(r[i1]), float(r[i2])] for r in rows[k + 1:] if len(r) > i2 and r[i1]])
            ok = data[:, 0] > 0
            return float(np.mean(data[ok, 1] / data[ok, 0]))
    raise InputError("no arcs table with mode_1 and mode_2.", file=roads_zip, fix="give JEMSS's roads.zip.")

"""Import a JEMSS.jl EMS model (e.g. Edmonton) as a generic raddsim region.

JEMSS (uoa-ems-research/JEMSS.jl) describes a region with CSV tables (each
preceded by a title line) and an XML call-generation config. This importer
reads them and writes raddsim's generic region files into a folder:

* ``roads/nodes.csv``, ``roads/arcs.csv`` — the road network in the generic
  nodes/arcs format (lights-and-sirens travel times, JEMSS travel mode 1);
* ``region.toml`` — stations, one crew per ambulance, hospitals, demand;
* ``incidents.toml`` — one incident type per call priority.

Nothing here is specific to one city: files are found by their JEMSS names
(``stations_1.csv`` or ``stations.csv`` …), or with ``config`` are those JEMSS.jl's ``sim_config.xml`` names
(:mod:`raddsim.region.jemss_config`; a JEMSS calls file it or ``calls`` names becomes ``calls.csv`` to replay,
:mod:`raddsim.region.jemss_calls`), columns by their meaning (a station's
name is whichever heading says "name"), and the region's name, response target
and source come from the model (``<targetResponseDuration>``, the folder's name)
or from options.

Mapping and simplifications (all written into the files as notes), checked against JEMSS.jl's own code
(commit fb92cef; ``src/simulation.jl``, ``src/decision/dispatch.jl``):

* Responses drive at the times of the high-priority response's travel mode (``travel.csv``;
  Edmonton: mode 1, lights and sirens), returns to the station at the low-priority mode's
  (Edmonton: mode 2, regular), as JEMSS does (:func:`travel_modes`).
* An ambulance is a full-time *unit* with two paramedics and the capability
  ``ambulance``. JEMSS waits its dispatch delay after each call before it chooses
  an ambulance, whichever: here that is the crew's delay of every alert
  (``request_delay_minutes``, the mean of JEMSS's ``dispatchDelay``) and no turnout
  time, which a crew sent from the road would skip. JEMSS's response time, like
  raddsim's, runs from the call to the first ambulance on scene.
* Call priorities become incident types with their shares; a priority that
  JEMSS answers in another travel mode (its own, or its ``responseTravelPriority``'s)
  gets ``travel_factor`` = the mean ratio of that mode's arc times to the high-priority
  mode's (Edmonton: mode 2 to mode 1, 1.448; every arc's ratio lies in
  1.417–1.452, so the factor is all but exact). JEMSS drives a patient to the
  nearest hospital in its low-priority mode: ``transport.travel_factor`` is that
  mode's ratio. One travel set: the one in force when the calls start.
* Distributions (any Distributions.jl expression, see
  :mod:`raddsim.region.jemss_dist`): on-scene time is kept when exponential or
  lognormal, else a lognormal with the same mean and standard deviation; the
  hospital handover is kept when Weibull, else a Weibull with the same mean and
  coefficient of variation; calls arrive as a Poisson process at JEMSS's mean
  rate (exact for JEMSS's exponential inter-arrival times).
* JEMSS places calls by a population-density raster (``<callDensityRaster>``; JEMSS.jl
  ships its cities' as zipped GeoTIFFs under ``data/cities/<city>/data/population density/``).
  Where the file is there (``$jemssDir`` the JEMSS.jl folder the model sits in; the ``.zip``
  when the ``.tif`` is not unzipped), 20,000 points are drawn from it as JEMSS draws calls
  (:mod:`raddsim.region.jemss_raster`) and every call comes from one of them (alarm objects),
  reached in a straight line from its nearest node at the off-road speed, as JEMSS. Without it
  (the project's flat Edmonton copy) raddsim spreads calls over the road network in proportion
  to road length (ASSUMPTION), none at nodes without off-road access (JEMSS never reaches a call
  from those), with a short off-road stretch; where the roads reach beyond the raster's people
  (Auckland's, 40 × 65 km, its example's raster the urban area) responses are then longer.
* JEMSS dispatches a free ambulance also on its way back to its station, and one
  freed at the scene or the hospital goes straight on to a queued call
  (``isFree``). raddsim can (``[dispatch] en_route``, the ``en_route`` option), but
  each dispatch from the road costs a shortest-path tree: on Edmonton a run is
  about 10 times slower, so it is off by default.

Where raddsim still differs from JEMSS (Edmonton, 30 × 14 days after a 1-day
warm-up, as JEMSS's ``stats_control.csv``; mean response and share within 10 min):

* Without ``en_route`` ambulances are free only at their station: responses are
  longer when calls queue; with it, mean 8.67 min [8.62, 8.73], 68.5 % within 10 min
  instead of 9.97 [9.86, 10.08], 60.2 %.
* JEMSS's targets are per priority (``priorities.csv``: 8, 8 and 12 min, not in
  a flat copy): where the model has the file each priority's type gets its own
  ``target_minutes``, which its per-type share is read against; the headline
  share stays on the region's one target (``--target``). From raddsim's per-call
  output the share within JEMSS's targets is 51.0 % (59.1 % with ``en_route``).
* JEMSS answers queued calls by priority, then time: so does raddsim, as each
  priority's type has its ``priority`` (2.7 % of Edmonton's calls queue, 0.4 %
  with ``en_route``).
* JEMSS may divert an ambulance on its way to a low-priority call to a higher one
  (the ``redispatch`` file its ``sim_config.xml`` names: Edmonton's example low to medium and high;
  without one, its default: medium and low to high). raddsim does with ``--divert`` (``[dispatch] divert_for``,
  ``divert_from``; :mod:`raddsim.engine.divert`), sending the ambulance from the next
  node of its route as JEMSS does; off by default, as each run is then several times
  slower (a bounded shortest-path search per ambulance that may be diverted).
* JEMSS's off-road stretch is the straight line from the call to its nearest node
  at the priority's off-road speed (low priority 31 km/h); raddsim's is a mean of
  50 m at mode 1's 45 km/h for every call (seconds).
* A crew waiting for a queued call gets JEMSS's dispatch delay again when freed
  (JEMSS: already spent): under a second on the mean.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any

from scipy import optimize, special

from raddsim.core.bounds import check_target_minutes
from raddsim.core.checked import checked_arguments
from raddsim.core.errors import InputError
from raddsim.core.io import new_folder, path_argument, write_bytes_atomic
from raddsim.region.jemss_calls import CALLS_FILE, Calls, apply_calls, calls_config, incident_csv, read_calls
from raddsim.region.jemss_config import read_sim_config
from raddsim.region.jemss_dist import Distribution
from raddsim.region.jemss_read import (
    PRIORITIES,
    REDISPATCH_DEFAULT,
    check_map_degrees,
    default_name,
    find_file,
    gen_config_path,
    mode_ratio,
    parse_gen_config,
    read_ambulances,
    read_mobilisation,
    read_mobilisation_file,
    read_places,
    read_priority_targets,
    read_redispatch,
    read_response_travel,
    read_travel,
    roads_folder,
)


def on_scene_table(d: Distribution) -> dict[str, Any]:
    """raddsim's ``on_scene`` table for a JEMSS on-scene duration (days)."""
    mean_d, sd_d = d.moments()
    if d.plain and d.name == "Exponential":
        return {"distribution": "exponential", "mean_minutes": round(mean_d * 1440, 6),
                "source": f"JEMSS onSceneDuration {d.text}"}
    if d.plain and d.name == "LogNormal":
        mu, sigma = d.params
        return {"distribution": "lognormal", "median_minutes": round(math.exp(mu) * 1440, 6), "sigma": sigma,
                "source": f"JEMSS onSceneDuration {d.text}"}
    # Moment matching: a lognormal with the same mean and standard deviation.
    sigma = math.sqrt(math.log1p((sd_d / mean_d) ** 2)) if mean_d > 0 else 0.0
    median = mean_d / math.exp(sigma**2 / 2)
    return {"distribution": "lognormal", "median_minutes": round(median * 1440, 6), "sigma": round(sigma, 6),
            "source": f"JEMSS onSceneDuration {d.text}, as a lognormal of the same mean and standard deviation "
                      "(approximation)"}


def weibull_of(d: Distribution) -> tuple[float, float, str]:
    """(shape, scale in minutes, note) of a Weibull for a JEMSS handover duration (days)."""
    if d.plain and d.name == "Weibull":
        shape, scale = d.params
        return float(shape), scale * 1440, f"JEMSS handoverDuration {d.text}"
    if d.plain and d.name == "Exponential":
        return 1.0, d.params[0] * 1440, f"JEMSS handoverDuration {d.text} (a Weibull of shape 1)"
    mean_d, sd_d = d.moments()
    cv = sd_d / mean_d if mean_d > 0 else 0.0

    def cv_of(k: float) -> float:
        g1, g2 = special.gamma(1 + 1 / k), special.gamma(1 + 2 / k)
        return math.sqrt(max(g2 / g1**2 - 1, 0.0))

    # A Weibull's coefficient of variation falls with its shape: solve cv_of(k) = cv on [0.2, 200].
    if cv <= cv_of(200.0):
        k = 200.0  # (almost) constant
    elif cv >= cv_of(0.2):
        k = 0.2
    else:
        k = optimize.brentq(lambda s: cv_of(s) - cv, 0.2, 200.0)
    scale = mean_d / special.gamma(1 + 1 / k)
    return (
        float(k),
        scale * 1440,
        f"JEMSS handoverDuration {d.text}, as a Weibull of the same mean and coefficient of variation",
    )


@checked_arguments()
def import_jemss(src: str | Path, out: str | Path, *, name: str | None = None, target_minutes: float | None = None,
                 source: str | None = None, calls: str | Path | None = None, en_route: bool = False,
                 divert: bool = False, redispatch: str | Path | None = None, config: str | Path | None = None) -> Path:
    """Write a generic raddsim region for the JEMSS model in ``src`` into folder ``out``.

    Parameters
    ----------
    src
        The JEMSS model folder (gen_config.xml, stations, ambulances, hospitals, travel, roads).
    out
        The folder to write (created).
    name, target_minutes, source
        The region's name, response-time target and source line; by default from the model
        (``<targetResponseDuration>``; the folder's name), else 10 min (raddsim's default target).
    calls
        The calls: a ``gen_config.xml`` (when the model has several, :func:`gen_config_path`), or a JEMSS calls CSV
        (a list of calls), converted into ``calls.csv`` in ``out`` for ``raddsim run --incidents``
        (:mod:`raddsim.region.jemss_calls`). Without it, the one the ``config`` names.
    en_route
        Dispatch ambulances on their way back to the station, as JEMSS does (``[dispatch] en_route``). Off by
        default: each run is then many times slower on a large network (a shortest-path tree per dispatch from the
        road; Edmonton: about 10 ×).
    divert
        Divert ambulances on their way to a less urgent call to a more urgent one, as JEMSS's redispatch
        (``[dispatch] divert_for``, ``divert_from``: the model's ``redispatch.csv``, else JEMSS's default). Off by
        default: each run is then many times slower on a large network (a bounded shortest-path search per
        crew that may be diverted; Edmonton: about 13 ×).
    redispatch
        The JEMSS redispatch file to follow (the one its ``sim_config.xml`` names, when the model has several, as
        JEMSS.jl's ``misc/redispatch/``); implies ``divert``.
    config
        JEMSS.jl's ``sim_config.xml``: every input file is the one it names, not one found in ``src``
        (:mod:`raddsim.region.jemss_config`); what it sets that raddsim does not follow is said in ``[region] note``
        and warned.

    Returns
    -------
    Path
        The written ``region.toml``.
    """
    import tomli_w

    from raddsim.network.csvgraph import load_csv_network, write_csv_network

    src, out = path_argument(src, "src"), path_argument(out, "out")
    for field, given in (("calls", calls), ("redispatch", redispatch), ("config", config)):
        if given is not None:  # 3 was pathlib's TypeError, naming no argument
            path_argument(given, field)
    if target_minutes is not None:  # 0 fell back to the model's target unsaid, -5 was written into region.toml
        target_minutes = check_target_minutes(target_minutes)
    if not src.is_dir():
        raise InputError("not a folder.", file=src, fix="give the JEMSS model folder (with gen_config.xml).")
    files = _model_files(src, config, calls)
    cfg, replay = _call_source(files["calls"])
    check_map_degrees(src, files["map"])
    stations = read_places(files["stations"], "stations", "station")
    ambulances = read_ambulances(files["ambulances"], {s["index"] for s in stations})
    hospitals = read_places(files["hospitals"], "hospitals", "hospital")
    modes, prio_mode, travel_note = read_travel(files["travel"], cfg["start_days"])
    travel = travel_modes(prio_mode, read_response_travel(src, files["priorities"]))
    roads = load_csv_network(files["roads"], emergency_mode=travel["base"], normal_mode=travel["normal"])
    factors = {k: mode_ratio(files["roads"], travel["base"], m) for k, m in travel.items()}
    target = target_minutes if target_minutes is not None else cfg["target_minutes"] or 10.0
    region = _region_table(src, cfg, stations, ambulances, hospitals, modes[travel["base"]], name or default_name(src),
                           target, source)
    _warn_notes(region, [travel_note, *files["notes"]])
    _mobilisation(region["crews"], *_read_mobilisation(src, files))
    divert = divert or redispatch is not None
    # With a config its rule is read also without --divert: the note then says what JEMSS does (Manhattan: off).
    rule = _read_redispatch(src, files, redispatch) if divert or files["config"] is not None else None
    region["dispatch"] = _dispatch_table(en_route, rule, divert)
    types = _types_table(cfg, factors, read_priority_targets(src, files["priorities"]))
    call_points = _raster_calls(region, types, cfg, files["calls"], roads) if replay is None else ""
    if replay is not None:
        apply_calls(region, replay, out)
    with new_folder(out) as tmp:  # written whole or not at all
        write_csv_network(roads, tmp / "roads")
        if call_points:
            write_bytes_atomic(tmp / CALL_POINTS_FILE, call_points.encode("utf-8"))
        if replay is not None:
            write_bytes_atomic(tmp / CALLS_FILE, incident_csv(replay).encode("utf-8"))
        write_bytes_atomic(tmp / "incidents.toml", tomli_w.dumps(types).encode("utf-8"))
        write_bytes_atomic(tmp / "region.toml", tomli_w.dumps(region).encode("utf-8"))
        _check_written(tmp / "region.toml", src)
    return out / "region.toml"


def _model_files(src: Path, config: str | Path | None, calls: str | Path | None) -> dict[str, Any]:
    """The model's input files: those ``config`` (a sim_config.xml) names, else found in ``src`` by their JEMSS
    names; ``calls`` (a gen_config.xml or a calls CSV) before either. Optional files absent: ``None``. ``notes``:
    what the config sets that raddsim does not follow."""
    if config is None:  # found when first asked for: a model's errors come in the order they always did
        return _Found(src, {"calls": gen_config_path(src, calls), "map": None, "priorities": None, "notes": [],
                            "config": None})
    sim = read_sim_config(config)
    named = sim.file("calls") or sim.file("callGenConfig")
    return {"calls": Path(calls) if calls is not None else named, "roads": sim.roads(), "config": sim,
            "notes": sim.notes,
            **{k: sim.file(k) for k in ("stations", "ambulances", "hospitals", "travel", "map", "priorities")}}


class _Found(dict):
    """A model's files found in its folder by their JEMSS names, each when first asked for."""

    def __init__(self, src: Path, known: dict[str, Any]) -> None:
        super().__init__(known)
        self.src = src

    def __missing__(self, key: str) -> Path:
        self[key] = roads_folder(self.src) if key == "roads" else find_file(self.src, key)
        return self[key]


def _call_source(path: Path) -> tuple[dict, Calls | None]:
    """The call statistics of a gen_config.xml, or of a JEMSS calls CSV with its calls (to replay)."""
    if path.suffix.lower() == ".csv":
        calls = read_calls(path)
        return calls_config(calls), calls
    return parse_gen_config(path), None


def _warn_notes(region: dict[str, Any], notes: list[str]) -> None:
    """Say each thing raddsim does not follow in ``[region] note`` and as a warning at the import."""
    for note in filter(None, notes):
        logging.getLogger("raddsim").warning("%s.", note)
        region["region"]["note"] += f" {note[:1].upper()}{note[1:]}."


def _read_mobilisation(src: Path, files: dict[str, Any]) -> tuple[Distribution | None, str]:
    """JEMSS's mobilisation delay: the file the config names (none named: none, as JEMSS), else one in ``src``."""
    if files["config"] is None:
        return read_mobilisation(src)
    path = files["config"].file("mobilisationDelay")
    return read_mobilisation_file(path) if path is not None else (None, "")


def _read_redispatch(src: Path, files: dict[str, Any],
                     chosen: str | Path | None) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """JEMSS's redispatch: ``chosen``, else the file the config names (none named: JEMSS's default), else found."""
    if chosen is None and files["config"] is not None:
        chosen = files["config"].file("redispatch")
        if chosen is None:
            return (*REDISPATCH_DEFAULT, "")
    return read_redispatch(src, chosen)


def _check_written(path: Path, src: Path) -> None:
    """Load the region just written, so a model value raddsim cannot use is refused now, blamed on the model.

    Without it the import says it succeeded and the first ``raddsim run`` fails against the generated
    file (a negative off-road speed in travel.csv became ``demand.access.rural_speed_kmh``).
    """
    from raddsim.region.region import load_region

    try:
        load_region(path)
    except InputError as err:
        raise InputError(f"the model does not make a valid raddsim region: {err.field or 'region'}: {err.message}",
                         file=src, fix="correct the JEMSS file that gives this value (raddsim/region/jemss.py says "
                                       "how the files map); nothing was written.") from None


def _region_table(src: Path, cfg: dict, stations: list[dict], ambulances: list[tuple[int, int]], hospitals: list[dict],
                  offroad_kmh: float, name: str, target: float, source: str | None) -> dict[str, Any]:
    where = (
        "gen_config.xml <targetResponseDuration>"
        if cfg["target_minutes"]
        else "raddsim's default (no target in the model)"
    )
    return {
        "region": {
            "name": name,
            "network": "roads",
            "target_minutes": round(target, 6),
            "extra_capabilities": ["ambulance"],
            "extra_roles": ["paramedics"],
            "source": source
            or f"JEMSS.jl model {src.resolve().name} (uoa-ems-research/JEMSS.jl); "
            f"calls {cfg['calls_per_year']:,.0f} a year",
            "default_scenarios": ["deployment"],
            "service": "ems",
            "note": "Imported from JEMSS.jl by raddsim (raddsim/region/jemss.py says how files map and what is "
            "simplified). "
            f"Target: {where}. JEMSS gives two travel times per arc: mode 1 (lights and sirens) for responses, "
            "mode 2 (regular) for returns to the station.",
        },
        "network": {"blue_light": {"enabled": True}},
        "stations": {
            f"s{s['index']}": {"name": s["name"], "lat": s["lat"], "lon": s["lon"], "approximate": False}
            for s in stations
        },
        "crews": _crews_table(cfg, ambulances),
        "hospitals": {f"h{h['index']}": {"name": h["name"], "lat": h["lat"], "lon": h["lon"]} for h in hospitals},
        "scenarios": {"deployment": {"description": "JEMSS ambulance deployment", "staffing": "deployment"}},
        "demand": {
            "alarms_per_year": round(cfg["calls_per_year"], 3),
            "population": 1_000_000,
            "types": "incidents.toml",
            "note": "JEMSS places calls by a population-density raster (gen_config.xml callDensityRaster), which "
            "raddsim does not read: calls are spread along the road network in proportion to road length "
            f"(ASSUMPTION). {_arrivals_note(cfg)}",
            "access": {"rural_mean_m": 50, "rural_speed_kmh": round(offroad_kmh, 3)},
        },
    }


def _dispatch_table(en_route: bool, redispatch: tuple[tuple[int, ...], tuple[int, ...], str] | None,
                    divert: bool = True) -> dict[str, Any]:
    """``[dispatch]``: JEMSS dispatches any free ambulance, also one driving back to its station, and one freed at
    the scene or the hospital goes straight on to a waiting call (src/types/ambulance.jl ``isFree``); an ambulance
    on its way to a less urgent call may be sent to a more urgent one (``redispatch``: the levels read from the
    model, or None when not asked for; ``divert`` false: read only to say what JEMSS does)."""
    note = ("as JEMSS: ambulances on their way back are dispatched from the road" if en_route else
            "JEMSS also dispatches ambulances on their way back (import with --en-route, or set en_route = true): "
            "here they are free once at their station, so responses are longer than JEMSS's when calls queue")
    divert_for, divert_from, file = redispatch or ((), (), "")
    table: dict[str, Any] = {"en_route": en_route}
    if redispatch is not None and not divert_for:
        note += f"; JEMSS's redispatch is off ({file})"
    elif divert_for and not divert:
        note += (f"; JEMSS diverts ambulances on their way to less urgent calls ({file or 'its default'}): import "
                 "with --divert to do so too; here none is diverted")
    elif divert_for:
        table.update(divert_for=list(divert_for), divert_from=list(divert_from))
        note += (f"; ambulances on their way to calls of priority {', '.join(map(str, divert_from))} may be "
                 f"diverted to ones of priority {', '.join(map(str, divert_for))} (JEMSS redispatch, "
                 f"{file or 'its default: src/types/types.jl Redispatch(Val{:default})'})")
    else:
        note += ("; JEMSS also diverts ambulances on their way to less urgent calls (import with --divert, or set "
                 "divert_for): here none is diverted")
    return {**table, "source": "JEMSS.jl src/types/ambulance.jl isFree, src/decision/dispatch.jl", "note": note}


def _crews_table(cfg: dict, ambulances: list[tuple[int, int]]) -> dict[str, Any]:
    """One full-time ambulance crew per JEMSS ambulance; JEMSS's dispatch delay is a delay of every dispatch.

    JEMSS waits its dispatch delay after each call before choosing the ambulance, whether that one stands at a
    station or drives back from a call: raddsim's per-alert delay (``request_delay_minutes``) is that, where a
    turnout time would be skipped by a crew sent from the road.
    """
    delay = cfg["dispatch_delay"]
    _, delay_sd = delay.moments()
    return {
        f"a{k}": {
            "name": f"Ambulance {k}",
            "station": f"s{s}",
            "kind": "full-time",
            "turnout_minutes": 0.0,
            "capabilities": ["ambulance"],
            "staffing": {"deployment": {"paramedics": 2}},
            "availability": {"min_to_roll": {"people": 1},
                             "request_delay_minutes": round(cfg["dispatch_delay_s"] / 60.0, 6)},
            "note": f"no turnout: the delay of every dispatch is the mean of JEMSS dispatchDelay {delay.text}"
            + (" (its spread is not modelled)" if delay_sd > 0 else ""),
        }
        for k, s in ambulances
    }


def _arrivals_note(cfg: dict) -> str:
    """How calls arrive: JEMSS's mean rate as a Poisson process (exact for its exponential inter-arrival times)."""
    exact = cfg["arrivals"].plain and cfg["arrivals"].name == "Exponential"
    return (f"Calls arrive as a Poisson process at the mean rate of JEMSS interarrivalTime {cfg['arrivals'].text}"
            + ("." if exact else " (an approximation)."))


#: The alarm-objects file the import writes when the model's call-density raster is found.
CALL_POINTS_FILE = "call_points.csv"


def _raster_calls(region: dict[str, Any], types: dict[str, Any], cfg: dict, gen_config: Path, roads: Any) -> str:
    """Place calls as JEMSS does, by its call-density raster, when the file is there: points drawn from it become
    alarm objects every priority's calls come from (the CSV text returned; "" without a raster, and the calls stay
    spread along the roads). JEMSS drives the straight line from the call's nearest node at the response mode's
    off-road speed: ``urban_circuity`` 1 at the region's off-road speed."""
    import csv
    import io

    from raddsim.demand.points import MAX_POINT_SNAP_M
    from raddsim.region.jemss_raster import RASTER_SEED, find_raster, raster_points, read_raster

    text = cfg["density_raster"]
    path = find_raster(text, gen_config, cfg["input_path"])
    if path is None:
        if text.strip():
            region["demand"]["note"] += f" The raster it names ({text.strip()}) was not found."
        return ""
    try:
        lon, lat = raster_points(read_raster(path))
    except ValueError as exc:
        raise InputError(f"{exc}.", file=path, field="callDensityRaster",
                         fix="give JEMSS's call-density raster (a positive value where calls come from).") from None
    keep = _near_roads(lon, lat, roads) <= MAX_POINT_SNAP_M  # beyond: raddsim refuses an alarm object
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["name", "kind", "lat", "lon", "weight", "source", "approximate"])
    for k, (y, x) in enumerate(zip(lat[keep], lon[keep]), 1):
        w.writerow([f"call point {k}", "JEMSS call density", f"{y:.7f}", f"{x:.7f}", 1, path.name, "yes"])
    offroad = region["demand"]["access"]["rural_speed_kmh"]
    region["demand"]["alarm_objects"] = CALL_POINTS_FILE
    region["demand"]["access"].update(urban_circuity=1.0, urban_speed_kmh=offroad)
    region["demand"]["note"] = (
        f"Calls are placed as JEMSS places them: {int(keep.sum()):,} points ({CALL_POINTS_FILE}) drawn from its "
        f"call-density raster {path.name} (a cell by its value, uniform within it; seed {RASTER_SEED})"
        + (f", {int((~keep).sum()):,} more than {MAX_POINT_SNAP_M / 1000:g} km from a road left out" if (~keep).any()
           else "")
        + "; each call is at one of them, reached in a straight line from its nearest road node at the off-road "
        f"speed. {_arrivals_note(cfg)}")
    for t in types["types"].values():
        t["location"] = "alarm_objects"
    return buf.getvalue()


def _near_roads(lon: Any, lat: Any, roads: Any) -> Any:
    """Metres from each point to the nearest road node with off-road access (an equirectangular plane: the points
    lie within a city)."""
    import numpy as np
    from scipy.spatial import cKDTree

    ok = np.asarray(roads.node_access, bool)
    lat0 = np.radians(np.mean(roads.lat))
    scale = np.array([111_320.0 * np.cos(lat0), 111_320.0])
    tree = cKDTree(np.column_stack([roads.lon[ok], roads.lat[ok]]) * scale)
    return tree.query(np.column_stack([lon, lat]) * scale)[0]


def _mobilisation(crews: dict[str, Any], delay: Distribution | None, file: str) -> None:
    """JEMSS's mobilisation delay, when the model uses one: every crew's turnout (JEMSS delays only an ambulance
    dispatched from its station, as raddsim's turnout, which a crew sent from the road skips), its mean."""
    if delay is None:
        return
    mean_d, sd_d = delay.moments()
    for crew in crews.values():
        crew["turnout_minutes"] = round(mean_d * 1440, 6)
        crew["note"] += (f"; turnout: the mean of JEMSS mobilisationDelay {delay.text} ({file})"
                         + (", its spread not modelled" if sd_d > 0 else ""))


def travel_modes(prio_mode: dict[str, int], response: dict[str, str]) -> dict[str, int]:
    """The JEMSS travel modes raddsim drives in: each priority's response (``high``, ``med``, ``low``: the mode of its
    ``responseTravelPriority``), ``base`` (the high-priority response: the network's emergency times, which the
    others' ``travel_factor`` scales) and ``normal`` (the low-priority mode, in which JEMSS drives to the hospital and
    back to the station: src/simulation.jl). Modes 1 and 2 were assumed whatever travel.csv said (a third mode, or
    mode 2 the faster, was misread unsaid)."""
    out = {p: prio_mode[response[p]] for p in PRIORITIES}
    return {**out, "base": out["high"], "normal": prio_mode["low"]}


def _types_table(cfg: dict, factors: dict[str, float],
                 targets: tuple[dict[str, float], str] = ({}, "")) -> dict[str, Any]:
    """One incident type per JEMSS call priority; ``factors``: each priority's mean arc-time ratio to the network's
    emergency times (:func:`travel_modes`' keys), ``normal`` the drive to the hospital's."""
    shape, scale_min, handover_note = weibull_of(cfg["handover"])
    types = {}
    # JEMSS drives a patient to the hospital in its low-priority travel mode (src/simulation.jl, ambGoesToHospital).
    to_hospital = round(factors["normal"], 6)
    for name, share in zip(PRIORITIES, cfg["priority_shares"]):
        types[name] = {
            "name": f"{name.capitalize()} priority call", "share": share,
            "priority": PRIORITIES.index(name) + 1,  # JEMSS queues calls by priority, then time
            "share_source": "JEMSS gen_config.xml priority distribution", "location": "population",
            "force": {"crews": 1, "capabilities": ["ambulance_care"]}, "incident_commander": False,
            "on_scene": on_scene_table(cfg["on_scene"]),
            "travel_factor": round(factors[name], 6),
            "transport": {"probability": cfg["transport_probability"], "handover_shape": round(shape, 6),
                          "handover_scale_minutes": round(scale_min, 6), "travel_factor": to_hospital,
                          "source": handover_note},
        }
        if name in targets[0]:  # the priority's own target (priorities.csv)
            types[name].update(target_minutes=round(targets[0][name], 6),
                               target_source=f"JEMSS {targets[1]} targetResponseDuration")
    return {
        "capabilities": {"ambulance_care": {"name": "Ambulance care", "equipment": ["ambulance"],
                                            "min_roles": {"paramedics": 1},
                                            "source": "JEMSS: any ambulance serves any call"}},
        "types": types,
    }

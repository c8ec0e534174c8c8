"""Incident types and the capabilities their force needs (``stations/incidents.toml``)."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Iterable, Mapping

from raddsim.core.bounds import MAX_TARGET_MINUTES
from raddsim.network.road_classes import check_road_classes
from raddsim.region.config import Table, did_you_mean, read_toml, wrong_kind
from raddsim.region.consistency import check_look_alike_ids
from raddsim.region.plausible import check_slip, handover_slip, on_scene_slip, target_slip
from raddsim.region.stations import CAPABILITIES, ROLES

LOCATIONS = ("population", "roads", "alarm_objects")
#: The largest log-sd of a lognormal on-scene time, as for a crew's turnout_sigma. At 2 the mean is e^2 ≈ 7.4 × the
#: median and one job in a hundred takes 100 × the median; beyond it a typo (25 for 0.25) prints absurd times.
MAX_ON_SCENE_SIGMA = 2
#: Longest on-scene (and hospital handover) time, minutes: a week. Beyond it a crew is relieved, and a value such
#: as 1e300 (a typo, or seconds for minutes twice over) made the tables print numbers with 300 digits.
MAX_ON_SCENE_MINUTES = 7 * 24 * 60
#: Largest Weibull shape of a hospital handover. ASSUMPTION 1000: at shape 200 (the JEMSS import's most,
#: :func:`raddsim.region.jemss.weibull_of`) the time already varies by under 1 %, a fixed time; larger is a typo.
MAX_HANDOVER_SHAPE = 1000
#: Lowest queue priority an incident type may have (1 is the most urgent): a handful of levels is what dispatch
#: centres use (JEMSS 3, the Swedish prio 1–4); more is a typo.
MAX_PRIORITY = 99
#: Longest extra turnout of an incident type, minutes. Gear for a type (structural PPE, a chemical suit) takes
#: seconds to minutes; 20 written for 20 s would add 20 minutes to every response of the type.
MAX_TURNOUT_EXTRA_MINUTES = 30
#: Largest travel factor (× the driving time) of a type's responses or its patient transports. Driving without lights
#: and sirens takes about 1.45 × the emergency time (docs/formats.md); fifty times is no way of driving (ASSUMPTION;
#: 145 for 1.45 is refused), and 1e300 (a typo) was accepted: every such response arrived after the end of time.
MAX_TRAVEL_FACTOR = 50


@dataclass(frozen=True)
class CapabilityRule:
    """A capability of the crews on scene together.

    Present when at least one crew on scene carries one of ``equipment``
    (empty: no equipment needed) and the people on scene reach ``min_roles``.
    """

    id: str
    name: str
    equipment: frozenset[str]
    min_roles: Mapping[str, int]
    source: str = ""
    name_sv: str = ""  # the Swedish name (board outputs with --lang sv); empty: ``name``


@dataclass(frozen=True)
class Force:
    """What an incident needs on scene: the 'effective force'."""

    crews: int = 1
    capabilities: tuple[str, ...] = ()
    min_roles: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    min_people: int = 0


@dataclass(frozen=True)
class IncidentType:
    """One kind of alarm with its share, force, on-scene time and where it happens.

    ``on_scene_distribution`` is ``lognormal`` (median, sigma) or ``exponential``
    (mean). ``travel_factor`` scales driving time to the scene (e.g. an ambulance
    call answered without lights and sirens). With ``transport_probability`` the
    crew takes the patient to the nearest hospital (region ``[hospitals]``) and
    hands over (Weibull shape/scale) before driving back from there;
    ``transport_travel_factor`` scales that drive (e.g. JEMSS drives patients
    without lights and sirens). ``turnout_extra_min`` is added to the turnout of
    every crew that leaves its station for the type (e.g. NFPA 1710: 80 s for fire
    against 60 s for EMS, the time to put on structural gear). ``target_min``: the
    type's own alarm-to-first-crew target (an EMS priority's, e.g. 8 min for the
    most urgent calls), which its per-type share is read against; None: the region's.
    ``priority`` (1 most urgent): the order in which waiting incidents get crews
    that become free (JEMSS's queue by priority); None: after every type with one.
    """

    id: str
    name: str
    name_sv: str
    share: float
    location: str
    force: Force
    incident_commander: bool
    on_scene_median_min: float
    on_scene_sigma: float
    share_source: str = ""
    on_scene_source: str = ""
    on_scene_distribution: str = "lognormal"
    on_scene_mean_min: float = 0.0
    travel_factor: float = 1.0
    transport_probability: float = 0.0
    handover_shape: float = 1.0
    handover_scale_min: float = 0.0
    transport_travel_factor: float = 1.0
    turnout_extra_min: float = 0.0
    turnout_source: str = ""
    target_min: float | None = None
    target_source: str = ""
    priority: int | None = None


@dataclass(frozen=True)
class IncidentCatalog:
    """All incident types of a region, the capability rules and traffic weights by road class."""

    types: tuple[IncidentType, ...]
    capabilities: Mapping[str, CapabilityRule]
    road_weights: Mapping[str, float]
    file: str = ""

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.types]

    def index(self, type_id: str) -> int:
        return self.ids.index(type_id)


def _roles(t: Table, key: str, roles: frozenset[str]) -> Mapping[str, int]:
    r = t.table(key, {})
    r.check_keys(sorted(roles))
    return MappingProxyType({k: r.number(k, integer=True, min=0) for k in r.keys()})


def _no_ranges(node: dict, t: Table) -> None:
    """A ``{ value, range }`` in the incidents file would be read at its value and never drawn: refuse it."""
    for k, v in node.items():
        if isinstance(v, dict) and "range" in v and "value" in v:
            raise t.error(k, "a range here is not drawn by compare --uncertain or calibrate (they draw the region "
                             "file's ranges).", fix="write a plain number here; range the group factor instead, e.g. "
                                                    "[demand] on_scene_scale = { value = 1.0, range = [0.6, 1.6] }.")
        if isinstance(v, dict):
            _no_ranges(v, Table(v, t.file, t.field(k)))


def load_catalog(path: str | Path, *, equipment: frozenset[str] = CAPABILITIES,
                 roles: frozenset[str] = ROLES) -> IncidentCatalog:
    """Read and validate an incidents file (once per file version: every scenario of a region names it).

    Raises
    ------
    InputError
        Unknown keys, equipment or capabilities, shares that do not sum to 1,
        non-positive on-scene times …
    """
    path = Path(path)
    try:
        st = path.stat()
        version: tuple = (st.st_mtime_ns, st.st_size)
    except OSError:  # read_catalog says what is wrong with the path
        return _read_catalog(path, equipment, roles)
    return _cached_catalog(path, path.resolve(), version, equipment, roles)


@functools.lru_cache(maxsize=16)
def _cached_catalog(path: Path, resolved: Path, version: tuple, equipment: frozenset[str],
                    roles: frozenset[str]) -> IncidentCatalog:
    # The catalog is frozen, so scenarios share one; an edited file (new mtime or size) is read again.
    # ``path`` as given (in error messages), ``resolved`` and ``version`` tell files apart.
    return _read_catalog(path, equipment, roles)


def _read_catalog(path: Path, equipment: frozenset[str], roles: frozenset[str]) -> IncidentCatalog:
    data = read_toml(path)
    wrong = wrong_kind(data, path, "types", "incident types")  # [demand] types = "norrtalje.toml" (the region file)
    if wrong is not None:
        raise wrong
    root = Table(data, path)
    root.check_keys(["capabilities", "types", "road_weights"])
    _no_ranges(root.data, root)
    rules = _capability_rules(root.table("capabilities", {}), equipment, roles)
    types_t = root.table("types")
    if not types_t.keys():
        raise types_t.error(None, "no incident types defined.", fix="add at least one [types.<id>] table.")
    # Two ids that read alike (Building_fire beside building_fire) gave two per-type rows no reader tells apart.
    check_look_alike_ids(types_t, "incident types")
    types = [_incident_type(tid, types_t.table(tid), rules, roles) for tid in types_t.keys()]
    total = sum(t.share for t in types)
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        raise types_t.error(None, f"the shares of the incident types sum to {total:.4f}, not 1.",
                            fix="adjust the 'share' values so they add up to 1.")
    rw = root.table("road_weights", {})
    names = [k for k in rw.keys() if k not in ("source", "note")]
    check_road_classes(rw, [k for k in names if k != "other"])  # "other": every class not named
    weights = {k: rw.number(k, min=0) for k in names}
    return IncidentCatalog(tuple(types), MappingProxyType(rules), MappingProxyType(weights), str(path))


def _all_known(t: Table, field: str, values: list[str], known: Iterable[str], what: str,
               fix: Callable[[str], str]) -> None:
    """Refuse the first of ``values`` that is not ``known`` (naming it, with a did-you-mean hint)."""
    known = list(known)
    for v in values:
        if v not in known:
            raise t.error(field, f"unknown {what} '{v}'.{did_you_mean(v, known)}", fix=fix(v))


def _capability_rules(caps_t: Table, equipment: frozenset[str], roles: frozenset[str]) -> dict[str, CapabilityRule]:
    """The ``[capabilities.<id>]`` tables: what equipment and roles each capability needs."""
    rules = {}
    for cid in caps_t.keys():
        c = caps_t.table(cid)
        c.check_keys(["name", "name_sv", "equipment", "min_roles", "source"])
        eq = c.str_list("equipment", [])
        _all_known(c, "equipment", eq, equipment, "equipment",
                   lambda e: f"use crew capabilities: {', '.join(sorted(equipment))}.")
        rules[cid] = CapabilityRule(cid, c.str("name", cid), frozenset(eq), _roles(c, "min_roles", roles),
                                    c.str("source", ""), c.str("name_sv", ""))
    return rules


def _incident_type(tid: str, t: Table, rules: dict[str, CapabilityRule], roles: frozenset[str]) -> IncidentType:
    """One ``[types.<id>]`` table."""
    t.check_keys(["name", "name_sv", "share", "share_source", "location", "force", "incident_commander", "on_scene",
                  "travel_factor", "transport", "turnout", "target_minutes", "target_source", "priority", "note"])
    f = t.table("force")
    f.check_keys(["crews", "capabilities", "min_roles", "min_people"])
    caps = f.str_list("capabilities", [])
    _all_known(f, "capabilities", caps, rules, "capability",
               lambda cap: f"define [capabilities.{cap}] or use one of: {', '.join(rules)}.")
    o = t.table("on_scene")
    o.check_keys(["distribution", "median_minutes", "sigma", "mean_minutes", "source"])
    dist = o.str("distribution", "lognormal", choices=["lognormal", "exponential"])
    _check_distribution_keys(o, dist)
    tr = t.table("transport", {})
    tr.check_keys(["probability", "handover_shape", "handover_scale_minutes", "travel_factor", "source"])
    tu = t.table("turnout", {})
    tu.check_keys(["extra_minutes", "source"])
    # Fields are read in argument order, which decides which of several mistakes is reported: keep it.
    ty = IncidentType(
        id=tid,
        name=t.str("name", tid),
        name_sv=t.str("name_sv", t.str("name", tid)),
        share=t.number("share", min=0, max=1),
        location=t.str("location", "population", choices=LOCATIONS),
        force=Force(
            crews=f.number("crews", 1, integer=True, min=1),
            capabilities=tuple(caps),
            min_roles=_roles(f, "min_roles", roles),
            min_people=f.number("min_people", 0, integer=True, min=0),
        ),
        incident_commander=t.bool("incident_commander", False),
        on_scene_median_min=o.number("median_minutes", min=0, min_exclusive=True, max=MAX_ON_SCENE_MINUTES)
        if dist == "lognormal" else 0.0,
        on_scene_sigma=o.number("sigma", min=0, max=MAX_ON_SCENE_SIGMA) if dist == "lognormal" else 0.0,
        share_source=t.str("share_source", "", empty=True),
        on_scene_source=o.str("source", ""),
        on_scene_distribution=dist,
        on_scene_mean_min=o.number("mean_minutes", min=0, min_exclusive=True, max=MAX_ON_SCENE_MINUTES)
        if dist == "exponential" else 0.0,
        travel_factor=t.number("travel_factor", 1.0, min=0, min_exclusive=True, max=MAX_TRAVEL_FACTOR),
        transport_probability=tr.number("probability", 0.0, min=0, max=1),
        handover_shape=tr.number("handover_shape", 1.0, min=0, min_exclusive=True, max=MAX_HANDOVER_SHAPE),
        handover_scale_min=tr.number("handover_scale_minutes", 0.0, min=0, max=MAX_ON_SCENE_MINUTES),
        transport_travel_factor=tr.number("travel_factor", 1.0, min=0, min_exclusive=True, max=MAX_TRAVEL_FACTOR),
        turnout_extra_min=_turnout_extra(tu, required="turnout" in t),
        turnout_source=tu.str("source", ""),
        target_min=t.number("target_minutes", None, min=0, min_exclusive=True, max=MAX_TARGET_MINUTES),
        target_source=t.str("target_source", "", empty=True),
        priority=t.number("priority", None, integer=True, min=1, max=MAX_PRIORITY),
    )
    _check_implausible(t, tr, ty)
    return ty


def _check_implausible(t: Table, tr: Table, ty: IncidentType) -> None:
    """Refuse a handover whose mean is beyond :data:`MAX_ON_SCENE_MINUTES`; warn of a handover or on-scene time over
    a day and of a type's target beyond the region's warning threshold (seconds?)."""
    # The handover is a Weibull (raddsim.demand.transport): its mean was taken as shape × scale, a gamma's, which
    # refused JEMSS's near-constant handovers (shape 200 × 60 min) and let shape 0.05 (a mean of 10^19 min) pass.
    mean = handover_mean_minutes(ty.handover_shape, ty.handover_scale_min)
    if mean > MAX_ON_SCENE_MINUTES:
        raise tr.error("handover_scale_minutes", f"a handover of Weibull shape {ty.handover_shape:g} and scale "
                                                 f"{ty.handover_scale_min:g} min lasts {mean:.4g} min on average: "
                                                 "over a week.",
                       fix="give the Weibull's shape and its scale in minutes: the mean is scale × Γ(1 + 1/shape) "
                           "(34.3 × Γ(1.4) ≈ 31 min for shape 2.5).")
    check_slip(tr, "handover_scale_minutes", ty.handover_scale_min,
               lambda scale: handover_slip(handover_mean_minutes(ty.handover_shape, scale), scale))  # seconds?
    lognormal = ty.on_scene_distribution == "lognormal"
    check_slip(t.table("on_scene"), "median_minutes" if lognormal else "mean_minutes",
               ty.on_scene_median_min if lognormal else ty.on_scene_mean_min, on_scene_slip)  # seconds?
    if ty.target_min is not None:
        check_slip(t, "target_minutes", ty.target_min, target_slip)  # seconds?


def handover_mean_minutes(shape: float, scale_minutes: float) -> float:
    """The mean of a Weibull hospital handover, minutes: ``scale × Γ(1 + 1/shape)`` (inf when beyond a float).

    Parameters
    ----------
    shape : float
        The Weibull's shape (above 0).
    scale_minutes : float
        Its scale, minutes (0: no handover).

    Returns
    -------
    float
        The mean, minutes.
    """
    if scale_minutes <= 0:
        return 0.0
    log_mean = math.log(scale_minutes) + math.lgamma(1.0 + 1.0 / shape)  # Γ overflows already at shape 1/171
    return math.exp(log_mean) if log_mean < 700 else math.inf


def _turnout_extra(tu: Table, required: bool = False) -> float:
    """``turnout.extra_minutes``: at least 0, refused beyond :data:`MAX_TURNOUT_EXTRA_MINUTES` (seconds?); required
    in a ``turnout`` table that is written (``turnout = { source = "…" }`` was 0 extra minutes, without a word)."""
    extra = tu.number("extra_minutes", min=0) if required else tu.number("extra_minutes", 0.0, min=0)
    if extra > MAX_TURNOUT_EXTRA_MINUTES:
        raise tu.error("extra_minutes", f"{extra:g} minutes of extra turnout is more than "
                                        f"{MAX_TURNOUT_EXTRA_MINUTES} minutes; is it in seconds?",
                       fix=f"write minutes: {extra:g} s = {extra / 60:.4g} min.")
    return extra


def _check_distribution_keys(o: Table, dist: str) -> None:
    """Refuse an on-scene key of the other distribution: it would be ignored without a word (audit7).

    ``mean_minutes`` beside a lognormal's median (or a median beside an exponential's mean) is a half-finished
    edit; which one the writer meant cannot be known, and no study wants a number that changes nothing.
    """
    other = ["mean_minutes"] if dist == "lognormal" else ["median_minutes", "sigma"]
    for key in other:
        if key in o:
            need = "median_minutes and sigma" if dist == "lognormal" else "mean_minutes"
            raise o.error(key, f"belongs to the other distribution: this one is {dist!r}, which takes {need}.",
                          fix=f"remove {key}, or write distribution = "
                              f"\"{'exponential' if dist == 'lognormal' else 'lognormal'}\" to use it.")


def single_type_catalog(median_minutes: float = 45.0, sigma: float = 0.75) -> IncidentCatalog:
    """One generic type needing one crew: the walking-skeleton demand, and the fallback."""
    rule = CapabilityRule("first_actions", "First actions", frozenset(), MappingProxyType({}))
    t = IncidentType("alarm", "Alarm", "Larm", 1.0, "population", Force(1, ("first_actions",)), False, median_minutes,
                     sigma,
                     "single type", "ASSUMPTION")
    return IncidentCatalog((t,), MappingProxyType({"first_actions": rule}), MappingProxyType({}), "")

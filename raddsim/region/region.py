"""A region: stations, crews, scenarios, demand and the road network to use.

One TOML file describes a region (``stations/norrtalje.toml`` is the default).
Loading validates the file and every scenario in it and returns a frozen
:class:`Region` whose :class:`Setup` objects are what a run consumes.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field, replace
from pathlib import Path
from statistics import median
from types import MappingProxyType
from typing import Any, Callable, Mapping, Sequence, TypeVar

from raddsim.core.bounds import MAX_TARGET_MINUTES, python_value
from raddsim.core.checked import checked_arguments
from raddsim.core.errors import InputError
from raddsim.core.io import path_argument
from raddsim.demand import DemandSpec, parse_demand
from raddsim.demand.spec import demand_with_islands
from raddsim.network.options import NetworkOptions, parse_network_options
from raddsim.region import consistency, settings
from raddsim.region.config import Table, did_you_mean, read_toml, wrong_kind
from raddsim.region.crew_availability import CALENDAR_KEYS, StaffingCalendar, parse_calendar
from raddsim.region.forces import check_forces
from raddsim.region.indicator import IndicatorSpec, parse_indicator
from raddsim.region.plausible import check_slip, collected_slips, pass_on, reported_slip, warn_slip
from raddsim.region.policy import PolicySpec, parse_policy, warn_unread_tables
from raddsim.region.posterior import Posterior, check_posterior_names, check_posterior_scenario, load_posterior
from raddsim.region.scenario_table import ScenarioTable
from raddsim.region.scenarios import ScenarioChain, resolve_all
from raddsim.region.settings import DEFAULT_TIMEZONE
from raddsim.region.stations import (
    CAPABILITIES,
    CREW_KINDS,
    MUTUAL_AID,
    ROLES,
    Crew,
    Staffing,
    Station,
    kind_defaults,
    parse_crew,
    parse_station,
)
from raddsim.region.zones import TargetZones
from raddsim.sea.spec import SeaSpec, check_boat_crews, parse_sea

PACKAGE_DIR = Path(__file__).resolve().parent.parent
_T = TypeVar("_T")
REGION_KEYS = ("name", "network", "target_minutes", "target_source", "travel_target_minutes", "travel_target_source",
               "effective_target_minutes", "effective_target_source",
               "reported_minutes", "source", "note",
               "extra_capabilities", "extra_roles",
               "default_scenarios", "timezone", "land", "territory",
               "outline_source", "service", "coverage_force", "target_zones", "target_zones_source")
#: What the region's stations are, for map legends: a rescue service's fire stations or an EMS's
#: ambulance stations (``[region] service``).
SERVICES = ("rescue", "ems")
# The form of [region] reported_minutes in a fix: no region's own numbers, which a user would paste as theirs.
REPORTED_FORM = 'reported_minutes = { "<year>" = <the reported value in minutes>, ... } to [region].'


def data_dir(kind: str) -> Path:
    """The directory of the embedded ``stations`` or ``networks`` data.

    An installed wheel carries them under ``raddsim/_data``; a source checkout
    (editable install, tests) has them at the repository root.
    """
    for candidate in (PACKAGE_DIR / "_data" / kind, PACKAGE_DIR.parent / kind):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"raddsim's embedded {kind}/ data is missing; reinstall raddsim.")


def default_region_path() -> Path:
    """The embedded default region file (Norrtälje)."""
    return data_dir("stations") / "norrtalje.toml"


@dataclass(frozen=True)
class Setup:
    """One scenario fully resolved: the stations, crews, staffing and demand a run uses.

    Attributes
    ----------
    name, description
        The scenario's name and description.
    description_sv
        The description in Swedish (empty: none given; :meth:`describe` falls back to English).
    staffing_level
        The scenario-wide staffing level (crews may pin their own).
    stations, crews
        After the scenario's overrides; crews with ``in_service = false`` are kept
        so results can name them.
    staffing
        Crew id → the staffing in effect for this scenario.
    demand
        The demand specification after overrides.
    chain
        The inheritance chain, base first.
    network
        Network options after overrides (``[network]``: blue light, ferries …).
    policy
        Dispatch and move-up policies after overrides (``[dispatch]``, ``[policies]``).
    posterior
        Accepted parameter sets of a calibration the scenario runs over, one per replication
        (:mod:`raddsim.region.posterior`); None: the values as written.
    """

    name: str
    description: str
    staffing_level: str | None
    stations: Mapping[str, Station]
    crews: tuple[Crew, ...]
    staffing: Mapping[str, Staffing]
    demand: DemandSpec
    chain: tuple[str, ...] = ()
    network: NetworkOptions = field(default_factory=NetworkOptions)
    policy: PolicySpec = field(default_factory=PolicySpec)
    description_sv: str = ""
    posterior: Posterior | None = None
    #: For a scenario made by :meth:`Region.derive`: its base and overrides (None: a scenario of the file).
    derived: tuple[str, Mapping[str, Any]] | None = field(default=None, compare=False)
    #: The archipelago layer (islands without road access, boats; ``[archipelago]``), None without one.
    sea: SeaSpec | None = None

    def describe(self, lang: str = "en") -> str:
        """The description in ``lang``: Swedish when given; else, for the description ``raddsim region new`` wrote,
        the catalogue's Swedish (it stayed English in Swedish reports); else as written."""
        if lang != "sv":
            return self.description
        from raddsim.region.starter_text import generated_description

        return self.description_sv or generated_description(self.description, lang) or self.description

    def __repr__(self) -> str:
        # The generated repr printed every station, crew and demand table (≈ 50,000 characters) in a notebook.
        in_service = sum(c.in_service for c in self.crews)
        return (f"Setup({self.name!r}: {len(self.stations)} stations, {in_service} of {len(self.crews)} crews in "
                f"service, {self.demand.rate_per_year:,.0f} alarms/year)")


@dataclass(frozen=True)
class Region:
    """A validated region file: base stations (for station areas) and its scenarios."""

    name: str
    file: Path
    network_path: Path
    target_minutes: float
    stations: Mapping[str, Station]
    scenarios: Mapping[str, Setup]
    reported_minutes: Mapping[str, float]
    source: str = ""
    default_scenarios: tuple[str, ...] = ()
    hospitals: tuple[tuple[str, float, float], ...] = ()
    raw: Mapping[str, Any] = field(default_factory=dict)
    network_options: NetworkOptions = field(default_factory=NetworkOptions)
    timezone: str = DEFAULT_TIMEZONE
    indicator: IndicatorSpec = field(default_factory=IndicatorSpec)
    #: Outline files for the maps (``[region] land``, ``territory``): the municipality's land and its
    #: whole territory including the sea (:mod:`raddsim.coverage.outline`); None when not given.
    land_path: Path | None = None
    territory_path: Path | None = None
    outline_source: str = ""
    #: The file each scenario from ``--scenarios-file`` came from (an error in it names that file).
    scenario_files: Mapping[str, Path] = field(default_factory=lambda: MappingProxyType({}))
    #: "rescue" (fire stations and crews, the default) or "ems" (ambulance stations and units).
    service: str = "rescue"
    #: Where the target comes from (``[region] target_source``); "" when the file names none.
    target_source: str = ""
    #: The force the coverage figures measure (``[region] coverage_force``: a capability or an incident type); None:
    #: the smoke-diving capability where a catalog has it (:func:`raddsim.engine.force.coverage_force_in`).
    coverage_force: str | None = None
    #: The first crew's own travel target (``[region] travel_target_minutes``, leaving → on scene); None: none set.
    travel_target_minutes: float | None = None
    #: Where the travel target comes from (``[region] travel_target_source``); "" when the file names none.
    travel_target_source: str = ""
    #: The effective force's own target (``[region] effective_target_minutes``, alarm → the incident type's whole
    #: force on scene); None: the force is read against ``target_minutes``. Read it through :meth:`effective_target`.
    effective_target_minutes: float | None = None
    #: Where the effective force's target comes from (``[region] effective_target_source``); "" when none is named.
    effective_target_source: str = ""
    #: Zones with targets of their own (``[region] target_zones``: a Norwegian tettsted's 20 min, a Finnish risk
    #: class's square); None: one target for the whole region. Alarms outside every zone: ``target_minutes``.
    target_zones: TargetZones | None = None
    #: The region file's own ``target_minutes`` when ``--target`` (``load_region(target_minutes=...)``) replaced it,
    #: so a report names where its target came from; None: the target is the file's.
    file_target_minutes: float | None = None

    def __repr__(self) -> str:
        # The generated repr printed the whole file and every scenario (≈ 1 million characters) in a notebook.
        return (f"Region({self.name!r} from {str(self.file)!r}: {len(self.stations)} stations, scenarios "
                f"{', '.join(self.scenarios)}; target {self.target_minutes:g} min)")

    def effective_target(self) -> float:
        """The minutes the effective force's share is read against: ``[region] effective_target_minutes`` when the
        file sets it, else ``target_minutes`` (a region without the key reads as it always did).

        Returns
        -------
        float
            The effective force's target in minutes.
        """
        return self.target_minutes if self.effective_target_minutes is None else self.effective_target_minutes

    def replay_timezone(self) -> str:
        """The time zone real alarms (``--incidents``) are read in: ``[region] timezone``.

        Without one raddsim assumes Europe/Stockholm, right for a Swedish region; for stations outside
        Sweden (Edmonton, Helsinki) that would shift every time with a UTC offset by hours and refuse or
        accept the wrong night of the summer-time change, so the region must name its zone. So must one with
        stations near the Finnish border (Tornio, Kolari), which Sweden's outline cannot tell from Haparanda.

        Returns
        -------
        str
            An IANA time zone name.

        Raises
        ------
        InputError
            The region file names no time zone and its stations lie outside Sweden or near the Finnish border.
        """
        import numpy as np

        from raddsim.network.positions import SWEREF, metric_crs
        from raddsim.region.local_time import BORDER_KM, near_finland

        if "timezone" in (self.raw.get("region") or {}):
            return self.timezone
        lon = np.array([s.lon for s in self.stations.values()])
        lat = np.array([s.lat for s in self.stations.values()])
        if near_finland(lon, lat):  # Sweden's outline cannot tell Haparanda from Tornio: an hour apart
            raise InputError(f"the region names no time zone and its stations lie within {BORDER_KM:g} km of the "
                             f"Finnish border: the alarms' times would be read as {self.timezone} time, an hour off "
                             "on the Finnish side.", file=self.file, field="region.timezone",
                             fix='add the region\'s IANA time zone to [region]: timezone = "Europe/Stockholm" on the '
                                 'Swedish side, "Europe/Helsinki" on the Finnish side.')
        if metric_crs(lon, lat) == SWEREF:
            return self.timezone
        raise InputError(f"the region names no time zone and its stations lie outside Sweden: the alarms' times "
                         f"would be read as {self.timezone} time.", file=self.file, field="region.timezone",
                         fix='add the region\'s IANA time zone to [region], e.g. timezone = "America/Edmonton" '
                             'or "Europe/Helsinki".')

    def derive(self, name: str, base: str, overrides: Mapping[str, Any], description: str = "") -> Setup:
        """A new scenario: ``base`` with ``overrides`` applied, validated like the file's own.

        Parameters
        ----------
        name
            Name of the new scenario.
        base
            An existing scenario to inherit from.
        overrides
            Either nested tables shaped like a scenario table
            (``{"crews": {"blido": {"turnout_minutes": 6}}}``) or dotted keys
            (``{"crews.blido.turnout_minutes": 6, "staffing": "ambition"}``); numpy numbers are taken as
            Python's.

        Raises
        ------
        InputError
            For overrides that are not a mapping, unknown keys or impossible values, naming the override
            (``overrides['crews.blido.turnout_minutes']``); a value that reads like another unit's
            (:mod:`raddsim.region.plausible`) is warned of, once, naming the override the same way.
        """
        overrides = _override_values(overrides)
        self._check_base(name, base)
        _refuse_wildcard(overrides, base)
        table: dict[str, Any] = {"base": base}
        if description:
            table["description"] = description
        for key, value in overrides.items():
            node = table
            parts = key.split(".")
            for part in parts[:-1]:
                node = node.setdefault(part, {})
                if not isinstance(node, dict):
                    raise InputError(f"override '{key}' goes inside a value that is not a table.", field=key,
                                     fix="check the dotted path.")
            node[parts[-1]] = value
        raw = dict(self.raw)
        raw["scenarios"] = {**raw["scenarios"], name: table}
        root = Table(raw, self.file)
        builder = _builder_for(root)
        from raddsim.region.scenarios import blame_scenario, merge_chain

        chain = merge_chain(root, name)
        try:
            with collected_slips() as slips:  # an override's unit slip is warned naming it, as its refusals are
                setup = builder(chain)
        except InputError as err:
            raise _blame_override(blame_scenario(err, root, chain), name, overrides) from None
        for slip in slips:  # (was named as the region file's field, which holds another value, and said once)
            warn_slip(_blame_override(blame_scenario(slip, root, chain), name, overrides))
        return replace(setup, derived=(base, MappingProxyType(dict(overrides))))


    def _check_base(self, name: str, base: str) -> None:
        """Refuse a ``base`` that names no scenario, or the new one itself, by the argument: was "scenarios.x.base:
        unknown scenario …, use one of: …, x" (the new name offered) and "inheritance loops: x → x", blamed on the
        region file."""
        known = list(self.raw.get("scenarios", {}))
        if not isinstance(base, str) or base not in known:
            raise InputError(f"unknown scenario {base!r}.{did_you_mean(str(base), known)}", field="base",
                             fix=f"derive from one of the region's scenarios: {', '.join(known)}.")
        if base == name:
            raise InputError(f"name and base are both '{name}': a derived scenario needs a name of its own.",
                             field="name", fix=f"give it another name, e.g. derive('{name}-variant', '{base}', …).")


def _network_path(meta: Table) -> Path:
    """``region.network``: an existing network file, or a folder of nodes/arcs CSV, checked by its form here so
    that a folder of OSM files or a file of another kind is blamed on the key that named it."""
    from raddsim.network.source import check_network_source

    path = meta.existing_path("network")
    try:
        check_network_source(path, str(meta.get("network")))
    except InputError as err:
        raise meta.error("network", f"names '{meta.get('network')}' ({path}), which {err.message}", fix=err.fix) \
            from None
    return path


def _refuse_wildcard(overrides: Mapping[str, Any], base: str) -> None:
    """Refuse a ``*`` in an override key: ``crews.*.<key>`` is a sweep spec's shorthand (the scheduled part-time
    crews), which ``derive`` does not expand. Was: "the id '*' holds '*' … use letters, digits", blaming the region
    file and suggesting to rename an id."""
    for key in overrides:
        if "*" not in key:
            continue
        leaf = key.split("*", 1)[1].lstrip(".") or "turnout_minutes"
        scale = (" (or every crew of a kind at once: {'availability.full-time.turnout_scale': 1.5})"
                 if leaf.startswith("turnout") else "")
        raise InputError("derive takes each crew by its id; 'crews.*' is a sweep spec's shorthand for the "
                         "scheduled part-time crews, which derive does not expand.", field=f"overrides[{key!r}]",
                         fix=f"name the crews, e.g. {{f'crews.{{c.id}}.{leaf}': value for c in "
                             f"region.scenarios[{base!r}].crews}}{scale}.")


def _override_values(overrides: Any) -> dict[str, Any]:
    """``Region.derive``'s overrides checked as a mapping of texts, with numpy scalars made Python's (a loop over
    ``np.arange`` was refused as "expected a number", ``None`` or a list of pairs raised AttributeError)."""
    if not isinstance(overrides, Mapping):
        raise InputError(f"overrides must be a mapping of keys to values, got {type(overrides).__name__} "
                         f"{overrides!r:.60}.", field="overrides",
                         fix='give a dict, e.g. {"crews.blido.turnout_minutes": 6}, or {} for no change.')
    for key in overrides:
        if not isinstance(key, str) or not key:
            raise InputError(f"overrides has the key {key!r}, not a dotted name.", field="overrides",
                             fix='name each override by its dotted path, e.g. "crews.blido.turnout_minutes".')
    return {key: python_value(value) for key, value in overrides.items()}


def derived_field(err: InputError, name: str) -> str:
    """The dotted path an error of :meth:`Region.derive`'s scenario ``name`` is about, from either form of its field
    (``scenarios.<name>.crews.x.y`` or ``overrides['crews.x.y']``), for a caller that names the value its own way."""
    field = (err.field or "").removeprefix(f"scenarios.{name}.")
    if field.startswith("overrides["):
        key, _, rest = field.removeprefix("overrides[").partition("]")
        return rest.strip(" ()") or key.strip("'\"")
    return field


def _blame_override(err: InputError, name: str, overrides: Mapping[str, Any]) -> InputError:
    """An error in the scenario ``derive`` made, named by the argument that gave the value, not by the region file
    (which the user did not edit): ``overrides['crews.blido.availability.seats']: expected a number …``."""
    own = f"scenarios.{name}."
    if not err.field or not err.field.startswith(own):
        return err
    rest = err.field[len(own):]
    key = next((k for k in overrides if rest == k or rest.startswith(k + ".")), None)
    if key is None and rest not in ("base", "description"):
        return err
    where = rest if key is None else f"overrides[{key!r}]" + ("" if rest == key else f" ({rest})")
    message = err.message.removesuffix(f" (in scenario '{name}')")
    return InputError(message, field=where, fix=err.fix)


def _southern(stations: Mapping[str, Station]) -> bool:
    """Whether a region lies south of the equator (its stations' median latitude): its seasons are the north's
    months shifted by half a year (summer in Santiago is December–February)."""
    return bool(stations) and median(s.lat for s in stations.values()) < 0


class _Builder:
    """Parses merged stations/crews/demand data into a :class:`Setup`."""

    def __init__(self, root: Table, capabilities: frozenset[str], roles: frozenset[str]) -> None:
        self.root, self.capabilities, self.roles = root, capabilities, roles
        # Scenarios mostly differ in one table (a staffing level, a demand multiplier), so each distinct table is
        # parsed once per load, not once per scenario: Norrtälje has 17 scenarios, an imported model more.
        self._parsed: dict[tuple[str, bytes], tuple[Any, list[InputError]]] = {}

    def _once(self, kind: str, data: Any, make: Callable[[], _T]) -> _T:
        """``make()``, or its value for equal ``data`` parsed before in this load, its warnings given again (so a
        scenario that has a slip still names itself in it).

        The key is the pickled ``data``: exact (a float's every bit, an array's every element), where ``repr``
        shortens a long array. Data that does not pickle is parsed every time.
        """
        try:
            key = (kind, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        except (pickle.PicklingError, TypeError, AttributeError):
            return make()
        if key not in self._parsed:
            with collected_slips() as slips:
                value = make()
            self._parsed[key] = (value, slips)
        value, slips = self._parsed[key]
        pass_on(slips)
        return value

    def stations(self, data: dict[str, Any]) -> dict[str, Station]:
        st = Table(data, self.root.file, "stations")
        consistency.check_ids(st, "stations")
        out = {sid: parse_station(st.table(sid), sid) for sid in st.keys()}
        consistency.warn_same_place(out, self.root.file)
        consistency.warn_same_name(out, "stations", self.root.file)
        return out

    def crews(self, data: dict[str, Any], stations: dict[str, Station]) -> tuple[StaffingCalendar, tuple[Crew, ...]]:
        """The availability calendar and the crews of merged region data (its stations parsed already)."""
        ct = consistency.check_ids(Table(data["crews"], self.root.file, "crews"), "crews")
        at = Table(data.get("availability", {}), self.root.file, "availability")
        at.check_keys(list(CREW_KINDS) + [MUTUAL_AID, "source", "note", *CALENDAR_KEYS])
        calendar = parse_calendar(at, southern=_southern(stations))
        defaults = kind_defaults(at, self.roles, calendar)
        return calendar, tuple(parse_crew(ct.table(cid), cid, stations, self.capabilities, self.roles,
                                          defaults, calendar) for cid in ct.keys())

    def demand(self, data: dict[str, Any], calendar: StaffingCalendar, sea: SeaSpec | None) -> DemandSpec:
        """The demand of merged region data, with the islands' alarms when it has an archipelago."""
        demand = parse_demand(Table(data["demand"], self.root.file, "demand"), equipment=self.capabilities,
                              roles=self.roles, summer_months=calendar.summer_months)
        return demand if sea is None else demand_with_islands(demand, sea.islands, sea.islands_file, self.root.file)

    def __call__(self, ch: ScenarioChain) -> Setup:
        d = ch.data
        places = (d["stations"], d.get("availability", {}))  # a calendar reads the stations' hemisphere
        stations = dict(self._once("stations", d["stations"], lambda: self.stations(d["stations"])))
        calendar, crews = self._once("crews", (*places, d["crews"]), lambda: self.crews(d, stations))
        staffing = {}
        for crew in crews:
            level = crew.level or ch.staffing_level
            if level is None:
                raise InputError(
                    f"scenario '{ch.name}' sets no staffing level.",
                    file=self.root.file,
                    field=f"scenarios.{ch.name}.staffing",
                    fix=f"add staffing = \"{next(iter(crew.staffing))}\" (or a level crews.{crew.id}.level).",
                )
            if level not in crew.staffing:
                raise InputError(
                    f"crew '{crew.id}' has no staffing level '{level}'.{did_you_mean(level, crew.staffing)}",
                    file=self.root.file,
                    field=f"scenarios.{ch.name}.staffing",
                    fix=f"add crews.{crew.id}.staffing.{level} or use one of: {', '.join(crew.staffing)}.",
                )
            staffing[crew.id] = crew.staffing[level]
        if not any(c.in_service and c.unit == "crew" for c in crews):  # an incident commander alone reaches no alarm
            only = " (only an incident commander's unit, unit = \"command\", which reaches no alarm as a crew)" \
                if any(c.in_service for c in crews) else ""
            raise InputError(f"scenario '{ch.name}' has no crew in service{only}.", file=self.root.file,
                             field=f"scenarios.{ch.name}.crews",
                             fix="keep at least one crew (unit = \"crew\") in service.")
        network = parse_network_options(Table(ch.data.get("network", {}), self.root.file, "network"))
        consistency.check_vehicles(crews, network, self.root.file)
        consistency.warn_same_name({c.id: c for c in crews}, "crews", self.root.file)
        sea = self._once("sea", (d["stations"], d.get("archipelago", {})), lambda: parse_sea(
            Table(d.get("archipelago", {}), self.root.file, "archipelago"), stations, self.capabilities))
        demand = self._once("demand", (*places, d.get("archipelago", {}), d["demand"]),
                            lambda: self.demand(d, calendar, sea))
        if sea is not None:
            check_boat_crews(sea, crews, self.root.file)
        check_forces(ch.name, crews, staffing, demand.catalog, self.root.file)
        return Setup(
            name=ch.name,
            description=ch.description,
            description_sv=ch.description_sv,
            staffing_level=ch.staffing_level,
            stations=MappingProxyType(stations),
            crews=crews,
            staffing=MappingProxyType(staffing),
            demand=demand,
            chain=ch.chain,
            network=network,
            policy=parse_policy(Table(ch.data.get("dispatch", {}), self.root.file, "dispatch"),
                                Table(ch.data.get("policies", {}), self.root.file, "policies"),
                                list(stations), [c.id for c in crews]),
            posterior=None if ch.posterior is None else self.posterior(ch, [c.id for c in crews], list(stations)),
            sea=sea,
        )


    def posterior(self, ch: ScenarioChain, crews: list[str], stations: list[str]) -> Posterior:
        """The posterior file ``ch`` runs over, if its sets were calibrated for this scenario or one it is based on."""
        assert ch.posterior is not None
        path = ch.posterior
        post = self._once("posterior", str(path), lambda: load_posterior(path))
        check_posterior_scenario(post, ch.chain, ch.name, self.root.file)
        check_posterior_names(post, ch.name, crews, stations)
        return post


def _builder_for(root: Table) -> _Builder:
    meta = root.table("region")
    return _Builder(
        root,
        CAPABILITIES | frozenset(meta.str_list("extra_capabilities", [])),
        ROLES | frozenset(meta.str_list("extra_roles", [])),
    )


def _reported_minutes(meta: Table) -> Mapping[str, float]:
    """``region.reported_minutes``: a mean time to the scene per year, never 0 and not beyond a day; warned far
    above the region's target (seconds?)."""
    reported = meta.table("reported_minutes", {})
    for year in reported.keys():  # a year, as the reported outcome is per year ("2022" = 10.52)
        if not (year.isdigit() and len(year) == 4):
            raise reported.error(year, f"'{year}' is not a year.",
                                 fix=f"write the year as four digits in quotes: {REPORTED_FORM}")
    values = {k: reported.number(k, min=0, min_exclusive=True, max=MAX_TARGET_MINUTES) for k in reported.keys()}
    if values:  # the file's own target: the indicator it reports is read against it
        target = meta.number("target_minutes", 10.0, min=0, min_exclusive=True)
        for k, v in values.items():
            check_slip(reported, k, v, lambda m: reported_slip(m, target))
    return MappingProxyType(values)


def _scenario_paths(files: Any) -> list[Path]:
    """``extra_scenarios`` as paths: one path alone is one file, not a sequence of characters ("/" a directory)."""
    files = [files] if isinstance(files, (str, os.PathLike)) else files
    if not isinstance(files, (list, tuple)):  # -1 was "'int' object is not iterable", 0 ignored
        raise InputError(f"extra_scenarios must be a scenarios file's path or a list of them, got "
                         f"{type(files).__name__} {files!r:.60}.", field="extra_scenarios",
                         fix='give e.g. extra_scenarios=["my_scenarios.toml"], or None for none.')
    return [path_argument(f, "extra_scenarios") for f in files]


def _region_file(path: Path) -> Path:
    """The region file at ``path``: a region directory (docs/formats.md) is its ``region.toml``.

    A folder without one is refused, naming the TOML files it holds (``--region stations`` holds
    ``norrtalje.toml``: "file not found" named no way on).
    """
    if not path.is_dir():
        return path
    if (path / "region.toml").is_file():
        return path / "region.toml"
    tomls = sorted(p.name for p in path.glob("*.toml"))
    held = f"it holds {', '.join(tomls[:8])}{' …' if len(tomls) > 8 else ''}" if tomls else "it holds no .toml file"
    if (path / "gen_config.xml").is_file() or any(path.glob("ambulances*")):  # a JEMSS model, not yet imported
        raise InputError("the folder has no region.toml: it holds a JEMSS model, which raddsim reads once imported.",
                         file=path, field="region.toml",
                         fix=f"import it first: raddsim region import-jemss {path} OUT (from Python: raddsim.region."
                             "jemss.import_jemss(SRC, OUT)), then run --region OUT or load_region(OUT).")
    raise InputError(f"the folder has no region.toml ({held}).", file=path, field="region.toml",
                     fix="give the region file itself (--stations FILE.toml, or load_region(FILE)), or a folder "
                         "that `raddsim region new` wrote.")


def _replace_target(data: dict, path: Path, target_minutes: float | None) -> tuple[dict, float | None]:
    """The region file's data with ``target_minutes`` (``--target``) as its target, and the file's own target (None
    when none was given)."""
    if target_minutes is None or not isinstance(data.get("region"), dict):
        return data, None
    file_target = settings.check_replaced_target(Table(data, path).table("region"))
    # the file's target_source is the source of the file's target, not of this one; np.float32(9.5) is read as the
    # float it is (the value was checked by checked_arguments)
    given = {k: v for k, v in data["region"].items() if k != "target_source"}
    return {**data, "region": {**given, "target_minutes": float(target_minutes)}}, file_target


@checked_arguments("extra_scenarios")  # target_minutes=nan was blamed on the region file's region.target_minutes
def load_region(path: str | Path | None = None, extra_scenarios: Sequence[str | Path] | None = None,
                target_minutes: float | None = None) -> Region:
    """Load and validate a region file and all its scenarios.

    Parameters
    ----------
    path
        A region TOML file, or a folder holding ``region.toml`` (what ``raddsim region new`` writes); None for
        the embedded Norrtälje default.
    extra_scenarios
        Files with more ``[scenarios.<name>]`` tables (which may inherit from the region's).
    target_minutes
        Replaces ``[region] target_minutes`` (``raddsim run --target``): the per-alarm target, and the
        yearly indicator's target unless ``[indicator] target_minutes`` sets its own.

    Returns
    -------
    Region
        The validated region with its scenarios.

    Raises
    ------
    InputError
        For any problem with the file, naming the file, field and fix.
    """
    path = path_argument(path, "path") if path is not None else default_region_path()
    path = _region_file(path)
    data = read_toml(path)
    wrong = wrong_kind(data, path, "region", "a region file")  # e.g. --stations stations/incidents.toml
    if wrong is not None:
        raise wrong
    origins: dict[str, Any] = {}
    extra_files = _scenario_paths(extra_scenarios) if extra_scenarios is not None else []
    if extra_files:
        from raddsim.region.scenarios import read_scenario_files

        extra, origins = read_scenario_files(extra_files, data.get("scenarios", {}))
        data = {**data, "scenarios": {**data.get("scenarios", {}), **extra}}
    data, file_target = _replace_target(data, path, target_minutes)
    root = Table(data, path)
    root.check_keys(["region", "stations", "crews", "scenarios", "demand", "calibration", "hospitals", "network",
                    "availability", "indicator", "dispatch", "policies", "archipelago"])
    meta = root.table("region")
    meta.check_keys(REGION_KEYS)
    builder = _builder_for(root)
    stations = builder.stations(root.get("stations"))
    root.table("crews")
    root.table("demand")
    if not root.table("scenarios").keys():
        raise root.error("scenarios", "no scenarios defined.", fix="add at least one [scenarios.<name>] table.")
    scenarios = resolve_all(root, builder, origins)
    warn_unread_tables({n: s.policy for n, s in scenarios.items()}, origins, path)
    network_path = _network_path(meta)
    outline = {key: settings.optional_file(meta, key, layer=True) for key in ("land", "territory")}
    return Region(
        name=meta.str("name"),
        file=path,
        network_path=network_path,
        target_minutes=settings.target_minutes(meta, "" if target_minutes is None else "--target"),
        stations=MappingProxyType(stations),
        scenarios=ScenarioTable(scenarios, path),
        reported_minutes=_reported_minutes(meta),
        source=meta.str("source", ""),
        default_scenarios=settings.default_scenarios(meta, scenarios),
        hospitals=settings.hospitals(root.table("hospitals", {})),
        raw=MappingProxyType(root.data),
        network_options=parse_network_options(root.table("network", {})),
        timezone=settings.timezone(meta),
        indicator=parse_indicator(root.table("indicator", {}), tuple(next(iter(scenarios.values())).demand.catalog.ids),
                                  meta.number("target_minutes", 10.0, min=0, min_exclusive=True)),
        land_path=outline["land"],
        territory_path=outline["territory"],
        outline_source=meta.str("outline_source", ""),
        scenario_files=MappingProxyType({name: Path(file) for name, file in origins.items()}),
        service=meta.str("service", "rescue", choices=SERVICES),
        target_source=settings.target_source(meta),
        coverage_force=settings.coverage_force(meta, scenarios),
        **settings.more_targets(meta),
        file_target_minutes=file_target,
    )


__all__ = ["Region", "Setup", "load_region", "default_region_path", "data_dir"]

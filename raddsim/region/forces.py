"""Whether each incident type's force can ever be assembled by the crews of a scenario.

A force (``[types.<id>] force`` in the incidents file) that no set of crews can provide is never
on scene: the results would show the type as "never assembled" and, worse, the dispatcher would
alert every crew that adds people to each such alarm, so the first-arrival figures of every other
alarm change too. Two cases are told apart, per scenario:

* the force needs more people (or commanders, or other crew) than **every crew the scenario defines,
  each at its largest staffing level and in service**, could bring together. No staffing decision can
  meet it: a typo in the incidents file (``min_people = 50`` for 5). Refused with an
  :class:`~raddsim.core.errors.InputError` naming the file, the field, the largest force the region can
  assemble and the fix.
* the force needs equipment no crew of the region carries (a region without boats using an incidents
  file with water rescue): a fact of the fleet, warned once per incident type.
* the force exceeds only what the scenario's **crews in service at its staffing** can bring (a scenario
  that closes or down-staffs the crews that could): a legitimate study, the result is honest ("never
  assembled"), so it is a warning, once per scenario and type.

The totals mirror the engine's counting (:mod:`raddsim.engine.force`): crew commanders and
incident commanders count as commanders, every other role as crew; role minima of the force and
its capabilities combine by maximum; only units of ``unit = "crew"`` count on scene (the incident
commander's unit does not); a fri-inryckning pool brings at most its vehicle's seats.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from raddsim.core.errors import InputError
from raddsim.demand.types import IncidentCatalog, IncidentType
from raddsim.region.stations import Crew, Staffing

log = logging.getLogger("raddsim")
_COMMANDERS = ("crew_commander", "incident_commander")
#: Warnings already given in this process (one per scenario and incident type, not one per load).
_WARNED: set[str] = set()


@dataclass(frozen=True)
class Totals:
    """People and equipment on scene: commanders, other crew, people, crews, equipment names."""

    commanders: int = 0
    crew: int = 0
    people: int = 0
    crews: int = 0
    equipment: frozenset[str] = frozenset()

    def describe(self) -> str:
        """E.g. ``3 crews with 2 commanders + 9 others (11 people)``."""
        return f"{self.crews} crews with {self.commanders} commanders + {self.crew} others ({self.people} people)"


def _split(roles: Mapping[str, int]) -> tuple[int, int]:
    cmd = sum(roles.get(k, 0) for k in _COMMANDERS)
    return cmd, sum(v for k, v in roles.items() if k not in _COMMANDERS)


def _crew_max(crew: Crew, staffing: Staffing) -> tuple[int, int, int]:
    """(commanders, others, people) the crew brings at most at this staffing."""
    if staffing.fri_inryckning:
        cmd, other = _split(staffing.pool)
        seats = crew.availability.seats
        return min(cmd, seats), min(other, seats), min(cmd + other, seats)
    cmd, other = _split(staffing.roles)
    return cmd, other, cmd + other


def assemble(units: Iterable[tuple[Crew, Iterable[Staffing]]]) -> Totals:
    """The most crews of ``unit = "crew"`` can bring together, each at the largest of its staffings."""
    cmd = crew_n = people = n = 0
    equipment: set[str] = set()
    for crew, levels in units:
        if crew.unit != "crew":
            continue
        best = [max(v) for v in zip(*(_crew_max(crew, s) for s in levels))] or [0, 0, 0]
        cmd, crew_n, people, n = cmd + best[0], crew_n + best[1], people + best[2], n + 1
        equipment |= set(crew.capabilities)
    return Totals(cmd, crew_n, people, n, frozenset(equipment))


def _shortfall(t: IncidentType, catalog: IncidentCatalog, have: Totals) -> tuple[str, str, str] | None:
    """(field, what is needed, what the fix lowers) of the first part of ``t``'s force ``have`` cannot meet."""
    cmd, crew = _split(t.force.min_roles)
    people, source = t.force.min_people, "force.min_people"
    src_cmd = src_crew = "force.min_roles"
    for cap in t.force.capabilities:
        rule = catalog.capabilities[cap]
        if rule.equipment and not rule.equipment & have.equipment:
            return (f"types.{t.id}.force.capabilities", f"capability '{cap}', whose equipment "
                    f"({', '.join(sorted(rule.equipment))}) no crew carries", "")
        rc, rf = _split(rule.min_roles)
        if rc > cmd:
            cmd, src_cmd = rc, f"capabilities.{cap}.min_roles"
        if rf > crew:
            crew, src_crew = rf, f"capabilities.{cap}.min_roles"
        if rc + rf > people:
            people, source = rc + rf, f"capabilities.{cap}.min_roles"
    # force.crews is how many crews are alerted at least, not part of what must be on scene (the engine's
    # ``meets``): more than the region has alerts every crew and the force can still assemble, so it is no error.
    for need, got, field, what in ((cmd, have.commanders, src_cmd, "commanders on scene"),
                                   (crew, have.crew, src_crew, "crew besides commanders on scene"),
                                   (max(people, cmd + crew, 1), have.people, source, "people on scene")):
        if need > got:
            where = field if field.startswith("capabilities.") else f"types.{t.id}.{field}"
            return where, f"{need} {what}", f"at most {got}"
    return None


def check_forces(name: str, crews: tuple[Crew, ...], staffing: Mapping[str, Staffing],
                 catalog: IncidentCatalog, region_file: str | Path) -> None:
    """Refuse a force no crews of the scenario could ever assemble; warn when only its crews in service cannot.

    Parameters
    ----------
    name
        The scenario's name (in the warning).
    crews, staffing
        The scenario's crews (in service or not) and the staffing in effect for each.
    catalog
        The scenario's incident types.
    region_file
        The region file (named when the scenario has no incidents file of its own).

    Raises
    ------
    InputError
        When a type's force exceeds what every crew at its largest staffing level could bring.
    """
    most = assemble((c, tuple(c.staffing.values())) for c in crews)
    now = assemble((c, (staffing[c.id],)) for c in crews if c.in_service)
    file = catalog.file or region_file
    for t in catalog.types:
        _check_crews_alerted(t, len(crews), file)
        gap = _shortfall(t, catalog, most)
        if gap is not None and gap[2]:
            raise InputError(
                f"incident type '{t.id}' needs {gap[1]}, more than all crews of the region together can ever assemble "
                f"(every crew in service at its largest staffing: {most.describe()}); its force would never be on "
                "scene and every crew would be alerted to it.", file=file, field=gap[0],
                fix=f"lower it to {gap[2]}, or add crews that provide it.")
        if gap is not None:  # equipment no crew has: a fact of the region's fleet (a shared incidents file), said once
            _warn_once(f"{file}\0{t.id}", "incident type '%s' needs %s: its effective force is never assembled in "
                       "any scenario (%s: %s). Give a crew that equipment (crews.<id>.capabilities) or remove the "
                       "capability from the force.", t.id, gap[1], file, gap[0])
            continue
        gap = _shortfall(t, catalog, now)
        if gap is not None:
            # Keyed by what is short, not by the scenario: scenarios derived by calibrate, sweep or optimise with the
            # same crews would otherwise repeat it.
            _warn_once(f"{file}\0{t.id}\0{gap}\0{now}",
                       "scenario '%s': incident type '%s' needs %s, which its crews in service cannot provide (%s "
                       "together): the effective force of these alarms is never assembled and every crew that helps is "
                       "alerted to them (%s: %s).", name, t.id, gap[1], now.describe(), file, gap[0])


def _check_crews_alerted(t: IncidentType, n_crews: int, file: str | Path) -> None:
    """Warn once when ``force.crews`` exceeds the crews the scenario defines (``crews = 99`` for 2).

    Legal, so a warning, not an error (audit7): force.crews is how many crews are alerted at least, and more
    than the region has alerts every crew, which a study of an all-hands call-out may mean. It is far more
    often a typo, and it changes every other alarm's first-arrival figures (every crew is busy at these).
    """
    if n_crews and t.force.crews > n_crews:
        _warn_once(f"{file}\0{t.id}\0crews\0{n_crews}",
                   "%s: types.%s.force.crews = %d, but the region has only %d crews: every crew is alerted to each "
                   "such alarm. Fix: give how many crews are alerted at least (e.g. 1 or 2), or add the crews.",
                   file, t.id, t.force.crews, n_crews)


def _warn_once(key: str, message: str, *args: object) -> None:
    if key not in _WARNED:
        _WARNED.add(key)
        log.warning(message, *args)

__all__ = ["Totals", "assemble", "check_forces"]

"""What an incident needs on scene, and whether the crews there provide it.

Pure functions on small integer tuples so the engine can call them per event
without overhead, and tests can check them without SimPy.

A *requirement* is met by the crews on scene *together*: every equipment
group must be carried by at least one of them and the people must reach the
role minima (Swedish practice: smoke diving needs 1 crew commander + 4 on scene,
AFS 2007:7 Rök- och kemdykning; from 2025 in Arbetsmiljöverket's new AFS 2023 series). A crew of 1+2
alone never smoke-dives; 1+2 and 0+2 combined do.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Mapping, Sequence

from raddsim.demand.types import IncidentCatalog, IncidentType


@dataclass(frozen=True)
class Requirement:
    """The effective force of an incident type, in engine terms.

    Attributes
    ----------
    equipment
        Bitmasks; each must intersect the equipment on scene.
    commanders, firefighters, people
        Minimum crew commanders, firefighters and people on scene together.
    crews
        Minimum number of crews to alert.
    incident_commander
        Whether the incident commander's unit also responds.
    travel_factor
        Multiplies driving time to the scene (e.g. a call answered without lights and sirens).
    turnout_extra_s
        Added to the turnout of every crew leaving its station for the type (e.g. putting on structural gear).
    priority
        The queue's priority level of the type's incidents when they wait for crews: a crew that becomes free
        serves the lowest level first, the oldest incident within it (0 for every type: first come, first served).
    """

    equipment: tuple[int, ...] = ()
    commanders: int = 0
    firefighters: int = 0
    people: int = 1
    crews: int = 1
    incident_commander: bool = False
    travel_factor: float = 1.0
    turnout_extra_s: float = 0.0
    priority: int = 0


#: Totals on scene: (commanders, firefighters, people, equipment bitmask).
Totals = tuple[int, int, int, int]
EMPTY: Totals = (0, 0, 0, 0)


def add(t: Totals, commanders: int, firefighters: int, people: int, equipment: int) -> Totals:
    """Totals after one more crew."""
    return (t[0] + commanders, t[1] + firefighters, t[2] + people, t[3] | equipment)


def meets(req: Requirement, t: Totals) -> bool:
    """Whether totals ``t`` provide requirement ``req``."""
    if t[0] < req.commanders or t[1] < req.firefighters or t[2] < req.people:
        return False
    eq = t[3]
    for mask in req.equipment:
        if not eq & mask:
            return False
    return True


def helps(req: Requirement, t: Totals, commanders: int, firefighters: int, people: int, equipment: int) -> bool:
    """Whether adding a crew closes part of the gap between ``t`` and ``req``."""
    if t[0] < req.commanders and commanders > 0:
        return True
    if t[1] < req.firefighters and firefighters > 0:
        return True
    if t[2] < req.people and people > 0:
        return True
    eq = t[3]
    for mask in req.equipment:
        if not eq & mask and equipment & mask:
            return True
    return False


def equipment_bits(names: Iterable[str], index: Mapping[str, int]) -> int:
    """Bitmask of equipment names."""
    m = 0
    for n in names:
        m |= 1 << index[n]
    return m


def _split_roles(roles: Mapping[str, int]) -> tuple[int, int]:
    """(commanders, others): crew and incident commanders lead; every other role counts as crew."""
    cmd = roles.get("crew_commander", 0) + roles.get("incident_commander", 0)
    return cmd, sum(v for k, v in roles.items() if k not in ("crew_commander", "incident_commander"))


def requirement_for(t: IncidentType, catalog: IncidentCatalog, equipment_index: Mapping[str, int]) -> Requirement:
    """Translate an incident type's force (capabilities + roles) into a :class:`Requirement`.

    Role minima of all capabilities and of the force itself combine by maximum:
    the same people serve every capability on scene. Roles other than the
    commanders (firefighters, paramedics …) are counted together as crew.
    """
    cmd, ff = _split_roles(t.force.min_roles)
    people = t.force.min_people
    masks = []
    for cap in t.force.capabilities:
        rule = catalog.capabilities[cap]
        rc, rf = _split_roles(rule.min_roles)
        cmd, ff = max(cmd, rc), max(ff, rf)
        people = max(people, rc + rf)
        if rule.equipment:
            masks.append(equipment_bits(rule.equipment, equipment_index))
    people = max(people, cmd + ff, 1)
    return Requirement(tuple(masks), cmd, ff, people, t.force.crews, t.incident_commander, t.travel_factor,
                       t.turnout_extra_min * 60.0)


def requirements(catalog: IncidentCatalog, equipment_index: Mapping[str, int]) -> list[Requirement]:
    """One requirement per incident type, in catalog order, each with its queue priority level
    (:func:`priority_levels`)."""
    return [replace(requirement_for(t, catalog, equipment_index), priority=level)
            for t, level in zip(catalog.types, priority_levels(catalog))]


def priority_levels(catalog: IncidentCatalog) -> list[int]:
    """Each type's queue priority level: its ``priority`` (1 most urgent); a type without one waits behind every type
    with one (the largest given + 1); 0 for every type when none has one (first come, first served)."""
    given = [t.priority for t in catalog.types if t.priority is not None]
    if not given:
        return [0] * len(catalog.types)
    last = max(given) + 1
    return [last if t.priority is None else t.priority for t in catalog.types]


def capable_alone(req: Requirement, commanders: int, firefighters: int, equipment: int) -> bool:
    """Whether one crew of this size and equipment meets ``req`` on its own."""
    return meets(req, add(EMPTY, commanders, firefighters, commanders + firefighters, equipment))


def earliest_force(req: Requirement, eta: Sequence[float], crews: Sequence[tuple[int, int, int, int]]) -> float:
    """Earliest time a set of crews meets ``req``: the shortest ETA-ordered prefix that does.

    ``crews`` holds (commanders, firefighters, people, equipment) per crew. Adding
    crews in ETA order gives the minimum, over all sets that meet the requirement,
    of the latest arrival in the set (the requirement is monotone). ``inf`` if none does.
    """
    order = sorted(range(len(eta)), key=eta.__getitem__)
    t = EMPTY
    for k in order:
        if eta[k] == float("inf"):
            break
        t = add(t, *crews[k])
        if meets(req, t):
            return eta[k]
    return float("inf")


def capability_requirement(rule_id: str, catalog: IncidentCatalog, equipment_index: Mapping[str, int]) -> Requirement:
    """The requirement of one capability on its own (e.g. a smoke-diving force)."""
    from raddsim.demand.types import Force

    probe = IncidentType(rule_id, rule_id, rule_id, 1.0, "population", Force(1, (rule_id,)), False, 1.0, 0.0)
    return requirement_for(probe, catalog, equipment_index)


#: The force the coverage figures (static force maps, readiness per place) measure when the region names none
#: (``[region] coverage_force``): the Swedish smoke-diving force (1 + 4, AFS 2007:7; from 2025 in the AFS 2023
#: series), where the catalog has it.
DEFAULT_COVERAGE_FORCE = "smoke_diving"


def coverage_force_in(catalog: IncidentCatalog, force: str | None) -> str | None:
    """The id the coverage figures measure in ``catalog``: ``force`` (a capability or an incident type) when the
    catalog has it, else (``force`` None) :data:`DEFAULT_COVERAGE_FORCE` when the catalog has that capability;
    None: no force is measured (first-arrival figures only)."""
    if force is None:
        return DEFAULT_COVERAGE_FORCE if DEFAULT_COVERAGE_FORCE in catalog.capabilities else None
    return force if force in catalog.capabilities or force in catalog.ids else None


def coverage_requirement(catalog: IncidentCatalog, force: str | None,
                         equipment_index: Mapping[str, int]) -> Requirement | None:
    """The requirement the coverage figures measure (:func:`coverage_force_in`), or None.

    A capability is measured on its own (:func:`capability_requirement`); an incident type with its whole force,
    its extra turnout and its travel factor (:func:`requirement_for`), as the engine times its effective force.
    """
    found = coverage_force_in(catalog, force)
    if found is None:
        return None
    if found in catalog.capabilities:
        return capability_requirement(found, catalog, equipment_index)
    return requirement_for(catalog.types[catalog.index(found)], catalog, equipment_index)

"""The decision space of ``raddsim optimise``: options, the choices they make, limits and the budget.

An :class:`OptionSpace` is what :func:`raddsim.optimise.options.load_options` reads from an
options file; the screening (:mod:`raddsim.optimise.screen`) and the simulation stage take it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from raddsim.core.errors import InputError
from raddsim.region.region import Region, Setup

#: What a selection that changes nothing is called (and a crew left as it is), in English and Swedish output.
AS_TODAY, AS_TODAY_SV = "as today", "som i dag"
#: The largest cost (or budget) an options file may give: 1e15 of any currency unit is a typo, and a cost of
#: 1e300 made every option set "over the budget".
MAX_COST = 1e15


@dataclass(frozen=True)
class Option:
    """One thing that may change, and its cost."""

    id: str
    kind: str  # level | site | vehicle | extra
    label: str
    cost: float
    reason: str = ""
    #: The label in Swedish output (``--lang sv``); empty: ``label``.
    label_sv: str = ""
    #: Where a candidate site was read: (sites file, line), so that an error about the site names its row.
    origin: tuple[str, int] | None = None


@dataclass(frozen=True)
class Choice:
    """One alternative of a group: the options it takes, their cost and the scenario overrides.

    ``crew`` is the crew this choice puts in service (with ``level``), or None
    for "no extra crew here".
    """

    label: str
    options: tuple[str, ...]
    cost: float
    overrides: Mapping[str, Any]
    crew: str | None
    level: str | None
    template: str | None = None  # the crew whose availability stands in (an extra crew's template)
    label_sv: str = ""  # the label in Swedish output; empty: ``label``


@dataclass(frozen=True)
class Group:
    """Choices of which exactly one is made (``choices[0]`` is "as today")."""

    id: str
    kind: str  # crew | extra
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Limit:
    """At most ``max`` of the listed options."""

    options: tuple[str, ...]
    max: int
    field: str


@dataclass(frozen=True)
class OptionSpace:
    """A validated options file: groups of choices, limits and the budget."""

    file: Path
    region: Region
    base: str
    cost_unit: str
    budget: float | None
    groups: tuple[Group, ...]
    limits: tuple[Limit, ...]
    options: Mapping[str, Option] = field(default_factory=dict)
    description: str = ""
    #: ``cost_unit`` in Swedish output (``[options] cost_unit_sv``); empty: ``cost_unit``.
    cost_unit_sv: str = ""

    def labels_sv(self) -> dict[str, str]:
        """Every choice's label → its Swedish label (what ``--lang sv`` prints for the option sets)."""
        out = {AS_TODAY: AS_TODAY_SV}
        out.update({c.label: c.label_sv or c.label for g in self.groups for c in g.choices})
        return out

    @property
    def base_setup(self) -> Setup:
        return self.region.scenarios[self.base]

    def min_cost(self) -> float:
        """The cheapest selection's cost (limits only cap counts, so each group's cheapest choice)."""
        return float(sum(min(c.cost for c in g.choices) for g in self.groups))


def check_budget(space: OptionSpace, budget: float | None, field: str = "budget") -> OptionSpace:
    """The space with its budget, refusing a missing, negative, infinite or infeasible one.

    Parameters
    ----------
    space
        The options.
    budget
        What may be spent, in the space's cost unit.
    field
        Where the budget was given (the argument ``budget``, ``--budget`` on the command line, or the file's
        ``options.budget``), named in errors.

    Returns
    -------
    OptionSpace
        The space with the budget set.
    """
    if budget is None:
        raise InputError("no budget given.", file=space.file, field="options.budget",
                         fix=f"give the budget (N {space.cost_unit}) as an argument, or budget = N in [options].")
    if not np.isfinite(budget) or budget < 0:
        raise InputError(f"the budget must be a finite number, 0 or more, got {budget:g}.", file=space.file,
                         field=field, fix=f"give what may be spent ({space.cost_unit}).")
    cheapest = space.min_cost()
    cheapest_change = min(c.cost for g in space.groups for c in g.choices[1:])
    if cheapest > budget or cheapest_change > budget:
        least = max(cheapest, cheapest_change)
        raise InputError(f"the budget {budget:g} {space.cost_unit} is below the cheapest option ({least:g}): "
                         "nothing could change.", file=space.file, field=field,
                         fix=f"raise the budget to at least {least:g}, or lower the costs.")
    return dataclasses.replace(space, budget=float(budget))


__all__ = ["AS_TODAY", "AS_TODAY_SV", "MAX_COST", "Choice", "Group", "Limit", "Option", "OptionSpace", "check_budget"]

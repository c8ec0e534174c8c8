"""Dispatch and move-up settings of a region or scenario (``[dispatch]``, ``[policies]``).

Parsed and checked for shape here; the policy names are resolved to objects by the
experiment layer (:func:`raddsim.engine.policies.load_policy`), which reports an
unknown name as an input error naming this file and field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from raddsim.region.config import Table

DISPATCH_KEYS = ("en_route", "source", "note")
POLICY_KEYS = ("dispatch", "move_up", "source", "note")


@dataclass(frozen=True)
class PolicySpec:
    """What a scenario's runs use.

    Attributes
    ----------
    en_route
        Whether a crew driving back to its station may be dispatched from the road.
    dispatch, move_up
        Policy names: shipped (``"closest"``; ``"none"``, ``"compliance"``, ``"mexclp"``)
        or a researcher's ``"module:Class"``.
    options
        Each policy's own table (``[policies.<name>]``), by name, as written.
    """

    en_route: bool = False
    dispatch: str = "closest"
    move_up: str = "none"
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


def parse_policy(dispatch: Table, policies: Table) -> PolicySpec:
    """The ``[dispatch]`` and ``[policies]`` tables of a region (after a scenario's overrides)."""
    dispatch.check_keys(DISPATCH_KEYS)
    own = [k for k in policies.keys() if k not in POLICY_KEYS]
    for k in own:
        policies.table(k)  # a policy's options must be a table
    spec = PolicySpec(
        en_route=dispatch.bool("en_route", False),
        dispatch=policies.str("dispatch", "closest"),
        move_up=policies.str("move_up", "none"),
        options=MappingProxyType({k: dict(policies.data[k]) for k in own}),
    )
    for key in ("dispatch", "move_up"):
        name = getattr(spec, key)
        if not name.strip():
            raise policies.error(key, "empty policy name.", fix='name a shipped policy or "module:Class".')
    return spec

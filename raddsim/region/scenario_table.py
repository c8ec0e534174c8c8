"""A region's scenarios by name: a read-only mapping whose unknown name is one clear error, not a bare KeyError."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from raddsim.core.errors import InputError
from raddsim.region.config import did_you_mean


class UnknownScenario(InputError, KeyError):
    """A scenario name the region does not have; a :class:`KeyError` too, so ``in`` and ``get`` work as on a dict."""

    def __str__(self) -> str:  # KeyError's own would quote the whole message
        return InputError.__str__(self)


class ScenarioTable(Mapping[str, Any]):
    """``Region.scenarios``: name → :class:`~raddsim.region.region.Setup`, in the file's order, read-only.

    Parameters
    ----------
    scenarios : Mapping
        The scenarios by name.
    file : str or Path or None
        The region file, named when a scenario is not found.
    """

    def __init__(self, scenarios: Mapping[str, Any], file: str | Path | None = None) -> None:
        self._scenarios = dict(scenarios)
        self._file = file

    def __getitem__(self, name: str) -> Any:
        try:
            return self._scenarios[name]
        except KeyError:
            # region.scenarios["minimun"] in a notebook said only KeyError: 'minimun'.
            raise UnknownScenario(f"unknown scenario {name!r}.{did_you_mean(str(name), self._scenarios)}",
                                  file=self._file, field="scenarios",
                                  fix=f"use one of: {', '.join(self._scenarios)}.") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._scenarios)

    def __len__(self) -> int:
        return len(self._scenarios)

    def __repr__(self) -> str:
        return f"ScenarioTable({', '.join(self._scenarios)})"


__all__ = ["ScenarioTable", "UnknownScenario"]

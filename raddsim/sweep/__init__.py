"""Research sweeps: scenarios × parameter axes × replications, run locally or on Dask, into Parquet.

``load_spec`` reads a sweep specification (TOML), ``run_sweep`` runs or resumes
it into a directory of Parquet results, ``summarize`` turns the results into a
table per parameter point with 95% CIs, and ``plot`` draws a headline figure
against one or two axes.

The public names are imported on first use, after a check that names the ``sweep`` extra (Parquet, Dask, tqdm)
when it is missing. Importing the package itself, or its spec modules (:mod:`raddsim.sweep.spec`,
:mod:`raddsim.sweep.axes`), needs no extra: ``raddsim sweep SPEC --check`` reads and checks a spec without it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from raddsim.core.extras import require_sweep

if TYPE_CHECKING:  # the names as the type checker sees them; at run time __getattr__ imports them
    from raddsim.sweep.axes import Axis
    from raddsim.sweep.execute import SweepRun, load_sweep, run_sweep
    from raddsim.sweep.results import read_parts
    from raddsim.sweep.rows import FIGURES
    from raddsim.sweep.spec import SweepSpec, Task, load_spec, validate_spec

#: Public name → the module that defines it.
_HOME = {"Axis": "raddsim.sweep.axes", "SweepRun": "raddsim.sweep.execute", "load_sweep": "raddsim.sweep.execute",
         "run_sweep": "raddsim.sweep.execute", "read_parts": "raddsim.sweep.results", "FIGURES": "raddsim.sweep.rows",
         "SweepSpec": "raddsim.sweep.spec", "Task": "raddsim.sweep.spec", "load_spec": "raddsim.sweep.spec",
         "validate_spec": "raddsim.sweep.spec"}

__all__ = ["Axis", "FIGURES", "SweepRun", "SweepSpec", "Task", "load_spec", "load_sweep", "read_parts", "run_sweep",
           "validate_spec"]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use, naming the ``sweep`` extra first when it is missing."""
    home = _HOME.get(name)
    if home is None:  # a submodule not imported yet (``from raddsim.sweep import plot``) is found by the import system
        raise AttributeError(f"module 'raddsim.sweep' has no attribute {name!r}")
    # Parquet (pyarrow) and tqdm are the `sweep` extra: say so before an import fails, as the package's import did.
    require_sweep("raddsim sweep")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

"""Optional dependencies: a clear one-line error when an extra is not installed.

Heavy packages that only some commands need (Parquet and Dask for sweeps, pyrosm
for PBF extracts) are pip extras of raddsim (``pyproject.toml``), so the plain
install stays small. Code that needs one calls :func:`require` first.
"""

from __future__ import annotations

import importlib.util

from raddsim.core.errors import InputError


def require(module: str, *, extra: str, purpose: str) -> None:
    """Raise :class:`InputError` naming the pip extra when ``module`` cannot be imported.

    Parameters
    ----------
    module
        Top-level module name, e.g. ``"pyarrow"``.
    extra
        The raddsim extra that installs it, e.g. ``"sweep"``.
    purpose
        What needs it, shown to the user ("raddsim sweep (Parquet results)").
    """
    if importlib.util.find_spec(module) is None:
        raise InputError(f"{purpose} needs the Python package '{module}', which is not installed.",
                         fix=f'install the extra: pip install "raddsim[{extra}]" (from a clone: pip install '
                             f'".[{extra}]").')


#: What the sweep machinery imports from the ``sweep`` extra (Parquet results, progress); Dask only with workers.
SWEEP_MODULES = ("pyarrow", "tqdm")


def require_sweep(purpose: str) -> None:
    """:func:`require` every module of the ``sweep`` extra that all sweeps use, naming ``purpose``."""
    for module in SWEEP_MODULES:
        require(module, extra="sweep", purpose=purpose)

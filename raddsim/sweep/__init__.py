"""Research sweeps: scenarios × parameter axes × replications, run locally or on Dask, into Parquet.

``load_spec`` reads a sweep specification (TOML), ``run_sweep`` runs or resumes
it into a directory of Parquet results, ``summarize`` turns the results into a
table per parameter point with 95% CIs, and ``plot`` draws a headline figure
against one or two axes.
"""

from raddsim.core.extras import require_sweep

# Parquet (pyarrow), Dask and tqdm are the `sweep` extra; say so before any import fails.
require_sweep("raddsim sweep")

# These imports come after the check on purpose (E402): a missing extra is named before an import fails.
from raddsim.sweep.axes import Axis  # noqa: E402
from raddsim.sweep.execute import SweepRun, load_sweep, run_sweep  # noqa: E402
from raddsim.sweep.results import read_parts  # noqa: E402
from raddsim.sweep.rows import FIGURES  # noqa: E402
from raddsim.sweep.spec import SweepSpec, Task, load_spec, validate_spec  # noqa: E402

__all__ = ["Axis", "FIGURES", "SweepRun", "SweepSpec", "Task", "load_spec", "load_sweep", "read_parts", "run_sweep",
           "validate_spec"]

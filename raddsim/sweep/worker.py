"""The worker side of a sweep: the shipped model, and running batches of tasks.

The driver packs the spec, the region and the model (road network arrays and
the travel-time tables and demand points already computed) into one payload,
shipped to each worker once: as a process-pool initializer argument locally, as
a broadcast ``scatter`` on Dask. Workers unpack it once and keep it, with the
scenarios they derive, for every task they run.

A task's result depends only on the task: replication ``r`` draws from the
streams ``(seed, r, …)`` whatever the worker, point or scenario.
"""

from __future__ import annotations

import copy
import copyreg
import hashlib
import io
import pickle
import sys
from collections import OrderedDict
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Sequence

from raddsim import __version__
from raddsim.experiment.runs import run_replication
from raddsim.sweep.lifeline import die_with_parent
from raddsim.sweep.overrides import derive_point
from raddsim.sweep.rows import axis_cell, task_figures
from raddsim.sweep.spec import SweepSpec

#: Prepared scenarios a worker keeps (a point's scenario is reused by all its replications).
PREPARED_CACHE = 64


def _mapping_proxy(data: dict) -> MappingProxyType:
    return MappingProxyType(data)


def _no_graph() -> None:
    return None


class _Pickler(pickle.Pickler):
    # Region and Setup hold read-only mappings (MappingProxyType), which pickle
    # cannot handle by itself; they travel as plain dicts and are re-wrapped.
    dispatch_table = copyreg.dispatch_table.copy()
    dispatch_table[MappingProxyType] = lambda m: (_mapping_proxy, (dict(m),))

    def reducer_override(self, obj: Any) -> Any:
        # Workers use the network's arrays only: a networkx graph (kept for maps)
        # stays behind instead of tripling the payload.
        # No graph exists unless networkx was imported (a network read from an archive has none).
        nx = sys.modules.get("networkx")
        if nx is not None and isinstance(obj, nx.Graph):
            return _no_graph, ()
        return NotImplemented


@dataclass
class Payload:
    """What every worker needs: the spec, the region (to derive scenarios) and the model."""

    version: str
    spec: SweepSpec
    region: Any
    model: Any
    target_minutes: float
    #: The effective force's own target (``[region] effective_target_minutes``); None: ``target_minutes``.
    effective_target_minutes: float | None = None


def pack(spec: SweepSpec, region: Any, model: Any, target_minutes: float,
         effective_target_minutes: float | None = None) -> tuple[bytes, str]:
    """The payload as bytes, and its digest (the workers' cache key).

    Any networkx graph is left behind: workers use the network's arrays only.
    """
    light = copy.copy(model)
    light.network = copy.copy(model.network)
    light.network.__dict__.pop("graph", None)  # a cached graph property is rebuilt on demand, if ever
    buf = io.BytesIO()
    _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(Payload(__version__, spec, region, light, target_minutes,
                                                          effective_target_minutes))
    blob = buf.getvalue()
    return blob, hashlib.sha256(blob).hexdigest()


class WorkerState:
    """A worker's payload (packed bytes, or the driver's own objects in a forked worker) and its prepared scenarios."""

    def __init__(self, blob: bytes | Payload) -> None:
        payload: Payload = pickle.loads(blob) if isinstance(blob, bytes) else blob
        if payload.version != __version__:
            raise RuntimeError(f"the sweep was started by raddsim {payload.version} but this worker runs raddsim "
                               f"{__version__}; install the same version on every worker.")
        self.payload = payload
        self._prepared: OrderedDict[tuple[int, str], Any] = OrderedDict()

    def prepared(self, point: int, scenario: str) -> Any:
        key = (point, scenario)
        prep = self._prepared.get(key)
        if prep is None:
            p = self.payload
            prep = p.model.prepare(derive_point(p.region, p.spec, point, scenario))
            self._prepared[key] = prep
            if len(self._prepared) > PREPARED_CACHE:
                self._prepared.popitem(last=False)
        else:
            self._prepared.move_to_end(key)
        return prep

    def run_task(self, index: int) -> dict[str, Any]:
        """One task's row: ids, axis values and headline figures."""
        p = self.payload
        spec, model = p.spec, p.model
        task = spec.task(index)
        prep = self.prepared(task.point, task.scenario)
        inc, rec = run_replication(prep, years=spec.years, seed=spec.seed, replication=task.replication,
                                   network=model.network, hospitals=getattr(model, "hospitals", None),
                                   warmup_days=spec.warmup_days)
        areas = model.node_area(inc.node) if spec.per_area else None
        row: dict[str, Any] = {"task": task.index, "point": task.point, "scenario": task.scenario,
                               "replication": task.replication}
        for axis, value in zip(spec.axes, spec.point_values(task.point)):
            row[axis.key] = axis_cell(value, axis.kind)
        zones = p.region.target_zones
        zone_targets = None if zones is None else zones.target_of(model.node_zone(prep.setup, inc.node),
                                                                  p.target_minutes)
        row.update(task_figures(rec, areas, model.area_names, p.target_minutes, p.effective_target_minutes,
                                zone_targets))
        return row

    def run_tasks(self, indices: Sequence[int]) -> list[dict[str, Any]]:
        return [self.run_task(i) for i in indices]


_STATE: dict[str, WorkerState] = {}
_LOCAL: list[WorkerState] = []


def init_process(blob: bytes) -> None:
    """Process-pool initializer: end with the parent (see :mod:`raddsim.sweep.lifeline`), unpack the payload once."""
    die_with_parent()
    _LOCAL[:] = [WorkerState(blob)]


def run_local(indices: Sequence[int]) -> list[dict[str, Any]]:
    """Run tasks in a process-pool worker (after :func:`init_process`)."""
    return _LOCAL[0].run_tasks(indices)


def run_remote(blob: bytes, digest: str, indices: Sequence[int]) -> list[dict[str, Any]]:
    """Run tasks on a Dask worker; the payload (a scattered, broadcast object) is unpacked once per process."""
    state = _STATE.get(digest)
    if state is None:
        _STATE.clear()  # one sweep at a time per worker process
        state = _STATE[digest] = WorkerState(blob)
    return state.run_tasks(indices)

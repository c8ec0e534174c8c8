"""The simulation stage's rows kept in a sweep folder, so a stopped ``raddsim optimise`` resumes (``--sweep-dir``).

The ranking-and-selection procedure asks for replications look by look; every batch of
finished (finalist, replication) rows is written at once as a Parquet part file (whole or
absent, :mod:`raddsim.sweep.results`). Run again with the same options, the procedure asks
for the same replications in the same order (it depends only on the rows), so the rows
already in the folder are read instead of simulated and the outputs are the same as an
uninterrupted run's.

The folder is a sweep folder (``sweep.json``, ``parts/``, ``results.parquet`` when the
stage finishes): ``raddsim sweep summarize DIR`` reads it. Besides the sweep's own checks
(spec, input files, raddsim version) its metadata records each finalist's scenario changes:
the same names with other contents (another budget, objective or options file) are refused.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from raddsim.core.errors import InputError
from raddsim.sweep import folder
from raddsim.sweep.axes import jsonable
from raddsim.sweep.spec import SweepSpec
from raddsim.views.numbers import as_typed

#: The simulation stage's settings (their keys in the sweep spec) as Python gives them: fields of
#: :class:`raddsim.optimise.run.Settings`. ``raddsim optimise`` names its options instead
#: (:meth:`OtherOptimisation.worded`).
SETTING_NAMES = {"replications": "max_replications", "years": "years", "seed": "seed", "warmup_days": "warmup_days"}
#: What a changed set of finalists comes from, as Python gives it: the options file, ``load_options(budget=)`` and
#: the ``Settings``' objective and top.
FINALIST_SOURCES = "the finalists (the options file, budget, objective or top)"


class OtherOptimisation(InputError):
    """A ``sweep_dir`` holding the simulations of another optimisation: the settings that differ, or the finalists.

    Parameters
    ----------
    out
        The sweep folder.
    changes
        ``(setting, before, now)`` for each setting (its key in the sweep spec: ``seed``) that differs; empty when
        only the finalists do.
    """

    def __init__(self, out: Path, changes: Sequence[tuple[str, Any, Any]]) -> None:
        self.changes = tuple(changes)
        super().__init__(self._message(SETTING_NAMES, FINALIST_SOURCES), file=out, field="sweep_dir",
                         fix="run again with the options that began it, or give a new directory for the simulations.")

    def _message(self, names: Mapping[str, str], finalists: str) -> str:
        what = "; ".join(f"{names[k]} {as_typed(a)} before, {as_typed(b)} now" for k, a, b in self.changes)
        return f"holds the simulations of another optimisation: {what or finalists}."

    def worded(self, names: Mapping[str, str], finalists: str) -> InputError:
        """The same error in a caller's own words (the command line's options, where Python names its arguments).

        Parameters
        ----------
        names
            Each setting's name (by its key in :data:`SETTING_NAMES`), e.g. ``{"seed": "--seed"}``.
        finalists
            What the finalists come from, in place of :data:`FINALIST_SOURCES`.

        Returns
        -------
        InputError
            The error with the same file, field and fix.
        """
        return InputError(self._message(names, finalists), file=self.file, field=self.field, fix=self.fix)


def check_folder(out: Path, settings: Mapping[str, float] | None = None) -> None:
    """Refuse, before any work, a ``--sweep-dir`` that is a file, holds something other than a sweep, or holds
    simulations made with other ``settings`` (``replications``, ``years``, ``seed``, ``warmup_days``)."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError("exists and is not a directory.", file=out, field="sweep_dir",
                         fix="give a directory for the simulations (new, or one an earlier optimise wrote).")
    old = folder.read_metadata(out) if out.is_dir() else None
    if old is None and folder.holds_other_files(out):
        raise InputError("the directory is not empty and holds no simulations of raddsim.", file=out,
                         field="sweep_dir", fix="give a new (or empty) directory, or one an earlier optimise wrote.")
    if old is not None:
        _not_optimise(out, old)
        if settings is not None:
            changes = _changed_settings(old.get("spec", {}), settings)
            if changes:
                raise OtherOptimisation(out, changes)


def _changed_settings(before: Mapping[str, Any], now: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """``(setting, before, now)`` for the stage's settings that differ (a missing warm-up is 0)."""
    changed = []
    for key in SETTING_NAMES:
        a, b = before.get(key, 0.0), now.get(key, 0.0)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and a != b:
            changed.append((key, a, b))
    return changed


def _definitions(base: str, overrides: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """What the rows depend on besides the spec and the input files: each finalist's changes to the base."""
    return {"base": base, "scenarios": {name: {k: jsonable(v) for k, v in o.items()} for name, o in overrides.items()}}


def _refuse_other(out: Path, old: Mapping[str, Any], meta: Mapping[str, Any]) -> None:
    """Refuse a folder whose simulations differ from this run's in a setting, or else in the finalists."""
    changed = _changed_settings(old.get("spec", {}), meta["spec"])
    if changed or old.get("optimise") != meta["optimise"] or old.get("spec_hash") != meta["spec_hash"]:
        raise OtherOptimisation(out, changed)  # no setting changed: other finalists (or names: another top)


def _not_optimise(out: Path, old: Mapping[str, Any]) -> None:
    if "optimise" not in old:
        raise InputError("holds a sweep's or a calibration's simulations, not raddsim optimise's.", file=out,
                         field="sweep_dir",
                         fix="give a new directory for the simulations (or the one an earlier optimise wrote).")


class KeptRows:
    """Rows of the simulation stage in ``out``: read at the start, each new batch written at once (a context manager).

    Parameters
    ----------
    out
        The sweep folder (created; resumed when it holds this stage's simulations).
    spec
        The stage's one-point sweep spec (scenarios: the base and the finalists).
    region, model
        The region with the finalists as scenarios, and the model (for the metadata and the row schema).
    overrides
        Each finalist's scenario changes to the base, by scenario name (recorded and checked on resume).
    """

    def __init__(self, out: Path, spec: SweepSpec, region: Any, model: Any, overrides: Mapping[str, Mapping]) -> None:
        self.out = Path(out)
        self.spec = spec
        self.meta = folder.build_metadata(spec, region, model.network.meta, region.target_minutes, model.area_names)
        self.meta["optimise"] = _definitions(spec.scenarios[0], overrides)
        self.area_names = model.area_names
        self.rows: dict[int, dict[str, Any]] = {}
        self._lock: Any = None
        self._started = ""

    def __enter__(self) -> "KeptRows":
        from raddsim.sweep import results as res

        self._check()  # before the folder is created
        self._lock = folder.locked(self.out)
        self._lock.__enter__()
        try:
            old = self._check()  # again under the lock: another optimise may have begun it meanwhile
            folder.remove_stale_temporaries(self.out)
            if folder.part_files(self.out):
                self.rows = {int(r["task"]): r for r in res.read_parts(self.out).to_pylist()}
            self._started = (old or {}).get("started") or time.strftime("%Y-%m-%dT%H:%M:%S%z")
            self._write_status("running")
        except BaseException:
            self._lock.__exit__(None, None, None)
            raise
        return self

    def _check(self) -> dict[str, Any] | None:
        check_folder(self.out)
        old = folder.read_metadata(self.out)
        if old is None:
            return None
        _refuse_other(self.out, old, self.meta)
        return folder.check_resumable(self.out, self.meta)  # input files and raddsim version

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        """Keep a finished batch: one part file, written whole or not at all."""
        from raddsim.sweep import results as res

        rows = list(rows)
        if rows:
            res.write_part(self.out, res.rows_table(rows, res.schema(self.spec, self.area_names)))
            self.rows.update((int(r["task"]), r) for r in rows)

    def finish(self) -> None:
        """The stage ended normally: every kept row in ``results.parquet`` and the status "complete"."""
        from raddsim.sweep import results as res

        if folder.part_files(self.out):
            res.consolidate(self.out)
        self._write_status("complete")

    def _write_status(self, status: str) -> None:
        folder.write_metadata(self.out, {**self.meta, "status": status, "started": self._started,
                                         "finished_tasks": len(self.rows)})

    def __exit__(self, *exc: Any) -> None:
        self._lock.__exit__(*exc)


__all__ = ["KeptRows", "OtherOptimisation", "check_folder"]

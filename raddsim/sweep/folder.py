"""A sweep's folder: its metadata (``sweep.json``), the resume checks, the lock and stale temporaries.

Layout of a sweep directory::

    DIR/sweep.json            metadata: raddsim version, spec and its hash, input hashes, seeds, status
    DIR/parts/part-*.parquet  one file per finished batch of tasks, each written to a
                              temporary name and renamed, so it is whole or absent
    DIR/results.parquet       all rows sorted by task, written when the sweep completes

The Parquet files themselves are :mod:`raddsim.sweep.results`'s (pyarrow); the rows in them,
:mod:`raddsim.sweep.rows`'s.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any, Iterator, Sequence

from raddsim import __version__
from raddsim.core.errors import InputError
from raddsim.core.io import write_json_atomic
from raddsim.sweep.rows import AREA_FIGURES, FIGURES, ID_COLUMNS, UNITS, ZONE_FIGURES, area_column
from raddsim.sweep.spec import SweepSpec

META_FILE = "sweep.json"
PARTS_DIR = "parts"
RESULTS_FILE = "results.parquet"
LOCK_FILE = ".lock"
#: Names of a sweep's own temporaries: a part or results file's (``.NAME.PID.tmp``) and ``sweep.json``'s
#: (``.sweep.tmp.XXXX.json``, :func:`raddsim.core.io.write_json_atomic`), left behind when a sweep is killed mid-write.
TEMPORARY_PATTERNS = (".*.tmp", f".{Path(META_FILE).stem}.tmp.*{Path(META_FILE).suffix}")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _referenced_files(data: Any, base: Path) -> Iterator[Path]:
    """Files a region file names (places, incident types, holiday areas …), found by their paths."""
    if isinstance(data, dict):
        for v in data.values():
            yield from _referenced_files(v, base)
    elif isinstance(data, list):
        for v in data:
            yield from _referenced_files(v, base)
    elif isinstance(data, str) and len(data) < 500 and not data.startswith(("http:", "https:")):
        from raddsim.core.geodata import split_layer

        p = Path(data).expanduser()
        p = p if p.is_absolute() else base / p
        try:
            p = split_layer(p)[0]  # land = "outline.gpkg:kommun" is read from outline.gpkg
            if p.is_file():
                yield p
        except OSError:
            return


def _network_files(path: Path) -> list[Path]:
    """The files a network source is read from.

    A nodes/arcs network is two files named by one path: a folder holding ``nodes.csv`` and
    ``arcs.csv``, or ``nodes.csv`` (``<stem>nodes.csv``) with ``arcs.csv`` beside it. Hashing
    only the named path would miss a changed ``arcs.csv`` (a resume would then mix results of
    two road networks), and a folder cannot be hashed as a file.
    """
    name = path.name.lower()
    if path.is_dir():
        return [f for f in (path / "nodes.csv", path / "arcs.csv") if f.is_file()]
    if name in ("nodes.csv", "arcs.csv"):
        return [f for f in (path.parent / "nodes.csv", path.parent / "arcs.csv") if f.is_file()]
    if name.endswith("nodes.csv"):
        arcs = path.parent / f"{path.name[: -len('nodes.csv')]}arcs.csv"
        return [path, *([arcs] if arcs.is_file() else [])]
    return [path]


def input_hashes(region: Any, spec: SweepSpec) -> dict[str, str]:
    """SHA-256 of every input file the results depend on, by file name."""
    files = [Path(region.file), *_network_files(Path(region.network_path)), *spec.scenarios_files]
    files += list(_referenced_files(dict(region.raw), Path(region.file).parent))
    out: dict[str, str] = {}
    for f in files:
        if f.is_file():  # a folder named in the region file (a nodes/arcs network) is hashed by its files above
            out.setdefault(str(f.resolve()), _sha256(f))
    return out


def identity_metadata(spec: SweepSpec, region: Any) -> dict[str, Any]:
    """The part of a sweep's metadata that :func:`check_resumable` compares (spec, input files, version).

    Needs no model: a caller can refuse a results folder of another sweep before it loads the network or runs
    anything (``compare --uncertain --out``).
    """
    hashes = input_hashes(region, spec)
    return {
        "raddsim_version": __version__,
        "spec_hash": spec.hash,
        "inputs_hash": hashlib.sha256(json.dumps(sorted(hashes.values())).encode()).hexdigest(),
        "spec_file": str(spec.file),
        "spec": spec.canonical(),
        "input_files_sha256": hashes,
        # every share within the target depends on it, and --target (compare --uncertain) changes no input file
        "target_minutes": region.target_minutes,
    }


def build_metadata(spec: SweepSpec, region: Any, network_meta: dict, target_minutes: float,
                   area_names: Sequence[str]) -> dict[str, Any]:
    """The metadata of a sweep (what ``sweep.json`` holds besides its status)."""
    import numpy
    import simpy

    ident = identity_metadata(spec, region)
    return {
        **{k: ident[k] for k in ("raddsim_version", "spec_hash", "inputs_hash", "spec_file", "spec")},
        "description": spec.description,
        "region": region.name,
        "region_file": str(region.file),
        "input_files_sha256": ident["input_files_sha256"],
        "network": {k: network_meta.get(k) for k in ("source", "label", "approximate", "format") if k in network_meta},
        "target_minutes": target_minutes,
        # the effective force's own target: only when the region sets one (sweep.json reads as before otherwise)
        **({} if region.effective_target_minutes is None else
           {"effective_target_minutes": region.effective_target_minutes}),
        "seeds": {"seed": spec.seed, "replications": list(range(spec.replications)),
                  "scheme": "replication r of every point and scenario uses the streams (seed, r, …): "
                            "common random numbers across points and scenarios"},
        "points": spec.n_points,
        "tasks": spec.n_tasks,
        "area_names": list(area_names),
        "columns": {"ids": list(ID_COLUMNS), "axes": [a.key for a in spec.axes],
                    "figures": {k: v[1] for k, v in (FIGURES | (ZONE_FIGURES if region.target_zones else {})).items()},
                    "area_figures": {area_column("<station area>", k): v for k, v in AREA_FIGURES.items()},
                    "units": UNITS},
        "versions": {"python": sys.version.split()[0], "numpy": numpy.__version__, "simpy": simpy.__version__,
                     "pyarrow": version("pyarrow")},
    }


def read_metadata(out: Path) -> dict[str, Any] | None:
    """The sweep's metadata, or None when the directory holds no sweep."""
    p = Path(out) / META_FILE
    if not p.is_file():
        return None
    try:
        meta = json.loads(p.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InputError("the sweep metadata is not valid JSON.", file=p,
                         fix="restore it, or start the sweep in a new directory.") from None
    _check_metadata(meta, p)
    return meta


#: The metadata's entries that are read back (summarize, resume), with the JSON type each must have.
_META_TYPES: dict[str, tuple[type, ...]] = {"spec": (dict,), "columns": (dict,), "network": (dict,),
                                            "seeds": (dict,), "target_minutes": (int, float), "area_names": (list,)}


_JSON_NAMES = {dict: "an object", list: "a list", int: "a number", float: "a number", str: "a text", bool: "true/false",
               type(None): "null"}


def _check_metadata(meta: Any, path: Path) -> None:
    """Refuse a hand-edited ``sweep.json`` whose entries have the wrong JSON type (were AttributeErrors)."""
    def bad(field: str | None, what: str) -> InputError:
        return InputError(f"the sweep metadata {what}.", file=path, field=field,
                          fix="restore it (raddsim writes it), or start the sweep in a new directory.")

    if not isinstance(meta, dict):
        raise bad(None, f"is {_JSON_NAMES.get(type(meta), type(meta).__name__)}, not a JSON object")
    for key, types in _META_TYPES.items():
        if key in meta and (not isinstance(meta[key], types) or isinstance(meta[key], bool)):
            raise bad(key, f"holds {key} as {_JSON_NAMES.get(type(meta[key]), type(meta[key]).__name__)}, not "
                           f"{_JSON_NAMES[types[0]]}")
    axes = meta.get("columns", {}).get("axes", [])
    if not isinstance(axes, list) or not all(isinstance(a, str) for a in axes):
        raise bad("columns.axes", "holds columns.axes that is not a list of axis names")


def _strict(value: Any) -> str:
    """JSON text of a value: tells 1 from 1.0 (an int column from a float one) where == does not."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def spec_differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Exactly what differs between two canonical specs, e.g. ``axes."x".values: [1, 2] before, [1.0, 2.0] now``."""
    out = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if _strict(a) == _strict(b):
            continue
        if key == "axes" and isinstance(a, list) and isinstance(b, list):
            olds = {x.get("key"): x.get("values") for x in a}
            news = {x.get("key"): x.get("values") for x in b}
            for k in sorted(set(olds) | set(news), key=str):
                if k not in olds or k not in news:
                    out.append(f'axes."{k}" {"added" if k in news else "removed"}')
                elif _strict(olds[k]) != _strict(news[k]):
                    va, vb = _strict(olds[k]), _strict(news[k])
                    hint = " (whole numbers before, decimals now, or the other way round: write them as before)" \
                        if olds[k] == news[k] else ""
                    out.append(f'axes."{k}".values: {va[:80]} before, {vb[:80]} now{hint}')
            if [x.get("key") for x in a] != [x.get("key") for x in b] and not out:
                out.append("the order of the axes")
        else:
            out.append(f"{key}: {_strict(a)[:80]} before, {_strict(b)[:80]} now")
    return out


def check_resumable(out: Path, meta: dict[str, Any]) -> dict[str, Any] | None:
    """Refuse a directory that holds something else; returns the existing metadata (if resuming).

    Raises
    ------
    InputError
        When the directory holds other files, or a sweep made from a different
        spec, different input files or another raddsim version.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError("exists and is not a directory.", file=out,
                         fix="give a new directory for the sweep's results.")
    old = read_metadata(out)
    if old is None:
        if holds_other_files(out):
            lost_metadata(out)
            raise InputError("the directory is not empty and holds no sweep.", file=out,
                             fix="give a new (or empty) directory; raddsim will not write among other files.")
        return None
    if old.get("spec_hash") != meta["spec_hash"]:
        changed = spec_differences(old.get("spec", {}), meta["spec"])
        raise InputError(f"holds a sweep made from a different spec (differs in: {'; '.join(changed) or 'contents'}; "
                         f"it was made from {old.get('spec_file')}).", file=out / META_FILE, field="spec_hash",
                         fix="resume with the original spec, or write this sweep to a new results directory.")
    if old.get("inputs_hash") != meta["inputs_hash"]:
        a, b = old.get("input_files_sha256", {}), meta["input_files_sha256"]
        changed = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
        raise InputError(f"the input files changed since this sweep began ({', '.join(changed)}).",
                         file=out / META_FILE,
                         field="input_files_sha256",
                         fix="restore the original files, or start a new results directory.")
    _check_same_target(out, old, meta)
    if old.get("raddsim_version") != meta["raddsim_version"]:
        raise InputError(f"was made by raddsim {old.get('raddsim_version')}, this is {meta['raddsim_version']}.",
                         file=out / META_FILE, field="raddsim_version",
                         fix="resume with the same raddsim version, or start a new results directory.")
    return old


def _check_same_target(out: Path, old: dict[str, Any], meta: dict[str, Any]) -> None:
    """Refuse to resume a sweep whose shares were read against another target (``compare --uncertain --target``):
    its rows and the new ones would mix two targets. A folder or caller without the key is not checked."""
    before, now = old.get("target_minutes"), meta.get("target_minutes")
    if isinstance(before, (int, float)) and isinstance(now, (int, float)) and float(before) != float(now):
        raise InputError(f"its shares were read against a target of {before:g} min, now {now:g} min.",
                         file=out / META_FILE, field="target_minutes",
                         fix=f"resume with the same target (--target {before:g}), or start a new results directory.")


def write_metadata(out: Path, meta: dict[str, Any]) -> None:
    write_json_atomic(Path(out) / META_FILE, meta)


#: Descriptors of the sweep locks this process holds (see :func:`forget_locks`).
_HELD: list[int] = []


def forget_locks() -> None:
    """In a worker forked while a sweep lock is held: close the inherited descriptors of the lock.

    A lock taken with ``flock`` belongs to the open file, which a forked child shares; a
    worker still alive for a moment after its driver was killed would otherwise keep the
    directory locked, and a resume started at once would be refused.
    """
    if not _HELD:
        return
    null = os.open(os.devnull, os.O_RDONLY)
    for fd in _HELD:  # /dev/null in its place: the number stays valid for the inherited file object
        with contextlib.suppress(OSError):
            os.dup2(null, fd)
    os.close(null)
    _HELD.clear()


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on the sweep directory (two sweeps writing one directory would duplicate tasks)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    fh = (out / LOCK_FILE).open("a+")
    _HELD.append(fh.fileno())
    try:
        try:
            import fcntl
            have_locks = True
        except ImportError:  # pragma: no cover - Windows: no advisory locks, one sweep per directory by convention
            have_locks = False
        if have_locks:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise InputError("another raddsim sweep is writing to this directory.", file=out,
                                 fix="wait for it to finish (or stop it), or use another results directory.") from None
        yield
    finally:
        with contextlib.suppress(ValueError):
            _HELD.remove(fh.fileno())
        fh.close()


def part_files(out: Path) -> list[Path]:
    """The finished part files (temporary files of an interrupted write are not parts)."""
    parts = Path(out) / PARTS_DIR
    return sorted(p for p in parts.glob("part-*.parquet")) if parts.is_dir() else []


def _temporary(p: Path, patterns: Sequence[str] = TEMPORARY_PATTERNS) -> bool:
    """Whether ``p`` is a temporary a sweep writes before renaming it (see :data:`TEMPORARY_PATTERNS`)."""
    return p.is_file() and any(p.match(pattern) for pattern in patterns)


def holds_other_files(out: Path) -> bool:
    """Whether a folder without ``sweep.json`` holds anything but the lock and a cut-off ``sweep.json`` temporary.

    A sweep killed during its first write of ``sweep.json`` leaves only those two: its own, so a fresh start (was
    refused as "not empty and holds no sweep"). A user's own hidden ``*.tmp`` still counts as another file.
    """
    out = Path(out)
    return out.is_dir() and any(p.name != LOCK_FILE and not _temporary(p, TEMPORARY_PATTERNS[1:])
                                for p in out.iterdir())


def remove_stale_temporaries(out: Path) -> int:
    """Delete half-written temporaries left by a killed sweep; returns how many.

    ``sweep.json``'s temporary is among them: only ``.*.tmp`` was, so a sweep killed while it wrote
    ``sweep.json`` left ``.sweep.tmp.XXXX.json`` behind for good (and, on its first write, a folder that was
    refused as "not empty and holds no sweep").
    """
    n = 0
    for d in (Path(out), Path(out) / PARTS_DIR):
        if d.is_dir():
            for p in sorted(d.iterdir()):
                if _temporary(p):
                    p.unlink(missing_ok=True)
                    n += 1
    return n


__all__ = ["LOCK_FILE", "META_FILE", "PARTS_DIR", "RESULTS_FILE", "TEMPORARY_PATTERNS", "build_metadata",
           "check_resumable", "forget_locks", "holds_other_files", "identity_metadata", "input_hashes", "locked",
           "part_files", "read_metadata", "remove_stale_temporaries", "spec_differences", "write_metadata"]


def lost_metadata(out: Path) -> None:
    """Refuse a sweep folder whose {META_FILE} is gone but whose parts/ hold finished tasks, saying so (was "the
    directory is not empty and holds no sweep"); nothing for a folder without parts.

    Raises
    ------
    InputError
        Naming the missing file, the number of finished part files and the fix.
    """
    parts = part_files(out)
    if parts:
        raise InputError(f"{META_FILE} is missing, but {PARTS_DIR}/ holds {len(parts)} finished part file"
                         f"{'s' if len(parts) != 1 else ''} of a sweep: without it they cannot be read or resumed.",
                         file=Path(out) / META_FILE,
                         fix=f"restore {META_FILE} (e.g. from a backup), or give a new --out and run the sweep again.")

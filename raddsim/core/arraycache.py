"""An on-disk memo of arrays derived from arrays: computed once, read back by every later run.

A plain ``raddsim run`` needs a few results that only scipy and pyproj compute —
shortest paths on the road graph, its connected components, node positions in
SWEREF 99 TM and the nearest node of a station — and importing those libraries
costs more than half of the program's start (≈ 0.3 s of ≈ 0.5 s). They are pure
functions of their input arrays, so :func:`cached_arrays` keeps their results in
the user's cache folder and later runs read them back (a few milliseconds, no
import).

Never stale: the file name is a SHA-256 of the kind of result, every input
array's dtype, shape and bytes, the raddsim version and the installed files of the
libraries that compute it (code that changes what a kind computes must rename the
kind). Writes are atomic; an unreadable file is recomputed; an unwritable or absent
cache folder only costs speed. The folder is kept under :data:`MAX_BYTES` by removing
the least recently used entries. Large results worth keeping only when asked for
again (all-pairs tables) go through :func:`reused_arrays`.

Where: :func:`cache_dir` (``$RADDSIM_CACHE_DIR``, else ``$XDG_CACHE_HOME/raddsim``,
else ``~/.cache/raddsim``); ``RADDSIM_CACHE_DIR=off`` turns the memo off.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import io
import logging
import os
from pathlib import Path
from typing import Callable, Mapping, Sequence

import numpy as np

log = logging.getLogger(__name__)

#: Sub-folder of the cache folder that holds the memo's files.
FOLDER = "derived"
#: The memo's folder is trimmed to this size (least recently used first); ASSUMPTION: 512 MiB is
#: small for a disk and holds the all-pairs tables of ≈ 30 variants of a 1,500-node network.
MAX_BYTES = 512 * 2**20
#: Arrays larger than this are read as read-only memory maps (shared between forked processes).
MMAP_BYTES = 2**20

Inputs = Sequence["np.ndarray | str | float | int"]


def cache_dir() -> Path | None:
    """The folder of raddsim's caches, or None when no home or cache folder is known (or it is ``off``)."""
    explicit = os.environ.get("RADDSIM_CACHE_DIR")
    if explicit:
        return None if explicit == "off" else Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg).expanduser() / "raddsim"
    try:
        return Path.home() / ".cache" / "raddsim"
    except RuntimeError:  # no home directory can be determined
        return None


def memo_key(kind: str, inputs: Inputs, libraries: Sequence[str] = ()) -> str:
    """SHA-256 of the kind, the inputs (dtype, shape and bytes of arrays; repr of the rest) and the libraries."""
    from raddsim import __version__

    h = hashlib.sha256(f"{kind}\0raddsim {__version__}\0".encode())
    for lib in libraries:
        h.update(f"{lib} {installed(lib)}\0".encode())
    for x in inputs:
        if isinstance(x, np.ndarray):
            a = np.ascontiguousarray(x)
            h.update(f"{a.dtype.str}{a.shape}\0".encode())
            h.update(a.tobytes())
        else:
            h.update(f"{type(x).__name__}:{x!r}\0".encode())
    return h.hexdigest()


@functools.lru_cache(maxsize=None)
def installed(package: str) -> str:
    """Which installation of ``package`` would be imported: its file, size and modification time.

    Without importing it (that is the import this memo saves) and without
    ``importlib.metadata`` (≈ 30 ms of parsing); installing another version
    rewrites the file, so the memo misses.
    """
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return "absent"
    st = os.stat(spec.origin)
    return f"{spec.origin} {st.st_size} {st.st_mtime_ns}"


def cached_arrays(kind: str, inputs: Inputs, compute: Callable[[], Mapping[str, np.ndarray]],
                  libraries: Sequence[str] = (), folder: Path | None = None) -> dict[str, np.ndarray]:
    """``compute()``'s named arrays, from the memo when it holds them for exactly these inputs.

    Parameters
    ----------
    kind : str
        What is computed (part of the key and of the file names), e.g. ``"allpairs-forward"``.
    inputs : sequence
        Everything the result depends on: arrays (by dtype, shape and bytes) and plain values.
    compute : callable
        Returns the result as a mapping of names to arrays; called only on a miss.
    libraries : sequence of str
        Distributions whose versions the result depends on (part of the key).
    folder : Path or None
        Keep the entries in this folder (default: ``derived/`` in :func:`cache_dir`).

    Returns
    -------
    dict of str to ndarray
        The arrays; large ones read back are read-only memory maps (copy before writing).
    """
    if folder is None:
        base = cache_dir()
        if base is None:
            return dict(compute())
        folder = base / FOLDER
    stem = folder / f"{kind}-{memo_key(kind, inputs, libraries)[:32]}"
    hit = _read(stem)
    if hit is not None:
        return hit
    return _compute_and_keep(stem, compute)


def _compute_and_keep(stem: Path, compute: Callable[[], Mapping[str, np.ndarray]]) -> dict[str, np.ndarray]:
    result = {name: np.asarray(a) for name, a in compute().items()}
    if _write(stem, result):
        # Read back: large arrays are then file-backed maps the system can page out, not process memory
        # (a sweep over network settings holds a table per variant).
        return _read(stem) or result
    return result


def reused_arrays(kind: str, inputs: Inputs, compute: Callable[[], Mapping[str, np.ndarray]],
                  libraries: Sequence[str] = ()) -> dict[str, np.ndarray] | None:
    """Like :func:`cached_arrays` for large results worth keeping only when the same inputs come back.

    The first process to ask notes the key (an empty file) and gets None: the caller computes
    what it needs its own way. A later process computes, keeps and returns the result. So a
    planner's repeated runs of one network read it back from the third run on, while a sweep
    over network settings — a new network per point, each asked for once — writes nothing big.

    Returns
    -------
    dict of str to ndarray or None
        The arrays (large ones as read-only memory maps), or None the first time (or without a cache).
    """
    folder = cache_dir()
    if folder is None:
        return None
    stem = folder / FOLDER / f"{kind}-{memo_key(kind, inputs, libraries)[:32]}"
    hit = _read(stem)
    if hit is not None:
        return hit
    seen = stem.with_suffix(".seen")
    if not seen.exists():
        with contextlib.suppress(OSError):
            seen.parent.mkdir(parents=True, exist_ok=True)
            seen.touch()
        return None
    return _compute_and_keep(stem, compute)


#: Entries this process has read, by file stem: a table shared by several networks is mapped once.
_OPEN: dict[Path, dict[str, np.ndarray]] = {}
_OPEN_MAX = 64


def _read(stem: Path) -> dict[str, np.ndarray] | None:
    if stem in _OPEN:
        return dict(_OPEN[stem])
    out = _load(stem)
    if out is not None:
        if len(_OPEN) >= _OPEN_MAX:
            _OPEN.pop(next(iter(_OPEN)))
        _OPEN[stem] = out
    return None if out is None else dict(out)


def _load(stem: Path) -> dict[str, np.ndarray] | None:
    index = stem.with_suffix(".names")
    try:
        names = index.read_text(encoding="utf-8").split()
        out = {}
        for name in names:
            path = Path(f"{stem}.{name}.npy")
            big = path.stat().st_size > MMAP_BYTES
            out[name] = np.load(path, mmap_mode="r" if big else None, allow_pickle=False)
        os.utime(index)  # least recently used goes first when the folder is trimmed
        return out
    except (OSError, ValueError):  # missing, damaged or foreign: computed afresh
        return None


def _write(stem: Path, arrays: Mapping[str, np.ndarray]) -> bool:
    from raddsim.core.errors import InputError
    from raddsim.core.io import write_bytes_atomic

    try:
        stem.parent.mkdir(parents=True, exist_ok=True)
        for name, a in arrays.items():
            buf = io.BytesIO()
            np.save(buf, a, allow_pickle=False)
            write_bytes_atomic(Path(f"{stem}.{name}.npy"), buf.getvalue())
        # Written last: an entry whose index exists is complete.
        write_bytes_atomic(stem.with_suffix(".names"), " ".join(arrays).encode())
        trim(stem.parent)
        return True
    except (OSError, InputError) as exc:  # an unwritable cache only costs speed
        log.info("could not write %s (%s)", stem, exc)
        return False


def trim(folder: Path, max_bytes: int = MAX_BYTES) -> int:
    """Remove the least recently used entries of ``folder`` until it holds at most ``max_bytes``; bytes removed."""
    entries: dict[str, list[os.DirEntry]] = {}
    with os.scandir(folder) as it:
        for e in it:
            if e.name.startswith("."):  # a file being written (core.io's temporary names)
                continue
            entries.setdefault(e.name.split(".", 1)[0], []).append(e)
    sizes = {k: sum(e.stat().st_size for e in es) for k, es in entries.items()}
    total, removed = sum(sizes.values()), 0
    if total <= max_bytes:
        return 0

    def last_used(key: str) -> float:  # an entry's index file is touched on every read
        return max((e.stat().st_mtime for e in entries[key] if e.name.endswith(".names")), default=0.0)

    for k in sorted(entries, key=last_used):
        if total - removed <= max_bytes:
            break
        for e in entries[k]:
            with contextlib.suppress(FileNotFoundError):  # another process trimming the same folder
                os.unlink(e.path)
        removed += sizes[k]
    return removed


__all__ = ["cache_dir", "cached_arrays", "memo_key", "reused_arrays", "trim", "MAX_BYTES", "FOLDER"]

"""Writing results safely: atomically, never half a file."""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any, Callable

from raddsim.core.errors import InputError


def _clean(obj: Any) -> Any:
    """JSON has no NaN/inf: write them as null."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    if hasattr(obj, "item"):  # numpy scalars
        return _clean(obj.item())
    return obj


def write_atomic(path: str | Path, write: Callable[[str], None]) -> Path:
    """Create ``path`` through ``write(tmp)`` on a temporary name in the same folder, then rename.

    A crash or error leaves the old file (if any) untouched and no partial file behind.
    """
    path = Path(path)
    if path.is_dir():
        raise InputError("is a directory.", file=path, fix="give a file name for the output.")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise InputError("the output directory does not exist.", file=path, fix=f"create {parent} first.")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.tmp.", suffix=path.suffix, dir=parent)
    os.close(fd)
    os.unlink(tmp)  # writers (GDAL drivers among them) want to create the file themselves
    try:
        write(tmp)
        # Give the file the permissions a normal write would (mkstemp's are private).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_bytes_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file and an atomic rename."""

    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())

    return write_atomic(path, write)


def write_json_atomic(path: str | Path, obj: Any) -> Path:
    """Write ``obj`` as pretty, deterministic JSON, atomically."""
    text = json.dumps(_clean(obj), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return write_bytes_atomic(path, text.encode("utf-8"))

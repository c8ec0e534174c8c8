"""The sweep's worker server, startable before anything heavy is imported.

Sweep workers are forked from multiprocessing's forkserver, a clean process that imports
raddsim's sweep worker once (fast worker start, and no fork of the driver's threads). The
server's import costs about as much as the driver's own (≈ 1 s: numpy, scipy, the engine);
started first thing, the two run side by side on two cores instead of one after the other.
This module imports nothing but multiprocessing, so ``raddsim sweep`` can start the server
before it imports the sweep machinery (``raddsim.sweep.execute`` loads the engine and pyarrow).
"""

from __future__ import annotations

import multiprocessing as mp
from typing import Any

#: Modules the server imports: the guard makes it end with the driver; the worker module brings raddsim.
PRELOAD = ["raddsim.sweep.forkserver_guard", "raddsim.sweep.worker"]


def pool_context(extra: tuple[str, ...] = ()) -> Any:
    """The multiprocessing context sweep pools use: forkserver with :data:`PRELOAD` (and ``extra``), else spawn.

    The preload takes effect when the server starts (one server per process): the first caller's list counts.
    """
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD + list(extra))
        return ctx
    return mp.get_context("spawn")  # pragma: no cover - Windows


def prestart(extra: tuple[str, ...] = ()) -> bool:
    """Start the server now (it imports :data:`PRELOAD` and ``extra`` meanwhile); whether there is one."""
    if "forkserver" not in mp.get_all_start_methods():
        return False  # pragma: no cover - Windows
    from multiprocessing import forkserver

    pool_context(extra)
    forkserver.ensure_running()
    return True


__all__ = ["PRELOAD", "pool_context", "prestart"]

"""Worker processes that do not outlive the sweep that started them.

A sweep's workers are forked from its main process (or, without ``fork``, started by
multiprocessing's forkserver or spawned). If the main process is
killed (``kill -9``, the OOM killer, a closed terminal) nothing tells them to stop:
they would keep computing, holding memory and the output pipe (``raddsim sweep … | tee``
would never end). On Linux each worker asks the kernel for a signal when its parent
dies (``prctl(PR_SET_PDEATHSIG)``); elsewhere a watchdog thread checks the parent.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

#: prctl option: deliver a signal to this process when its parent thread exits (linux/prctl.h).
PR_SET_PDEATHSIG = 1
#: How often the fallback watchdog looks for the parent (seconds).
WATCHDOG_INTERVAL_S = 1.0


def die_with_parent() -> str:
    """Arrange for this process to end when its parent does; returns the mechanism used.

    Call it first thing in a worker process (the process-pool initializer).
    """
    parent = os.getppid()
    how = "watchdog"
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0) == 0:
                how = "pdeathsig"
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
    if how == "watchdog":
        threading.Thread(target=_watch, args=(parent,), daemon=True, name="raddsim-parent-watchdog").start()
    return how


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCHDOG_INTERVAL_S)
    os._exit(1)


__all__ = ["die_with_parent"]

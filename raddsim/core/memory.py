"""How much memory this machine has free: so a job too large for it is refused before it starts, not killed."""

from __future__ import annotations

import os
from pathlib import Path


def available_bytes() -> int | None:
    """Memory the system can give a process now (Linux ``MemAvailable``, else free pages), or None if unknown.

    ``MemAvailable`` counts the page cache the kernel would drop; plain free pages do not, so the fallback
    (other Unix systems) is the stricter of the two.
    """
    try:
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):
        return None  # Windows: no check


__all__ = ["available_bytes"]

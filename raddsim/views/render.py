"""Rendering many figures at once, on every core: shared by ``raddsim map`` and ``raddsim report``.

Drawing a map is almost all matplotlib text layout and rasterising (≈ 0.3–0.5 s
a map), one core each. :func:`render_figures` renders a list of finished
figures in a pool of forked processes: a child inherits the figures from the
parent's memory (nothing is pickled on the way in) and sends back the bytes.
Each figure is rendered in one process, its formats in the order asked, exactly
as the serial loop would, so the files are the same to the byte
(``tests/test_render.py``).

Serial when there is one core or one figure, where ``fork`` does not exist
(Windows, macOS default), or with ``RADDSIM_PROCESSES=1`` (:mod:`raddsim.core.forked`).

:func:`deferred` lets code that embeds figures as it goes (the report) ask for
them first and receive them all at the end: inside ``with deferred() as d``,
:func:`png_base64` returns a placeholder and starts rendering the figure in a
forked process at once (:class:`raddsim.core.forked.ForkQueue`, a core each), while
the caller draws the next one; ``d.resolve(text)`` waits for them and puts the data in.
"""

from __future__ import annotations

import base64
import secrets
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

from raddsim.core.forked import ForkQueue, fork_map

_PENDING: list["Deferred"] = []


def _render(job: tuple[Any, tuple[str, ...], dict[str, Any]]) -> list[bytes]:
    from raddsim.views.maps import figure_bytes

    fig, formats, kwargs = job
    return [figure_bytes(fig, fmt, **kwargs) for fmt in formats]


def render_figures(jobs: list[tuple[Any, tuple[str, ...], dict[str, Any]]],
                   processes: int | None = None) -> list[list[bytes]]:
    """Render each ``(figure, formats, figure_bytes keyword arguments)``; the bytes per job and format.

    Parameters
    ----------
    jobs
        Finished matplotlib figures with the formats to render them in.
    processes
        Worker processes (default: one per core, see :mod:`raddsim.core.forked`); 1 renders here.
    """
    return fork_map(_render, jobs, processes)


@dataclass
class Deferred:
    """Figures asked for inside :func:`deferred`, each rendered as soon as asked for; :meth:`resolve` puts them in."""

    token: str = field(default_factory=lambda: f"RADDSIM-FIGURE-{secrets.token_hex(8)}-")
    queue: ForkQueue = field(default_factory=ForkQueue)
    count: int = 0

    def add(self, job: tuple[Any, tuple[str, ...], dict[str, Any]]) -> str:
        """Start rendering ``job`` (a free core renders it while the caller goes on); its placeholder."""
        self.queue.submit(lambda: _render(job))
        self.count += 1
        return f"{self.token}{self.count - 1}."

    def resolve(self, text: str) -> str:
        """``text`` with every placeholder replaced by its figure's base64 PNG."""
        rendered = self.queue.results()
        for k, (png,) in enumerate(rendered):  # the "." ends the number: "…-1." is not in "…-10."
            text = text.replace(f"{self.token}{k}.", base64.b64encode(png).decode("ascii"))
        self.queue, self.count = ForkQueue(), 0
        return text


@contextmanager
def deferred() -> Iterator[Deferred]:
    """Collect figures asked for with :func:`png_base64`, rendered as they come; see the module doc."""
    d = Deferred()
    _PENDING.append(d)
    try:
        yield d
    finally:
        _PENDING.remove(d)
        d.queue.cancel()  # nothing left after resolve; after an error, no child renders on


def png_base64(fig: Any, dpi: int) -> str:
    """A figure as base64 PNG, or a placeholder for it inside :func:`deferred`."""
    if _PENDING:
        return _PENDING[-1].add((fig, ("png",), {"dpi": dpi}))
    from raddsim.views.maps import figure_bytes

    return base64.b64encode(figure_bytes(fig, "png", dpi=dpi)).decode("ascii")


__all__ = ["Deferred", "deferred", "png_base64", "render_figures"]

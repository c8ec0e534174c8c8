"""A finished figure as bytes or files (PNG, SVG, PDF), written atomically."""

from __future__ import annotations

import io
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Iterator

import matplotlib
from matplotlib.figure import Figure

from raddsim.core.errors import InputError
from raddsim.core.io import figure_metadata, write_bytes_atomic

FORMATS = ("png", "svg", "pdf")


DPI = 150
_LAYOUT_DPI: ContextVar[int] = ContextVar("raddsim_layout_dpi", default=DPI)

#: zlib level of the PNG files. Pillow's default 6 spent 0.52–0.55 s of CPU encoding the report's nine maps, level 3
#: 0.32–0.37 s for the same pixels in files 2 % smaller (benchmarks/README.md, sixteenth pass).
PNG_COMPRESS_LEVEL = 3


def layout_dpi() -> int:
    """The resolution a new figure is laid out at: :data:`DPI`, or what :func:`laid_out_at` says."""
    return _LAYOUT_DPI.get()


@contextmanager
def laid_out_at(dpi: int) -> Iterator[None]:
    """Lay the figures made inside out at ``dpi``, the resolution they will be rendered at.

    Text is measured at a figure's own resolution when it is laid out (label placement, line breaks) and again
    when it is rendered at another: the report's figures, rendered at 110 dpi, were measured twice, ≈ 28 % of
    their text measurements. Laid out at 110 dpi, every measurement is made once and is the rendered one.
    """
    token = _LAYOUT_DPI.set(dpi)
    try:
        yield
    finally:
        _LAYOUT_DPI.reset(token)


def figure_bytes(fig: Figure, fmt: str = "png", dpi: int = DPI) -> bytes:
    """Render a figure; vector formats carry no creation date so the same input gives the same file, and every
    format raddsim's mark."""
    buf = io.BytesIO()
    metadata = figure_metadata(fmt)  # raddsim's mark: a re-run may replace the file (core.io.written_by_raddsim)
    # SVG element ids are random unless salted.
    with matplotlib.rc_context({"svg.hashsalt": "raddsim"}):
        options: dict[str, Any] = {"pil_kwargs": {"compress_level": PNG_COMPRESS_LEVEL}} if fmt == "png" else {}
        fig.savefig(buf, format=fmt, dpi=dpi, metadata=metadata, **options)
    return buf.getvalue()


def save_figure(fig: Figure, stem: str | Path, formats: tuple[str, ...] = FORMATS) -> list[Path]:
    """Write ``stem.png``, ``stem.svg`` … atomically; returns the paths."""
    paths = []
    for fmt in dict.fromkeys(formats):  # each once: a format given twice was rendered and listed twice
        if fmt not in FORMATS:
            raise InputError(f"unknown map format '{fmt}'.", field="formats",
                             fix=f"use some of {', '.join(FORMATS)}.")
        paths.append(write_bytes_atomic(Path(f"{stem}.{fmt}"), figure_bytes(fig, fmt)))
    return paths

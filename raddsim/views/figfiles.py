"""A finished figure as bytes or files (PNG, SVG, PDF), written atomically."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.figure import Figure

from raddsim.core.errors import InputError
from raddsim.core.io import figure_metadata, write_bytes_atomic

FORMATS = ("png", "svg", "pdf")


DPI = 150

#: zlib level of the PNG files. Pillow's default 6 spent 0.52–0.55 s of CPU encoding the report's nine maps, level 3
#: 0.32–0.37 s for the same pixels in files 2 % smaller (benchmarks/README.md, sixteenth pass).
PNG_COMPRESS_LEVEL = 3


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

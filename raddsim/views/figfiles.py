"""A finished figure as bytes or files (PNG, SVG, PDF), written atomically."""

from __future__ import annotations

import io
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import matplotlib
from matplotlib.figure import Figure

from raddsim.core.errors import InputError
from raddsim.core.io import figure_metadata, write_bytes_atomic

if TYPE_CHECKING:  # matplotlib.typing.RcKeyType is new in 3.11; only the type checker needs it
    from matplotlib.typing import RcKeyType

FORMATS = ("png", "svg", "pdf")


DPI = 150
_LAYOUT_DPI: ContextVar[int] = ContextVar("raddsim_layout_dpi", default=DPI)

#: zlib level of the PNG files. Pillow's default 6 spent 0.52–0.55 s of CPU encoding the report's nine maps, level 3
#: 0.32–0.37 s for the same pixels in files 2 % smaller (benchmarks/README.md, sixteenth pass).
PNG_COMPRESS_LEVEL = 3


#: matplotlib settings of the figures the command line draws (:func:`command_style`). ``text.hinting``:
#: matplotlib's default runs each font's own TrueType hinter on every glyph it measures and draws; unhinted, the
#: glyphs come straight from their outlines. FreeType's CPU in ``raddsim map`` 1.0–1.2 s → 0.6–0.8 s, the text
#: marginally softer at 110–150 dpi (benchmarks/README.md, thirty-first pass).
COMMAND_RC: dict[RcKeyType, Any] = {"text.hinting": "no_hinting"}


@contextmanager
def command_style() -> Iterator[None]:
    """Lay out, draw and render the figures made inside with :data:`COMMAND_RC`, as the command line does.

    One setting from layout to pixels: a text is measured when its figure is laid out and drawn when rendered, and
    the two must agree (figures rendered in forked children inherit it). The library itself leaves matplotlib's
    settings alone, so a caller's own figures, and raddsim's drawn from Python, keep the caller's.
    """
    with matplotlib.rc_context(COMMAND_RC):
        yield


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

"""Headless Chromium: print the board paper to PDF (A4) and take screenshots of it.

Chromium is an optional external program (Debian/Ubuntu: ``apt install chromium``).
It runs with a throw-away profile, without sandbox, GPU, first-run dialogs or
background networking; the paper has no external resources, so nothing is
fetched. Set ``RADDSIM_CHROMIUM`` to use another binary.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from raddsim.core.errors import InputError

#: Binaries tried in order when ``RADDSIM_CHROMIUM`` is not set.
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Flags for a quiet, isolated headless run.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--hide-scrollbars", "--mute-audio")
#: Seconds before a Chromium run is given up.
TIMEOUT_S = 180


def find_chromium() -> str:
    """The Chromium binary to use, or an :class:`InputError` saying how to get one."""
    env = os.environ.get("RADDSIM_CHROMIUM")
    if env:
        if shutil.which(env) or Path(env).is_file():
            return shutil.which(env) or env
        raise InputError(f"RADDSIM_CHROMIUM={env} is not an executable.", field="RADDSIM_CHROMIUM",
                         fix="point it at a Chromium or Chrome binary, or unset it.")
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    raise InputError("--pdf needs headless Chromium, which is not installed.", field="--pdf",
                     fix="install it (Debian/Ubuntu: apt install chromium) or set RADDSIM_CHROMIUM; the HTML paper is "
                         "written anyway.")


def _run(args: list[str]) -> None:
    binary = find_chromium()
    with tempfile.TemporaryDirectory(prefix="raddsim-chromium-") as profile:
        cmd = [binary, *FLAGS, f"--user-data-dir={profile}", *args]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired as exc:
            raise InputError(f"Chromium did not finish within {TIMEOUT_S} s.", field="--pdf",
                             fix="try again; check that Chromium starts.") from exc
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise InputError(f"Chromium failed (exit {proc.returncode}): {last}", field="--pdf",
                         fix="check that Chromium runs headless on this machine.")


def html_to_pdf(html_file: Path, pdf_file: Path) -> Path:
    """Print ``html_file`` to ``pdf_file`` (A4, as the paper's print CSS lays it out; no header or footer).

    Written to a temporary name beside the target and renamed, so a failed run leaves no partial file.
    """
    pdf_file = Path(pdf_file)
    tmp = pdf_file.with_name(f".{pdf_file.name}.tmp.pdf")
    try:
        _run(["--no-pdf-header-footer", f"--print-to-pdf={tmp.resolve()}", Path(html_file).resolve().as_uri()])
        if not tmp.is_file() or tmp.stat().st_size == 0:
            raise InputError("Chromium wrote no PDF.", field="--pdf",
                             fix="check that Chromium runs headless on this machine.")
        from raddsim.core.io import mark_pdf

        tmp.write_bytes(mark_pdf(tmp.read_bytes()))  # raddsim's mark: a re-run may replace it without --force
        os.replace(tmp, pdf_file)
    finally:
        tmp.unlink(missing_ok=True)
    return pdf_file


def screenshot(html_file: Path, png_file: Path, width: int = 1100, height: int = 1500) -> Path:
    """A PNG screenshot of the top ``width`` × ``height`` CSS pixels of ``html_file``."""
    png_file = Path(png_file)
    _run([f"--window-size={width},{height}", f"--screenshot={png_file.resolve()}", Path(html_file).resolve().as_uri()])
    if not png_file.is_file():
        raise InputError("Chromium wrote no screenshot.", field="screenshot",
                         fix="check that Chromium runs headless on this machine.")
    return png_file


def pdf_pages(pdf_file: Path) -> int:
    """Number of pages of a PDF Chromium wrote (counts its page objects)."""
    import re

    return len(re.findall(rb"/Type\s*/Page(?!s)", Path(pdf_file).read_bytes()))

"""The worked notebooks execute without errors, show their figures, and print what the tool prints today.

The committed outputs are what GitHub shows. The test re-executes every notebook and compares the
numbers each code cell prints with the committed ones, so a model change that moves a figure makes
the notebook stale and this test fails. Regenerate with ``python notebooks/build_notebooks.py``
(from the repository root) and commit the notebooks.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="nbformat is a test dependency: pip install '.[test]'")
nbclient = pytest.importorskip("nbclient", reason="nbclient is a test dependency: pip install '.[test]'")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes_and_shows_figures(path: Path, tmp_path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    # The committed notebook carries its outputs for GitHub: it must show at least one figure.
    committed_images = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert committed_images >= 1, f"{path.name} was committed without its figures; run notebooks/build_notebooks.py"
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute(cwd=str(ROOT))
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    images = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert images >= 1
    committed = nbformat.read(path, as_version=4)
    for k, (old, new) in enumerate(zip(committed.cells, nb.cells)):
        if old.cell_type == "code":
            a, b = printed_figures(old), printed_figures(new)
            assert a == b, (f"{path.name} cell {k} is stale: committed {a[:12]}… now {b[:12]}…; regenerate with "
                            "python notebooks/build_notebooks.py")


#: Numbers that are not model figures: file paths (temporary directories), sizes and durations.
_NOISE = re.compile(r"\S*/\S*|\d+(?:\.\d+)?\s*(?:MB|kB|KB|B|s|ms)\b")
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def printed_figures(cell) -> list[str]:
    """The numbers a code cell prints (stdout and text results), in order, without paths, sizes or timings."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stdout":
            parts.append(out.get("text", ""))
        elif out.get("output_type") in ("execute_result", "display_data"):
            text = out.get("data", {}).get("text/plain", "")
            if not text.startswith("<"):  # <Figure …>, <IPython…Image object>: no figures in them
                parts.append(text)
    return _NUMBER.findall(_NOISE.sub(" ", "\n".join(parts)))


def test_printed_figures_ignore_paths_and_sizes() -> None:
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="sweep /tmp/x-9ab_71/rp.toml: 5 point(s)\n"
                                           "rapport.html: 2.7 MB, 9 images; mean 12.41 [12.34, 12.49]\n")]
    assert printed_figures(cell) == ["5", "9", "12.41", "12.34", "12.49"]
    cell.outputs[0]["text"] = cell.outputs[0]["text"].replace("12.41", "10.60")
    assert "10.60" in printed_figures(cell)


def test_there_are_notebooks() -> None:
    assert any(p.stem == "planner" for p in NOTEBOOKS)

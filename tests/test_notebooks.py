"""The worked notebooks execute without errors and show their figures (issue 9)."""

from __future__ import annotations

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


def test_there_are_notebooks() -> None:
    assert any(p.stem == "planner" for p in NOTEBOOKS)

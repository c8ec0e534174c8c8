"""Exit 1 unless two ``raddsim run --json`` files hold the same figures (paths and versions aside)."""

import json
import sys

# Where the package is installed and which Python ran it differ between the venvs on purpose.
ENVIRONMENT_KEYS = {"source", "file", "region_file"}


def figures(node):
    """The JSON tree without the keys that describe the environment."""
    if isinstance(node, dict):
        return {k: figures(v) for k, v in node.items() if k not in ENVIRONMENT_KEYS}
    if isinstance(node, list):
        return [figures(v) for v in node]
    return node


a, b = (figures(json.load(open(p, encoding="utf-8"))) for p in sys.argv[1:3])
if a != b:
    sys.exit(f"{sys.argv[2]}: the figures differ from {sys.argv[1]}")
print(f"{sys.argv[2]}: the same figures as {sys.argv[1]}")

"""Fetch the explorer's browser libraries from the npm registry into the package (``make assets``).

``npm install`` of the versions pinned in ``src/innokg/serve/explorer_assets/package.json`` in a
build folder (``build/explorer-npm``), then the files the pages load are copied to
``src/innokg/serve/explorer_assets/vendor/`` (git-ignored): YASGUI (``@zazuko/yasgui``: the SPARQL
editor with highlighting and prefixes), cytoscape.js (the network view) and MiniSearch (the search of the
static explorer ``innokg publish`` writes, which copies it and cytoscape.js into the site). Nothing is loaded from a
CDN at run time. Exit 0 when the files are in place, 2 when npm is missing or fails.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "src" / "innokg" / "serve" / "explorer_assets"
BUILD = ROOT / "build" / "explorer-npm"
FILES = {  # file in node_modules -> name in vendor/
    "@zazuko/yasgui/build/yasgui.min.js": "yasgui.min.js",
    "@zazuko/yasgui/build/yasgui.min.css": "yasgui.min.css",
    "cytoscape/dist/cytoscape.min.js": "cytoscape.min.js",
    "minisearch/dist/umd/index.js": "minisearch.js",
}


def main() -> int:
    npm = shutil.which("npm")
    if npm is None:
        print("[ERROR] [make assets] npm is not installed (Debian: apt-get install npm)", file=sys.stderr)
        return 2
    BUILD.mkdir(parents=True, exist_ok=True)
    shutil.copy(ASSETS / "package.json", BUILD / "package.json")
    r = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--ignore-scripts", "--omit=dev"], cwd=BUILD)
    if r.returncode:
        print("[ERROR] [make assets] npm install failed (see above)", file=sys.stderr)
        return 2
    vendor = ASSETS / "vendor"
    vendor.mkdir(exist_ok=True)
    for src, name in FILES.items():
        shutil.copy(BUILD / "node_modules" / src, vendor / name)
    print(f"[INFO] [make assets] {', '.join(FILES.values())} in {vendor}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

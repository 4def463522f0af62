"""The provision image carries uuut_stack and the kit as bare wheels, with asyncpg as its only
installed dependency: what its job imports must stay within that (checked without Docker)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
JOB = ROOT / "deploy" / "images" / "provision" / "provision.py"
# Its one installed dependency (scripts/build-wheels.sh keeps only asyncpg of the stack's), and
# the module asyncpg's compiled modules make.
INSTALLED = {"asyncpg", "cython_runtime"}
# The kit's wheel comes without its dependencies: only these of its modules can load there.
KIT_MODULES_WITHOUT_DEPENDENCIES = {"uuut_kit", "uuut_kit.files"}


def _members_in_the_image() -> set[str]:
    """The packages of the workspace members build-wheels.sh puts in the provision image."""
    script = (ROOT / "scripts" / "build-wheels.sh").read_text()
    members = re.search(r"provision\) members=\(([^)]*)\)", script)
    assert members, "build-wheels.sh no longer says which members the provision image holds"
    return {name.replace("uuutorrent_", "uuut_") for name in members.group(1).split()}


def test_the_provision_job_imports_only_what_its_image_holds() -> None:
    code = (
        "import json, runpy, sys\n"
        f"runpy.run_path({str(JOB)!r}, run_name='provision')\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    in_the_image = INSTALLED | _members_in_the_image()
    outside = {
        name.split(".")[0]
        for name in loaded
        if name.split(".")[0] not in sys.stdlib_module_names
        and name.split(".")[0] not in in_the_image
        and not name.startswith("_")
    }
    assert not outside, f"the provision image does not hold {sorted(outside)}"
    kit = {name for name in loaded if name.split(".")[0] == "uuut_kit"}
    assert kit <= KIT_MODULES_WITHOUT_DEPENDENCIES

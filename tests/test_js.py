"""The front end's pure modules under node's built-in test runner (node 20+), so the one
test command covers them: the device runner against the shared vectors, among others."""

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_node_tests_pass():
    node = shutil.which("node")
    assert node, "node is not installed: .ci/run installs Debian's nodejs"
    files = sorted(str(p) for p in (ROOT / "tests" / "js").glob("*.test.mjs"))
    assert files
    run = subprocess.run([node, "--test", *files], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]

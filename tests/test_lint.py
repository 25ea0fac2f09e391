"""The code stays ruff-clean."""

import subprocess
import sys

from tests.helpers import REPO


def test_ruff_finds_nothing():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "doingwith", "hooks", "tests", "scripts", "bench"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr

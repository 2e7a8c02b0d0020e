"""The wheel carries what an installed perm needs: migrations, policies and the demo."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=REPO, check=True, capture_output=True,
    )
    (found,) = out.glob("perm-*.whl")
    return found


def test_wheel_contents(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "permcli/migrations/env.py",
        "permcli/migrations/script.py.mako",
        "permcli/migrations/versions/0001_children_and_events.py",
        "permcli/policies/base.toml",
        "permcli/policies/statutory.toml",
        "permcli/sample_data/caseload.toml",
        "permcli/sample_data/children.csv",
        "permcli/sample_data/events.csv",
    ):
        assert expected in names
    assert not any(n.startswith("tests/") for n in names)


def test_installed_wheel_migrates_and_runs_the_demo(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True, capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run(
        [sys.executable, "-c", "import permcli; print(permcli.__file__)"],
        env=env, capture_output=True, text=True, cwd=tmp_path,
    )
    assert where.stdout.strip().startswith(str(target))
    demo = subprocess.run(
        [sys.executable, "-m", "permcli", "demo"], env=env, capture_output=True, text=True, cwd=tmp_path
    )
    assert demo.returncode == 0, demo.stderr
    assert "Due as of 2026-11-23" in demo.stdout
    assert "Demo caseload: 41 fictional children" in demo.stderr

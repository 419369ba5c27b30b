"""Shared fixtures: paths, a helper that runs dbt on a copy of the raw data in a scratch DuckDB file, and the shipped
sample built once per test session (`built_sample`) for the tests that read a built warehouse."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DATA = PROJECT_ROOT / "data" / "sample"
DBT = str(Path(sys.executable).with_name("dbt"))


def run_dbt(
    args: list[str],
    *,
    raw_data: Path,
    db_path: Path,
    project_dir: Path = PROJECT_ROOT,
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Runs dbt with its own DuckDB file, target and log folders so tests never touch the developer's build. DuckDB
    unless extra_env sets MTW_TARGET (e.g. spark, run in project_dir's own spark-warehouse)."""
    scratch = db_path.parent
    env = {name: value for name, value in os.environ.items() if name != "MTW_TARGET"}  # DuckDB unless extra_env says
    env.update(
        {
            "DBT_PROFILES_DIR": str(project_dir),
            "MTW_RAW_DATA": str(raw_data),
            "MTW_DUCKDB_PATH": str(db_path),
            "DBT_TARGET_PATH": str(scratch / "dbt-target"),
            "DBT_LOG_PATH": str(scratch / "dbt-logs"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            **(extra_env or {}),
        }
    )
    return subprocess.run([DBT, *args], cwd=project_dir, env=env, capture_output=True, text=True, check=False)


def parse_manifest(scratch: Path) -> dict[str, Any]:
    """The manifest of a fresh `dbt parse` of the project, written under `scratch`."""
    result = run_dbt(["parse"], raw_data=SAMPLE_DATA, db_path=scratch / "w.duckdb")
    assert result.returncode == 0, result.stdout[-3000:]
    return json.loads((scratch / "dbt-target" / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped sample raw data that a test may damage."""
    target = tmp_path / "raw"
    shutil.copytree(SAMPLE_DATA, target)
    return target


# What a dbt run needs from the project; build output, virtualenv, data and git history are left behind.
IGNORED = shutil.ignore_patterns(
    ".venv", ".git", "target", "logs", "dbt_packages", "data", "bench", "*.egg-info", "__pycache__", ".pytest_cache"
)


def copy_project(destination: Path, source: Path = PROJECT_ROOT) -> Path:
    """A copy of the dbt project without build output, data or virtualenv; returns its root."""
    shutil.copytree(source, destination, ignore=IGNORED)
    return destination


@dataclass(frozen=True)
class BuiltSample:
    """The shipped sample built in full (seeds, models, snapshot; no tests) from a copy of the project. Shared by the
    test files of a session: read its DuckDB file read-only, never edit the project; `copy_to` gives a private copy
    to build on."""

    project: Path
    db_path: Path

    @property
    def manifest_path(self) -> Path:
        return self.db_path.parent / "dbt-target" / "manifest.json"

    def copy_to(self, destination: Path) -> BuiltSample:
        project = copy_project(destination / "project", self.project)
        (destination / "scratch").mkdir()
        db_path = destination / "scratch" / self.db_path.name
        shutil.copy(self.db_path, db_path)
        return BuiltSample(project, db_path)


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> BuiltSample:
    """One full build of the sample per session. Under pytest-xdist the workers share it: the first to arrive builds
    it in the session's common temporary folder while holding a file lock, the others wait and reuse it."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    root = shared / "built_sample"
    sample = BuiltSample(root / "project", root / "scratch" / "warehouse.duckdb")
    with open(shared / "built_sample.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "built").exists():
            shutil.rmtree(root, ignore_errors=True)
            copy_project(sample.project)
            sample.db_path.parent.mkdir(parents=True)
            result = run_dbt(
                ["build", "--exclude", "resource_type:test", "resource_type:unit_test"],
                raw_data=SAMPLE_DATA,
                db_path=sample.db_path,
                project_dir=sample.project,
            )
            assert result.returncode == 0, result.stdout[-5000:]
            (root / "built").touch()
    return sample

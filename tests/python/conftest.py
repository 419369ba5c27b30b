"""Shared fixtures: paths, and a helper that runs dbt on a copy of the raw data in a scratch DuckDB file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
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

"""A throw-away dbt project that shares this project's macros and profiles, for testing and benchmarking macros on
small hand-made models and seeds without touching the real warehouse."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT = str(Path(sys.executable).with_name("dbt"))

SANDBOX_DBT_PROJECT = """\
name: member_tag_warehouse
version: "0.1.0"
config-version: 2
profile: member_tag_warehouse
model-paths: ["models"]
seed-paths: ["seeds"]
macro-paths: ["macros"]
flags:
  require_generic_test_arguments_property: true
"""


def make_sandbox_project(
    root: Path,
    *,
    models: dict[str, str],
    seeds: dict[str, str] | None = None,
    extra_files: dict[str, str] | None = None,
) -> Path:
    """Writes a dbt project under `root` with the project's macros and profiles.yml, the given models
    (name -> SQL), seeds (name -> CSV text) and any other files (relative path -> text). Returns `root`."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(PROJECT_ROOT / "macros", root / "macros", dirs_exist_ok=True)
    shutil.copy(PROJECT_ROOT / "profiles.yml", root / "profiles.yml")
    (root / "dbt_project.yml").write_text(SANDBOX_DBT_PROJECT)
    for folder, files, suffix in (("models", models, ".sql"), ("seeds", seeds or {}, ".csv")):
        (root / folder).mkdir(exist_ok=True)
        for name, text in files.items():
            (root / folder / f"{name}{suffix}").write_text(text)
    for relative, text in (extra_files or {}).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def run_sandbox_dbt(
    project_dir: Path,
    args: list[str],
    *,
    target: str = "duckdb",
    db_path: Path | None = None,
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Runs dbt in the sandbox project (DuckDB file `db_path`, default <project>/sandbox.duckdb, or Spark)."""
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(project_dir),
        "MTW_TARGET": target,
        "MTW_DUCKDB_PATH": str(db_path or project_dir / "sandbox.duckdb"),
        "DBT_TARGET_PATH": str(project_dir / "target"),
        "DBT_LOG_PATH": str(project_dir / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **(extra_env or {}),
    }
    return subprocess.run([DBT, *args], cwd=project_dir, env=env, capture_output=True, text=True, check=False)

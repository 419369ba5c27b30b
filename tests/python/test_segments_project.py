"""Segments in the real project: adding a segment is editing one YAML list, and a broken segment stops `dbt compile`
with a message naming the segment and the rule path, checked against the project's real tags.

Each test edits the `segments:` list in a copy of the project (models/marts/segments/_segments__definitions.yml) and
compiles member_segments; compiling needs no built warehouse."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import PROJECT_ROOT, SAMPLE_DATA, run_dbt

DEFINITIONS = Path("models/marts/segments/_segments__definitions.yml")
COMPILED = Path("compiled/member_tag_warehouse/models/marts/segments/member_segments.sql")
PROJECT_FILES = ["dbt_project.yml", "profiles.yml"]
PROJECT_FOLDERS = ["models", "macros", "seeds", "snapshots", "analyses", "tests", "docs"]


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in PROJECT_FILES:
        shutil.copy(PROJECT_ROOT / name, target / name)
    for name in PROJECT_FOLDERS:
        source = PROJECT_ROOT / name
        if source.exists():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "python"))
    return target


def edit_segments(project: Path, extra_segments: list[dict[str, Any]]) -> None:
    path = project / DEFINITIONS
    properties = yaml.safe_load(path.read_text())
    (member_segments,) = [model for model in properties["models"] if model["name"] == "member_segments"]
    member_segments["config"]["meta"]["segments"].extend(extra_segments)
    path.write_text(yaml.safe_dump(properties, allow_unicode=True, sort_keys=False))


def scratch(project: Path) -> Path:
    """Beside the project copy: the DuckDB file, and dbt's target and log folders (run_dbt puts them there)."""
    return project.parent / "scratch"


def compile_member_segments(project: Path) -> tuple[int, str]:
    scratch(project).mkdir(exist_ok=True)
    result = run_dbt(
        ["compile", "--no-use-colors", "--select", "member_segments"],
        raw_data=SAMPLE_DATA,
        db_path=scratch(project) / "compile.duckdb",
        project_dir=project,
    )
    return result.returncode, result.stdout


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_a_new_segment_is_one_yaml_entry(project: Path) -> None:
    edit_segments(
        project,
        [
            {
                "name": "vip_women_in_shanghai",
                "owner": "test",
                "description": "A-level women in Shanghai",
                "holdout_share": 0.25,
                "rule": {
                    "and": [
                        {"tag": "member_level", "op": "=", "value": "A"},
                        {"tag": "gender", "op": "=", "value": "female"},
                        {"tag": "city", "op": "=", "value": "上海市"},
                    ]
                },
            }
        ],
    )
    returncode, output = compile_member_segments(project)
    assert returncode == 0, output[-3000:]
    compiled = (scratch(project) / "dbt-target" / COMPILED).read_text()
    assert "segment_vip_women_in_shanghai as (" in compiled
    assert "member_level = 'A'" in compiled
    assert "city = '上海市'" in compiled
    assert "< '40000000'" in compiled  # holdout 0.25 -> a quarter of the 8-hex-digit hash range


def test_a_broken_segment_fails_compilation_naming_segment_and_rule(project: Path) -> None:
    edit_segments(
        project,
        [
            {
                "name": "broken_on_purpose",
                "owner": "test",
                "description": "unknown tag, wrong operator, bad value, malformed tree",
                "holdout_share": 0.1,
                "rule": {
                    "and": [
                        {"tag": "no_such_tag", "op": "=", "value": "x"},
                        {"tag": "gender", "op": ">", "value": "female"},
                        {"or": []},
                        {"not": {"tag": "member_level", "op": "in", "value": ["A", "Z"]}},
                        {"tag": "rfm_r_score", "op": "between", "value": [1]},
                    ]
                },
            }
        ],
    )
    returncode, output = compile_member_segments(project)
    assert returncode != 0
    assert "Segment 'broken_on_purpose', rule.and[0]: unknown tag 'no_such_tag'" in output
    assert "Segment 'broken_on_purpose', rule.and[1]: operator '>' does not fit tag 'gender' (string)" in output
    assert "Segment 'broken_on_purpose', rule.and[2].or: empty list" in output
    assert "rule.and[3].not.value[1]: \"Z\" is not an allowed value of tag 'member_level' (A, B, C, D)" in output
    assert "rule.and[4]: operator 'between' needs a list of exactly two values" in output

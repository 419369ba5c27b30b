"""Segments in the real project: adding a segment is editing one YAML list (the guides' example works as written),
and a broken segment stops `dbt compile` with a message naming the segment and the rule path, checked against the
project's real tags.

Most tests edit the `segments:` list in a copy of the project (models/marts/segments/_segments__definitions.yml) and
compile member_segments, which needs no built warehouse; the last checks a shipped segment on the session's built
sample (conftest.built_sample)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from .conftest import PROJECT_ROOT, SAMPLE_DATA, BuiltSample, run_dbt

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


def guide_example(path: str, heading: str) -> list[dict[str, Any]]:
    """The first YAML block after `heading` in a guide: the segment its "add a segment" steps add."""
    text = (PROJECT_ROOT / path).read_text(encoding="utf-8").split(heading, 1)[1]
    block = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    return yaml.safe_load(textwrap.dedent(block))


@pytest.mark.parametrize(
    ("path", "heading"), [("docs/segments.md", "## Add a segment"), ("README.md", "## Segments: add a segment")]
)
def test_the_guides_example_compiles_as_written(project: Path, path: str, heading: str) -> None:
    """Following the guide verbatim works: its example segment is new (not declared twice) and compiles."""
    [example] = guide_example(path, heading)
    edit_segments(project, [example])
    returncode, output = compile_member_segments(project)
    assert returncode == 0, output[-3000:]
    compiled = (scratch(project) / "dbt-target" / COMPILED).read_text()
    assert f"segment_{example['name']} as (" in compiled


def test_tmall_buyers_near_store_are_tmall_buyers_never_seen_in_a_store(built_sample: BuiltSample) -> None:
    """The segment is every Tmall/Taobao buyer without a store purchase or store card living in a city with an open
    store, whatever the member's favourite channel (computed here from the marts, not from the tags)."""
    with duckdb.connect(str(built_sample.db_path), read_only=True) as con:
        segment = set(
            con.execute(
                "select member_id from main_marts.member_segments where segment_name = 'tmall_buyers_near_store'"
            ).fetchall()
        )
        expected = set(
            con.execute(
                """
                with as_of as (select max(order_date) as as_of_date from main_marts.fct_orders),
                purchases as (
                    select member_id, channel, sub_channel from main_marts.fct_orders cross join as_of
                    where is_purchase and member_id is not null and order_date <= as_of.as_of_date
                ),
                store_cities as (
                    select distinct city from main_staging.stg_pos__stores cross join as_of
                    where opened_on <= as_of.as_of_date and (closed_on is null or closed_on > as_of.as_of_date)
                )
                select members.member_id
                from main_marts.dim_members as members
                where members.member_id in (select member_id from purchases where sub_channel in ('tmall', 'taobao'))
                    and members.member_id not in (select member_id from purchases where channel = 'offline')
                    and not members.is_known_in_store
                    and members.city in (select city from store_cities)
                """
            ).fetchall()
        )
        other_favourites = con.execute(
            "select count(*) from main_marts.member_segments as segments inner join main_marts.member_tags_wide as tags"
            " on segments.member_id = tags.member_id where segments.segment_name = 'tmall_buyers_near_store'"
            " and tags.favourite_sub_channel not in ('tmall', 'taobao')"
        ).fetchone()[0]
    assert len(expected) > 100
    assert segment == expected
    assert other_favourites > 0  # Tmall buyers whose favourite channel is JD or the mini program are in

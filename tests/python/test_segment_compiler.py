"""The segment rule compiler (macros/segments/) on hand-made tags, on DuckDB and (with MTW_TEST_SPARK=1) on Spark.

A sandbox dbt project (this project's macros) holds a fake member_tags_wide of six members with one tag of each
kind (string with allowed values, integer, number, boolean, date, multi-valued) and NULLs, and fake tag definitions.
Valid rules, one per case, are compiled into one model and the members each selects are compared with the members
picked by hand. Broken rules and broken segment declarations each get a model that must fail to compile with a
message naming the segment and the rule path. The holdout split is checked against md5 computed in Python."""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest
import yaml

from tagwarehouse.dbt_sandbox import make_sandbox_project, run_sandbox_dbt

SPARK_SCHEMA = "segment_compiler_test"
requires_spark = pytest.mark.skipif(os.environ.get("MTW_TEST_SPARK") != "1", reason="Spark tests: MTW_TEST_SPARK=1")

FAKE_TAG_DEFS = [
    {"code": "gender", "value_type": "string", "allowed_values": ["male", "female", "unknown"], "multi_valued": False},
    {"code": "city", "value_type": "string", "allowed_values": None, "multi_valued": False},
    {"code": "age", "value_type": "integer", "allowed_values": None, "multi_valued": False},
    {"code": "spend", "value_type": "number", "allowed_values": None, "multi_valued": False},
    {"code": "is_vip", "value_type": "boolean", "allowed_values": ["true", "false"], "multi_valued": False},
    {"code": "last_purchase_date", "value_type": "date", "allowed_values": None, "multi_valued": False},
    {"code": "channels", "value_type": "string", "allowed_values": None, "multi_valued": True},
    {"code": "level", "value_type": "string", "allowed_values": ["A", "B", "C", "D"], "multi_valued": False},
]

# member_id: gender, city, age, spend, is_vip, last_purchase_date, channels, level (None = NULL)
MEMBERS: dict[str, tuple[Any, ...]] = {
    "m1": ("female", "上海", 25, 100.50, True, "2026-01-10", "tmall|store", "A"),
    "m2": ("male", "北京", 40, 0, False, "2025-06-01", "jd|storex", "B"),
    "m3": (None, None, None, None, None, None, None, None),
    "m4": ("unknown", "back\\slash", 30, 999.99, False, "2026-01-31", "store|storex", "C"),
    "m5": ("female", "上海", 18, 50, True, "2025-12-31", "tmall", "A"),
    "m6": ("male", "O'Hare", 60, 10, False, "2024-02-29", "wecom", "D"),
}
ALL = set(MEMBERS)
KNOWN = ALL - {"m3"}


def cond(tag: str, op: str, value: Any = ..., **extra: Any) -> dict[str, Any]:
    node: dict[str, Any] = {"tag": tag, "op": op, **extra}
    if value is not ...:
        node["value"] = value
    return node


FEMALE = cond("gender", "=", "female")

# case name -> (rule, members selected)
VALID_CASES: dict[str, tuple[Any, set[str]]] = {
    "eq_string": (FEMALE, {"m1", "m5"}),
    "ne_string_drops_null": (cond("gender", "!=", "female"), {"m2", "m4", "m6"}),
    "in_string": (cond("gender", "in", ["male", "unknown"]), {"m2", "m4", "m6"}),
    "not_in_drops_null": (cond("gender", "not in", ["male"]), {"m1", "m4", "m5"}),
    "op_is_case_and_space_insensitive": (cond("gender", "NOT  IN", ["male"]), {"m1", "m4", "m5"}),
    "gt_integer": (cond("age", ">", 30), {"m2", "m6"}),
    "ge_integer": (cond("age", ">=", 30), {"m2", "m4", "m6"}),
    "lt_integer": (cond("age", "<", 25), {"m5"}),
    "le_integer": (cond("age", "<=", 25), {"m1", "m5"}),
    "eq_integer": (cond("age", "=", 40), {"m2"}),
    "in_integer": (cond("age", "in", [18, 60]), {"m5", "m6"}),
    "between_integer_inclusive": (cond("age", "between", [25, 40]), {"m1", "m2", "m4"}),
    "between_equal_ends": (cond("age", "between", [30, 30]), {"m4"}),
    "between_number": (cond("spend", "between", [50, 100.5]), {"m1", "m5"}),
    "gt_number": (cond("spend", ">", 999.98), {"m4"}),
    "eq_number_zero": (cond("spend", "=", 0), {"m2"}),
    "gt_date": (cond("last_purchase_date", ">", "2025-12-31"), {"m1", "m4"}),
    "between_date": (cond("last_purchase_date", "between", ["2025-06-01", "2025-12-31"]), {"m2", "m5"}),
    "eq_unquoted_yaml_date": (cond("last_purchase_date", "=", datetime.date(2024, 2, 29)), {"m6"}),
    "eq_boolean": (cond("is_vip", "=", True), {"m1", "m5"}),
    "ne_boolean_drops_null": (cond("is_vip", "!=", True), {"m2", "m4", "m6"}),
    "is_null": (cond("gender", "is null"), {"m3"}),
    "is_not_null": (cond("age", "is not null"), KNOWN),
    "contains_whole_element_only": (cond("channels", "contains", "store"), {"m1", "m4"}),
    "contains_single_element": (cond("channels", "contains", "tmall"), {"m1", "m5"}),
    "contains_null_tag": (cond("channels", "is null"), {"m3"}),
    "not_contains_drops_null": ({"not": cond("channels", "contains", "store")}, {"m2", "m5", "m6"}),
    "not_over_null_drops_member": ({"not": FEMALE}, {"m2", "m4", "m6"}),
    "double_not": ({"not": {"not": FEMALE}}, {"m1", "m5"}),
    "and": ({"and": [FEMALE, cond("age", ">", 20)]}, {"m1"}),
    "and_single_child": ({"and": [cond("age", ">", 50)]}, {"m6"}),
    "or": ({"or": [cond("age", "<", 20), cond("is_vip", "=", False)]}, {"m2", "m4", "m5", "m6"}),
    "or_keeps_nulls_explicitly": (
        {"or": [cond("gender", "is null"), cond("gender", "!=", "female")]},
        {"m2", "m3", "m4", "m6"},
    ),
    "nested_and_or_not": (
        {
            "and": [
                {"or": [cond("gender", "=", "male"), cond("channels", "contains", "tmall")]},
                {"not": cond("city", "=", "上海")},
            ]
        },
        {"m2", "m6"},
    ),
    "deep_nesting": (
        {"or": [{"and": [{"not": {"or": [FEMALE, cond("age", "<", 35)]}}, cond("level", "in", ["B", "D"])]}]},
        {"m2", "m6"},
    ),
    "quote_in_value": (cond("city", "=", "O'Hare"), {"m6"}),
    "backslash_in_value": (cond("city", "=", "back\\slash"), {"m4"}),
    "unicode_value": (cond("city", "=", "上海"), {"m1", "m5"}),
    "coded_values": (cond("level", "in", ["A", "C"]), {"m1", "m4", "m5"}),
}

# case name -> (rule, substrings the compilation error must contain)
BROKEN_RULES: dict[str, tuple[Any, list[str]]] = {
    "unknown_tag": (cond("genderr", "=", "female"), ["rule: unknown tag 'genderr'", "known tags: age, channels"]),
    "op_not_for_string": (cond("gender", ">", "female"), ["rule: operator '>' does not fit tag 'gender' (string)"]),
    "contains_on_single_valued": (cond("city", "contains", "x"), ["operator 'contains' does not fit tag 'city'"]),
    "equals_on_multi_valued": (
        cond("channels", "=", "tmall"),
        ["operator '=' does not fit tag 'channels' (multi-valued string); use one of contains, is null, is not null"],
    ),
    "between_on_boolean": (cond("is_vip", "between", [False, True]), ["operator 'between' does not fit tag 'is_vip'"]),
    "unknown_operator": (cond("age", "~", 3), ["operator '~' does not fit tag 'age' (integer)"]),
    "empty_and": ({"and": []}, ["rule.and: empty list"]),
    "or_not_a_list": ({"or": FEMALE}, ["rule.or: expected a list of nodes"]),
    "not_a_list": ({"not": [FEMALE]}, ["rule.not: expected one node"]),
    "empty_node": ({}, ["rule: empty node"]),
    "node_not_a_mapping": ({"and": ["gender = 'female'"]}, ["rule.and[0]: expected a condition"]),
    "and_and_or": ({"and": [FEMALE], "or": [FEMALE]}, ["rule: has both and and or"]),
    "mixed_keys": ({"and": [FEMALE], "tag": "age"}, ["rule: mixes and with tag"]),
    "unknown_key": (cond("age", ">", 3, vlaue=4), ["rule: unknown key(s) vlaue"]),
    "missing_op": ({"tag": "age", "value": 3}, ["rule: condition without 'op'"]),
    "missing_tag": ({"op": "=", "value": 3}, ["rule: condition without 'tag'"]),
    "missing_value": (cond("age", ">"), ["rule: operator '>' needs a value"]),
    "null_value": (cond("gender", "=", None), ["operator '=' needs a value; use 'is null'"]),
    "between_one_value": (cond("age", "between", [1]), ["rule: operator 'between' needs a list of exactly two"]),
    "between_three_values": (cond("age", "between", [1, 2, 3]), ["needs a list of exactly two values"]),
    "between_scalar": (cond("age", "between", 5), ["needs a list of exactly two values"]),
    "between_reversed": (cond("age", "between", [40, 25]), ["rule: between's low end 40 is above its high end 25"]),
    "between_dates_reversed": (
        cond("last_purchase_date", "between", ["2026-01-01", "2025-01-01"]),
        ["low end 2026-01-01 is above its high end 2025-01-01"],
    ),
    "in_empty": (cond("gender", "in", []), ["operator 'in' needs a non-empty list"]),
    "in_scalar": (cond("gender", "in", "female"), ["operator 'in' needs a non-empty list"]),
    "equals_list": (cond("gender", "=", ["female"]), ["operator '=' takes one value", "use 'in' for a list"]),
    "is_null_with_value": (cond("gender", "is null", "x"), ["operator 'is null' takes no value"]),
    "not_allowed_value": (cond("gender", "=", "femal"), ["\"femal\" is not an allowed value of tag 'gender'"]),
    "not_allowed_in_list": (cond("level", "in", ["A", "E"]), ['rule.value[1]: "E" is not an allowed value']),
    "number_for_string": (cond("city", "=", 21), ["tag 'city' holds strings, got 21 (quote it in the YAML)"]),
    "float_for_integer": (cond("age", ">", 2.5), ["tag 'age' is integer, got 2.5"]),
    "boolean_for_integer": (cond("age", "=", True), ["tag 'age' is integer, got true"]),
    "string_for_number": (cond("spend", ">", "100"), ["tag 'spend' is number, got \"100\""]),
    "string_for_boolean": (cond("is_vip", "=", "true"), ["tag 'is_vip' is boolean"]),
    "bad_date": (cond("last_purchase_date", ">", "2025-13-01"), ["tag 'last_purchase_date' is a date"]),
    "pipe_in_contains": (cond("channels", "contains", "a|b"), ["cannot contain '|'"]),
    "nested_path": (
        {"and": [cond("age", ">", 1), {"or": [FEMALE, {"not": cond("gender", "=", 1)}]}]},
        ["rule.and[1].or[1].not.value: tag 'gender' holds strings, got 1"],
    ),
    "every_error_at_once": (
        {"or": [cond("nope", "=", 1), {"and": []}, cond("age", "between", [2])]},
        ["rule.or[0]: unknown tag 'nope'", "rule.or[1].and: empty list", "rule.or[2]: operator 'between'"],
    ),
}

GOOD_SEGMENT = {"name": "ok", "owner": "crm", "description": "fine", "holdout_share": 0.1, "rule": FEMALE}

# model name -> (segments list, substrings of the error)
BROKEN_SEGMENTS: dict[str, tuple[Any, list[str]]] = {
    "holdout_too_high": (
        [{**GOOD_SEGMENT, "holdout_share": 0.7}],
        ["Segment 'ok': holdout_share must be a number from 0 to 0.5 (0 = no control group), got 0.7"],
    ),
    "holdout_negative": ([{**GOOD_SEGMENT, "holdout_share": -0.1}], ["holdout_share must be a number"]),
    "holdout_missing": (
        [{k: v for k, v in GOOD_SEGMENT.items() if k != "holdout_share"}],
        ["Segment 'ok': holdout_share must be a number from 0 to 0.5 (0 = no control group), got null"],
    ),
    "owner_missing": ([{k: v for k, v in GOOD_SEGMENT.items() if k != "owner"}], ["'owner' is required"]),
    "rule_missing": ([{k: v for k, v in GOOD_SEGMENT.items() if k != "rule"}], ["Segment 'ok': 'rule' is required"]),
    "name_missing": ([{k: v for k, v in GOOD_SEGMENT.items() if k != "name"}], ["Segment #1: 'name' is required"]),
    "name_not_snake_case": ([{**GOOD_SEGMENT, "name": "High Value"}], ["name must be lower_snake_case"]),
    "duplicate_name": ([GOOD_SEGMENT, GOOD_SEGMENT], ["Segment 'ok': declared twice"]),
    "unknown_segment_key": ([{**GOOD_SEGMENT, "holdout": 0.1}], ["Segment 'ok': unknown key(s) holdout"]),
    "bad_channel": ([{**GOOD_SEGMENT, "channels": ["email"]}], ["channels must be a list drawn from wecom, sms"]),
    "rule_error_names_segment": (
        [GOOD_SEGMENT, {**GOOD_SEGMENT, "name": "second", "rule": {"and": [FEMALE, cond("x", "=", 1)]}}],
        ["Segment 'second', rule.and[1]: unknown tag 'x'"],
    ),
    "not_a_list": ({"name": "x"}, ["meta.segments of member_segments must be a list"]),
}

# holdout split: (segment name, holdout share) over many member ids
SPLIT_SEGMENTS = [("split_a", 0.5), ("split_b", 0.1), ("split_c", 0.0), ("split_d", 0.37)]
SPLIT_MEMBERS = [f"M{n:010d}" for n in range(1, 2001)]


def sql_literal(value: Any, value_type: str) -> str:
    if value is None:
        type_macro = {
            "string": "dbt.type_string()",
            "integer": "dbt.type_int()",
            "number": "dbt.type_numeric()",
            "boolean": "dbt.type_boolean()",
            "date": "'date'",
        }[value_type]
        return f"cast(null as {{{{ {type_macro} }}}})"
    if value_type == "string":
        return "{{ segment_string_literal(" + repr(value) + ") }}"
    if value_type == "boolean":
        return "true" if value else "false"
    if value_type == "date":
        return f"cast('{value}' as date)"
    if value_type == "number":
        return f"cast({value} as {{{{ dbt.type_numeric() }}}})"
    return f"cast({value} as {{{{ dbt.type_int() }}}})"


def tags_wide_sql() -> str:
    selects = []
    for member_id, values in MEMBERS.items():
        columns = [f"'{member_id}' as member_id"] + [
            f"{sql_literal(value, tag['value_type'])} as {tag['code']}"
            for value, tag in zip(values, FAKE_TAG_DEFS, strict=True)
        ]
        selects.append("select " + ", ".join(columns))
    return "{{ config(materialized='table') }}\n" + "\nunion all\n".join(selects) + "\n"


FAKE_TAG_DEFS_MACRO = (
    "{% macro fake_tag_defs() %}{{ return("
    + repr(FAKE_TAG_DEFS).replace("None", "none").replace("False", "false").replace("True", "true")
    + ") }}{% endmacro %}\n"
)

VALID_CASES_SQL = """\
{{ config(materialized='table') }}
-- depends_on: {{ ref('tags_wide') }}
{%- if execute %}
{%- set defs = fake_tag_defs() %}
{%- for case in model.config.meta.cases %}
select '{{ case.name }}' as case_name, tags_wide.member_id
from {{ ref('tags_wide') }} as tags_wide
where {{ compile_segment_rule(case.name, case.rule, defs, qualifier='tags_wide') }}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{%- else %}
select 'x' as case_name, 'x' as member_id
{%- endif %}
"""

BROKEN_RULE_SQL = """\
-- depends_on: {{ ref('tags_wide') }}
{%- if execute %}
select member_id from {{ ref('tags_wide') }}
where {{ compile_segment_rule(model.name, model.config.meta.rule, fake_tag_defs()) }}
{%- else %}
select 1 as member_id
{%- endif %}
"""

BROKEN_SEGMENTS_SQL = """\
{%- if execute %}
{%- set segments = compiled_segments(model.config.meta.segments, fake_tag_defs()) %}
{%- endif %}
select 1 as ok
"""

# M0000000001 ... M0000002000 from four cross-joined digit lists (a 2,000-way union overflows Spark's parser)
SPLIT_MEMBERS_SQL = f"""\
{{{{ config(materialized='table') }}}}
with digits as (
    {" union all ".join(f"select {digit} as digit" for digit in range(10))}
),
numbers as (
    select ones.digit + 10 * tens.digit + 100 * hundreds.digit + 1000 * thousands.digit + 1 as member_number
    from digits as ones
    cross join digits as tens
    cross join digits as hundreds
    cross join digits as thousands
)
select concat('M', lpad(cast(member_number as {{{{ dbt.type_string() }}}}), 10, '0')) as member_id
from numbers
where member_number <= {len(SPLIT_MEMBERS)}
"""

SPLIT_SQL = """\
{{ config(materialized='table') }}
-- depends_on: {{ ref('split_members') }}
{%- if execute %}
{%- set segments = compiled_segments(model.config.meta.segments, fake_tag_defs()) %}
{%- for segment in segments %}
select
    member_id,
    '{{ segment.name }}' as segment_name,
    {{ segment_group('member_id', "'" ~ segment.name ~ "'", segment.control_below) }} as assignment_group
from {{ ref('split_members') }}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{%- else %}
select 'x' as member_id, 'x' as segment_name, 'x' as assignment_group
{%- endif %}
"""


# ordered_string_agg (the portrait line of segment_summary) joins in the order asked, on every engine
ORDERED_AGG_SQL = """\
{{ config(materialized='table') }}
with parts as (
    select 'g1' as group_key, 2 as position_key, 'b' as part
    union all select 'g1' as group_key, 10 as position_key, 'c' as part
    union all select 'g1' as group_key, 1 as position_key, 'a' as part
    union all select 'g2' as group_key, 1 as position_key, 'x' as part
)
select group_key, {{ ordered_string_agg('part', 'position_key', '; ') }} as joined
from parts
group by group_key
"""


def expected_group(member_id: str, segment: str, share: float) -> str:
    bucket = int(hashlib.md5(f"{member_id}|{segment}".encode()).hexdigest()[:8], 16)
    return "control" if bucket < round(share * 2**32) else "target"


def model_yaml(name: str, meta: dict[str, Any], tags: list[str] | None = None) -> dict[str, Any]:
    config: dict[str, Any] = {"meta": meta}
    if tags:
        config["tags"] = tags
    return {"name": name, "config": config}


def make_project(root: Path) -> Path:
    models = {
        "tags_wide": tags_wide_sql(),
        "valid_cases": VALID_CASES_SQL,
        "holdout_split": SPLIT_SQL,
        "ordered_agg": ORDERED_AGG_SQL,
    }
    models["split_members"] = SPLIT_MEMBERS_SQL
    properties = [
        model_yaml("valid_cases", {"cases": [{"name": name, "rule": rule} for name, (rule, _) in VALID_CASES.items()]}),
        model_yaml(
            "holdout_split",
            {
                "segments": [
                    {**GOOD_SEGMENT, "name": name, "holdout_share": share, "rule": cond("age", "is not null")}
                    for name, share in SPLIT_SEGMENTS
                ]
            },
        ),
    ]
    for name, (rule, _) in BROKEN_RULES.items():
        models[f"broken_rule_{name}"] = BROKEN_RULE_SQL
        properties.append(model_yaml(f"broken_rule_{name}", {"rule": rule}, ["expect_failure"]))
    for name, (segments, _) in BROKEN_SEGMENTS.items():
        models[f"broken_segments_{name}"] = BROKEN_SEGMENTS_SQL
        properties.append(model_yaml(f"broken_segments_{name}", {"segments": segments}, ["expect_failure"]))
    extra = {
        "macros/fake_tag_defs.sql": FAKE_TAG_DEFS_MACRO,
        "models/_models.yml": yaml.safe_dump({"version": 2, "models": properties}, allow_unicode=True),
    }
    return make_sandbox_project(root, models=models, extra_files=extra)


@dataclass
class BuiltProject:
    path: Path
    target: str

    def rows(self, model: str, columns: str) -> list[tuple[Any, ...]]:
        if self.target == "duckdb":
            with duckdb.connect(str(self.path / "sandbox.duckdb"), read_only=True) as connection:
                return connection.sql(f"select {columns} from main.{model}").fetchall()
        table = pq.read_table(self.path / "spark-warehouse" / f"{SPARK_SCHEMA}.db" / model)
        names = [name.strip() for name in columns.split(",")]
        return list(zip(*(table[name].to_pylist() for name in names), strict=True))

    def selected(self) -> dict[str, set[str]]:
        result: dict[str, set[str]] = {name: set() for name in VALID_CASES}
        for case_name, member_id in self.rows("valid_cases", "case_name, member_id"):
            result[case_name].add(member_id)
        return result


def build(root: Path, target: str) -> BuiltProject:
    project = make_project(root)
    env = {"MTW_SPARK_SCHEMA": SPARK_SCHEMA}
    result = run_sandbox_dbt(project, ["build", "--exclude", "tag:expect_failure"], target=target, extra_env=env)
    assert result.returncode == 0, result.stdout[-5000:]
    return BuiltProject(project, target)


@pytest.fixture(scope="module")
def duckdb_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltProject]:
    yield build(tmp_path_factory.mktemp("segments_duckdb"), "duckdb")


@pytest.fixture(scope="module")
def spark_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltProject]:
    yield build(tmp_path_factory.mktemp("segments_spark"), "spark")


@pytest.fixture(scope="module")
def compile_errors(duckdb_project: BuiltProject) -> dict[str, str]:
    """model name -> its compilation error. `dbt compile` stops at the first error, `dbt run` reports each failing
    model's compilation error and goes on, so one run of every model that must fail collects them all."""
    result = run_sandbox_dbt(duckdb_project.path, ["run", "--no-use-colors", "--select", "tag:expect_failure"])
    assert result.returncode != 0
    blocks = re.split(r"(?=Compilation Error in model )", result.stdout)
    errors: dict[str, str] = {}
    for block in blocks:
        match = re.match(r"Compilation Error in model (\w+)", block)
        if match:
            errors[match.group(1)] = block
    return errors


@pytest.mark.parametrize("case", list(VALID_CASES))
def test_duckdb_rule_selects_the_right_members(duckdb_project: BuiltProject, case: str) -> None:
    assert duckdb_project.selected()[case] == VALID_CASES[case][1]


@pytest.mark.parametrize("case", list(BROKEN_RULES))
def test_broken_rule_fails_naming_segment_and_path(compile_errors: dict[str, str], case: str) -> None:
    model = f"broken_rule_{case}"
    assert model in compile_errors, f"{model} compiled although its rule is broken"
    message = compile_errors[model]
    assert f"Segment '{model}' has an invalid rule:" in message
    for expected in BROKEN_RULES[case][1]:
        assert expected in message


@pytest.mark.parametrize("case", list(BROKEN_SEGMENTS))
def test_broken_segment_declaration_fails(compile_errors: dict[str, str], case: str) -> None:
    model = f"broken_segments_{case}"
    assert model in compile_errors, f"{model} compiled although its segments are broken"
    for expected in BROKEN_SEGMENTS[case][1]:
        assert expected in compile_errors[model]


def test_every_failing_model_is_checked(compile_errors: dict[str, str]) -> None:
    expected = {f"broken_rule_{name}" for name in BROKEN_RULES} | {
        f"broken_segments_{name}" for name in BROKEN_SEGMENTS
    }
    assert set(compile_errors) == expected


def assert_split_matches_md5(project: BuiltProject) -> None:
    rows = project.rows("holdout_split", "member_id, segment_name, assignment_group")
    actual = {(member_id, segment): group for member_id, segment, group in rows}
    expected = {
        (member_id, segment): expected_group(member_id, segment, share)
        for segment, share in SPLIT_SEGMENTS
        for member_id in SPLIT_MEMBERS
    }
    assert actual == expected


def test_duckdb_holdout_split_is_md5_of_member_and_segment(duckdb_project: BuiltProject) -> None:
    assert_split_matches_md5(duckdb_project)


def test_holdout_share_is_close_to_declared(duckdb_project: BuiltProject) -> None:
    rows = duckdb_project.rows("holdout_split", "segment_name, assignment_group")
    for segment, share in SPLIT_SEGMENTS:
        groups = [group for name, group in rows if name == segment]
        control_share = groups.count("control") / len(groups)
        assert abs(control_share - share) < 0.04, (segment, control_share)
    assert not [group for name, group in rows if name == "split_c" and group == "control"]


def test_duckdb_ordered_string_agg(duckdb_project: BuiltProject) -> None:
    assert dict(duckdb_project.rows("ordered_agg", "group_key, joined")) == {"g1": "a; b; c", "g2": "x"}


@pytest.mark.spark
@requires_spark
def test_spark_ordered_string_agg(spark_project: BuiltProject) -> None:
    assert dict(spark_project.rows("ordered_agg", "group_key, joined")) == {"g1": "a; b; c", "g2": "x"}


@pytest.mark.parametrize("case", list(VALID_CASES))
@pytest.mark.spark
@requires_spark
def test_spark_rule_selects_the_right_members(spark_project: BuiltProject, case: str) -> None:
    assert spark_project.selected()[case] == VALID_CASES[case][1]


@pytest.mark.spark
@requires_spark
def test_spark_holdout_split_is_the_same_as_duckdb(spark_project: BuiltProject) -> None:
    assert_split_matches_md5(spark_project)

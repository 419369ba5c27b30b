"""The project's own generic data tests (macros/generic_tests) fail on bad data and pass on good data, and the row
conservation test of stg_quality__row_counts fails when a staged row goes missing.

The generic tests run in one sandbox dbt project (this project's macros) on small hand-made seeds: each test is
named after the case it proves, and its status and number of failing rows are read from run_results.json. The row
conservation check runs on a build of the real staging layer over the shipped sample, with one staged row deleted."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tagwarehouse.dbt_sandbox import make_sandbox_project, run_sandbox_dbt

from .conftest import SAMPLE_DATA, run_dbt


def csv(header: str, rows: list[tuple[Any, ...]]) -> str:
    """A seed: None is an empty cell (NULL)."""
    lines = [header] + [",".join("" if value is None else str(value) for value in row) for row in rows]
    return "\n".join(lines) + "\n"


# relationships_within_tolerance: 200 non-NULL child keys (and NULLs, which never count) against parents 1..100
PARENTS = [(key,) for key in range(1, 101)]
TWO_ORPHANS = [(key % 100 + 1,) for key in range(198)] + [(901,), (902,), (None,), (None,)]  # 2/200 = 1.0 %
THREE_ORPHANS = [(key % 100 + 1,) for key in range(197)] + [(901,), (902,), (903,)]  # 3/200 = 1.5 %

SEEDS = {
    # expression_is_true: paid <= goods (model level) and paid >= 0 (under a column)
    "amounts_good": csv("order_id,paid,goods", [(1, 10, 10), (2, 0, 5), (3, 9.99, 10)]),
    "amounts_bad": csv("order_id,paid,goods", [(1, 10, 10), (2, 11, 10), (3, None, 10), (4, -1, 10)]),
    # unique_combination_of_columns over (shop, order_no); NULLs in a combination group together
    "grain_good": csv("shop,order_no", [("a", 1), ("a", 2), ("b", 1), ("b", None)]),
    "grain_bad": csv("shop,order_no", [("a", 1), ("a", 1), ("a", 2), ("b", None), ("b", None), ("c", 1)]),
    # relationships_within_tolerance
    "parents": csv("parent_id", PARENTS),
    "children_two_orphans": csv("parent_id", TWO_ORPHANS),
    "children_three_orphans": csv("parent_id", THREE_ORPHANS),
    "children_empty": csv("parent_id", [(None,)]),
    # is_in_any_of: a value must be in parent_a, or in parent_b among its active rows
    "parent_a": csv("value", [("x",), ("y",)]),
    "parent_b": csv("value,is_active", [("z", "true"), ("v", "false")]),
    "values_found": csv("value", [("x",), ("z",), (None,)]),
    "values_missing": csv("value", [("x",), ("z",), ("v",), ("w",), ("w",)]),
}

SCHEMA_YML = """
seeds:
  - name: amounts_good
    data_tests:
      - expression_is_true:
          name: expression_is_true_passes_good_rows
          arguments: {expression: "paid <= goods"}
    columns:
      - name: paid
        data_tests:
          - expression_is_true:
              name: expression_is_true_column_passes_good_rows
              arguments: {expression: ">= 0"}
  - name: amounts_bad
    data_tests:
      - expression_is_true:
          name: expression_is_true_fails_false_and_null_rows
          arguments: {expression: "paid <= goods"}
    columns:
      - name: paid
        data_tests:
          - expression_is_true:
              name: expression_is_true_column_fails_false_and_null_rows
              arguments: {expression: ">= 0"}
  - name: grain_good
    data_tests:
      - unique_combination_of_columns:
          name: unique_combination_passes_distinct_rows
          arguments: {combination_of_columns: [shop, order_no]}
  - name: grain_bad
    data_tests:
      - unique_combination_of_columns:
          name: unique_combination_fails_repeated_combinations
          arguments: {combination_of_columns: [shop, order_no]}
      - unique_combination_of_columns:
          name: unique_combination_fails_on_one_column_too
          arguments: {combination_of_columns: [shop]}
  - name: children_two_orphans
    columns:
      - name: parent_id
        data_tests:
          - relationships_within_tolerance:
              name: tolerance_passes_at_the_limit
              arguments: {to: "ref('parents')", field: parent_id, max_orphan_share: 0.01}
          - relationships_within_tolerance:
              name: tolerance_fails_below_the_share
              arguments: {to: "ref('parents')", field: parent_id, max_orphan_share: 0.009}
          - relationships_within_tolerance:
              name: tolerance_zero_fails_on_one_orphan
              arguments: {to: "ref('parents')", field: parent_id, max_orphan_share: 0}
  - name: children_three_orphans
    columns:
      - name: parent_id
        data_tests:
          - relationships_within_tolerance:
              name: tolerance_fails_above_the_limit
              arguments: {to: "ref('parents')", field: parent_id, max_orphan_share: 0.01}
  - name: children_empty
    columns:
      - name: parent_id
        data_tests:
          - relationships_within_tolerance:
              name: tolerance_passes_without_child_keys
              arguments: {to: "ref('parents')", field: parent_id, max_orphan_share: 0}
  - name: values_found
    columns:
      - name: value
        data_tests:
          - is_in_any_of:
              name: is_in_any_of_passes_when_every_value_is_found
              arguments:
                parents:
                  - {to: "ref('parent_a')", field: value}
                  - {to: "ref('parent_b')", field: value, where: "is_active"}
  - name: values_missing
    columns:
      - name: value
        data_tests:
          - is_in_any_of:
              name: is_in_any_of_fails_values_in_no_parent
              arguments:
                parents:
                  - {to: "ref('parent_a')", field: value}
                  - {to: "ref('parent_b')", field: value, where: "is_active"}
          - is_in_any_of:
              name: is_in_any_of_without_where_finds_more
              arguments:
                parents:
                  - {to: "ref('parent_a')", field: value}
                  - {to: "ref('parent_b')", field: value}
"""

# test name -> (status, failing rows)
EXPECTED = {
    "expression_is_true_passes_good_rows": ("pass", 0),
    "expression_is_true_column_passes_good_rows": ("pass", 0),
    "expression_is_true_fails_false_and_null_rows": ("fail", 2),  # paid 11 > 10, paid NULL
    "expression_is_true_column_fails_false_and_null_rows": ("fail", 2),  # paid NULL, paid -1
    "unique_combination_passes_distinct_rows": ("pass", 0),
    "unique_combination_fails_repeated_combinations": ("fail", 2),  # (a, 1) twice, (b, NULL) twice
    "unique_combination_fails_on_one_column_too": ("fail", 2),  # a, b
    "tolerance_passes_at_the_limit": ("pass", 0),
    "tolerance_fails_below_the_share": ("fail", 1),  # one summary row
    "tolerance_zero_fails_on_one_orphan": ("fail", 1),
    "tolerance_fails_above_the_limit": ("fail", 1),
    "tolerance_passes_without_child_keys": ("pass", 0),
    "is_in_any_of_passes_when_every_value_is_found": ("pass", 0),
    "is_in_any_of_fails_values_in_no_parent": ("fail", 3),  # v (inactive), w twice
    "is_in_any_of_without_where_finds_more": ("fail", 2),  # w twice
}


@pytest.fixture(scope="module")
def generic_test_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, int]]:
    root = tmp_path_factory.mktemp("generic_tests")
    project = make_sandbox_project(root, models={}, seeds=SEEDS, extra_files={"seeds/_seeds.yml": SCHEMA_YML})
    result = run_sandbox_dbt(project, ["build"])
    assert "Compilation Error" not in result.stdout, result.stdout[-3000:]
    run_results = json.loads((project / "target" / "run_results.json").read_text(encoding="utf-8"))
    return {
        row["unique_id"].split(".")[2]: (row["status"], row["failures"] or 0)
        for row in run_results["results"]
        if row["unique_id"].startswith("test.")
    }


def test_every_case_ran(generic_test_results: dict[str, tuple[str, int]]) -> None:
    assert sorted(generic_test_results) == sorted(EXPECTED)


@pytest.mark.parametrize("test_name", sorted(EXPECTED))
def test_generic_test_passes_or_fails_as_it_should(
    generic_test_results: dict[str, tuple[str, int]], test_name: str
) -> None:
    assert generic_test_results[test_name] == EXPECTED[test_name]


BUILD_STAGING = ["build", "--select", "+stg_quality__row_counts"]


@pytest.fixture(scope="module")
def staged_sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The staging layer built from the shipped sample (with every data test of the row conservation model)."""
    scratch = tmp_path_factory.mktemp("row_conservation")
    db_path = scratch / "w.duckdb"
    result = run_dbt(
        [*BUILD_STAGING, "--exclude", "resource_type:unit_test", "--indirect-selection", "cautious"],
        raw_data=SAMPLE_DATA,
        db_path=db_path,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    yield scratch, db_path


def test_row_conservation_fails_when_a_staged_row_is_lost(staged_sample: tuple[Path, Path]) -> None:
    scratch, db_path = staged_sample
    with duckdb.connect(str(db_path)) as connection:
        connection.execute(
            "delete from main_staging.stg_erp__products"
            " where sku = (select min(sku) from main_staging.stg_erp__products)"
        )
    result = run_dbt(["build", "--select", "stg_quality__row_counts"], raw_data=SAMPLE_DATA, db_path=db_path)
    assert result.returncode != 0
    run_results = json.loads((scratch / "dbt-target" / "run_results.json").read_text(encoding="utf-8"))
    failed = {row["unique_id"]: row["failures"] for row in run_results["results"] if row["status"] == "fail"}
    assert list(failed.values()) == [1], failed  # the one table that lost a row
    assert all("expression_is_true_stg_quality__row_counts" in unique_id for unique_id in failed), failed

"""Every model is documented and has a tested grain, read from the manifest of a fresh `dbt parse`:

- the model has a description, and so has every column its YAML lists;
- it has a primary-key test: `unique` and `not_null` on the same column, or `unique_combination_of_columns`, neither
  narrowed by a `where` (a key that holds on some rows only is no key).

Columns a model returns but its YAML does not list are not in the manifest; for member_tags_wide (one column per tag)
they are the tag models' columns, documented and checked there (check_tag_definitions); every other model lists all
its columns (dbt docs generate's catalog shows the same).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from .conftest import parse_manifest

# Models without a primary-key test, each with the reason. The base_* views hold every raw row as delivered: a
# re-synced row repeats its raw key and a re-delivered part file repeats rows exactly, so no column is unique and
# inventing a key would be false. Their grain is stated in their description (doc block base_model_grain), which
# this test also checks; the stg_* model after each holds one row per key, with its key tested.
BASE_VIEWS_GRAIN = "Grain: one raw row"
MODELS_WITHOUT_KEY = {
    name: "grain: one raw row, no key (doc base_model_grain)"
    for name in [
        "base_erp__products",
        "base_jd__members",
        "base_jd__order_items",
        "base_jd__orders",
        "base_pos__member_cards",
        "base_pos__receipt_lines",
        "base_pos__receipts",
        "base_pos__stores",
        "base_tmall__members",
        "base_tmall__orders",
        "base_tmall__trades",
        "base_wechat__events",
        "base_wechat__mp_order_items",
        "base_wechat__mp_orders",
        "base_wechat__mp_users",
        "base_wechat__oa_followers",
        "base_wechat__wecom_contacts",
    ]
}


def project_models(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        node["unique_id"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["package_name"] == "member_tag_warehouse"
    }


def key_tests(manifest: dict[str, Any]) -> dict[str, list[str]]:
    """Per model: the keys its tests prove, e.g. ['member_id'] or ['source_name, table_name']."""
    unique: dict[str, set[str]] = {}
    not_null: dict[str, set[str]] = {}
    keys: dict[str, list[str]] = {}
    for node in manifest["nodes"].values():
        metadata = node.get("test_metadata") or {}
        model = node.get("attached_node")
        if node["resource_type"] != "test" or not model or node["config"].get("where"):
            continue
        if metadata.get("name") == "unique":
            unique.setdefault(model, set()).add(node["column_name"])
        elif metadata.get("name") == "not_null":
            not_null.setdefault(model, set()).add(node["column_name"])
        elif metadata.get("name") == "unique_combination_of_columns":
            columns = metadata["kwargs"]["combination_of_columns"]
            keys.setdefault(model, []).append(", ".join(columns))
    for model, columns in unique.items():
        keys.setdefault(model, []).extend(sorted(columns & not_null.get(model, set())))
    return {model: columns for model, columns in keys.items() if columns}


def violations(manifest: dict[str, Any]) -> list[str]:
    """Every undocumented model or column and every model without a primary-key test; [] when clean."""
    found: list[str] = []
    keys = key_tests(manifest)
    for unique_id, node in sorted(project_models(manifest).items(), key=lambda item: item[1]["name"]):
        name = node["name"]
        if not node["description"].strip():
            found.append(f"{name}: no description")
        for column in node["columns"].values():
            if not column.get("description", "").strip():
                found.append(f"{name}.{column['name']}: no description")
        if name in MODELS_WITHOUT_KEY:
            if unique_id in keys:
                found.append(f"{name}: has a key test ({keys[unique_id][0]}) but is listed as having none")
            if BASE_VIEWS_GRAIN not in node["description"]:
                found.append(f"{name}: listed without a key, but its description does not state its grain")
        elif unique_id not in keys:
            found.append(f"{name}: no primary-key test (unique + not_null, or unique_combination_of_columns)")
    return found


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return parse_manifest(tmp_path_factory.mktemp("standards"))


def test_every_model_is_documented_and_has_a_tested_grain(manifest: dict[str, Any]) -> None:
    assert violations(manifest) == []


def test_the_exceptions_are_models_of_the_project(manifest: dict[str, Any]) -> None:
    names = {node["name"] for node in project_models(manifest).values()}
    assert set(MODELS_WITHOUT_KEY) <= names


def test_the_keys_are_found(manifest: dict[str, Any]) -> None:
    keys = {manifest["nodes"][unique_id]["name"]: columns for unique_id, columns in key_tests(manifest).items()}
    assert "member_id" in keys["dim_members"]
    assert keys["stg_quality__row_counts"] == ["source_name, table_name"]
    assert "edge_source, record_source, anchor_type" in keys["int_identity_links_unioned"][0]


def test_the_check_catches_gaps(manifest: dict[str, Any]) -> None:
    """The check can fail: a model and a column without description, a model whose key tests are gone or narrowed
    by `where`, a listed base view that gains a key, and one whose description no longer states its grain."""
    broken = copy.deepcopy(manifest)
    models = {node["name"]: node for node in project_models(broken).values()}
    models["fct_orders"]["description"] = " "
    models["dim_members"]["columns"]["member_id"]["description"] = ""
    tests = [node for node in broken["nodes"].values() if node["resource_type"] == "test"]
    for test in tests:
        attached = broken["nodes"].get(test.get("attached_node") or "", {}).get("name")
        name = (test.get("test_metadata") or {}).get("name")
        if attached == "stg_pos__stores" and name == "unique":
            del broken["nodes"][test["unique_id"]]
        if attached == "stg_jd__orders" and name == "not_null" and test["column_name"] == "order_id":
            test["config"]["where"] = "order_id like 'J%'"
    combination = next(
        test
        for test in tests
        if (test.get("test_metadata") or {}).get("name") == "unique_combination_of_columns"
        and broken["nodes"][test["attached_node"]]["name"] == "stg_quality__row_counts"
    )
    combination["attached_node"] = models["base_erp__products"]["unique_id"]
    models["base_pos__stores"]["description"] = "Every raw store row."
    assert violations(broken) == [
        "base_erp__products: has a key test (source_name, table_name) but is listed as having none",
        "base_pos__stores: listed without a key, but its description does not state its grain",
        "dim_members.member_id: no description",
        "fct_orders: no description",
        "stg_jd__orders: no primary-key test (unique + not_null, or unique_combination_of_columns)",
        "stg_pos__stores: no primary-key test (unique + not_null, or unique_combination_of_columns)",
        "stg_quality__row_counts: no primary-key test (unique + not_null, or unique_combination_of_columns)",
    ]

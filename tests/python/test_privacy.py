"""Personal data stays in restricted models: no column flagged `contains_pii` (or named like one) reaches a public
mart that BI tools read (tags, catalogue, segments, summaries).

The check reads the manifest of a fresh `dbt parse`:
- PII column names are every column flagged `meta.contains_pii` anywhere in the project (sources, staging, marts)
  plus a few well-known names that must never be public whether flagged or not;
- restricted models carry `meta.contains_pii: true` on the model or live in a schema named restricted;
- public marts are the models under models/marts/ that are `access: public`, live in the tags or segments folders
  or are summaries (name ending in _summary), unless restricted;
- member_tags_wide gets one column per tag code (tag meta), so tag codes and tag columns count as its columns.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from .conftest import parse_manifest

ALWAYS_PII = {"mobile", "phone", "openid", "unionid", "open_id", "external_userid", "id_card", "member_name", "address"}
PUBLIC_FOLDERS = {"tags", "segments"}


def is_restricted(node: dict[str, Any]) -> bool:
    return bool(node["config"].get("meta", {}).get("contains_pii")) or "restricted" in (node.get("schema") or "")


def is_public_mart(node: dict[str, Any]) -> bool:
    if node["resource_type"] != "model" or not node["original_file_path"].startswith("models/marts/"):
        return False
    public = (
        node.get("access") == "public"
        or node["config"].get("access") == "public"
        or (len(node["fqn"]) > 3 and node["fqn"][2] in PUBLIC_FOLDERS)
        or node["name"].endswith("_summary")
    )
    return public and not is_restricted(node)


def pii_column_names(manifest: dict[str, Any]) -> set[str]:
    names = set(ALWAYS_PII)
    for node in [*manifest["nodes"].values(), *manifest["sources"].values()]:
        for column in node.get("columns", {}).values():
            if column.get("meta", {}).get("contains_pii"):
                names.add(column["name"].lower())
    return names


def pii_violations(manifest: dict[str, Any]) -> list[str]:
    """Every way personal data could reach a public mart, as readable messages; [] when clean."""
    pii_names = pii_column_names(manifest)
    violations: list[str] = []
    tag_columns: set[str] = set()
    for node in manifest["nodes"].values():
        for column in node.get("columns", {}).values():
            tag = column.get("meta", {}).get("tag")
            if isinstance(tag, dict):
                tag_columns.update({column["name"].lower(), str(tag.get("code", "")).lower()})
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or not node["original_file_path"].startswith("models/marts/"):
            continue
        in_public_folder = len(node["fqn"]) > 3 and node["fqn"][2] in PUBLIC_FOLDERS
        if in_public_folder and is_restricted(node) and "activation" not in node["fqn"]:
            violations.append(f"{node['name']}: a restricted (contains_pii) model in a public folder")
        if not is_public_mart(node):
            continue
        columns = {name.lower(): column for name, column in node.get("columns", {}).items()}
        if node["name"] == "member_tags_wide":
            columns.update({name: {} for name in tag_columns})
        for name, column in sorted(columns.items()):
            if column.get("meta", {}).get("contains_pii"):
                violations.append(f"{node['name']}.{name}: flagged contains_pii in a public mart")
            elif name in pii_names:
                violations.append(f"{node['name']}.{name}: named like the PII column '{name}' in a public mart")
    return sorted(violations)


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return parse_manifest(tmp_path_factory.mktemp("privacy"))


def test_public_marts_are_found(manifest: dict[str, Any]) -> None:
    public = {node["name"] for node in manifest["nodes"].values() if is_public_mart(node)}
    assert {"member_tags_wide", "member_tags_long", "tag_catalog"} <= public
    assert not {"dim_members", "member_identity_map"} & public


def test_restricted_models_are_flagged(manifest: dict[str, Any]) -> None:
    restricted = {node["name"] for node in manifest["nodes"].values() if is_restricted(node)}
    assert {"dim_members", "member_identity_map", "identity_audit"} <= restricted
    assert {"mobile", "identifier_value", "openid", "birth_date"} <= pii_column_names(manifest)


def test_no_pii_reaches_a_public_mart(manifest: dict[str, Any]) -> None:
    assert pii_violations(manifest) == []


def test_the_check_catches_a_leak(manifest: dict[str, Any]) -> None:
    """The check can fail: a mobile column in the long tag table, a tag named openid, a flagged catalogue column."""
    leaked = copy.deepcopy(manifest)
    nodes = {node["name"]: node for node in leaked["nodes"].values()}
    nodes["member_tags_long"]["columns"]["mobile"] = {"name": "mobile", "meta": {}}
    nodes["tag_catalog"]["columns"]["top_values"]["meta"] = {"contains_pii": True}
    tag_model = next(node for node in nodes.values() if node["name"] == "tag_channels")
    tag_model["columns"]["first_channel"]["meta"]["tag"]["code"] = "openid"
    assert pii_violations(leaked) == [
        "member_tags_long.mobile: named like the PII column 'mobile' in a public mart",
        "member_tags_wide.openid: named like the PII column 'openid' in a public mart",
        "tag_catalog.top_values: flagged contains_pii in a public mart",
    ]

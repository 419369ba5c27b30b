"""Personal data stays in restricted models: every model carrying PII lives in the restricted schema, and no column
flagged `contains_pii` (or named like one) reaches a relation BI tools read.

Two checks, both on the session's built sample (conftest.built_sample):
- the manifest: PII column names are every column flagged `meta.contains_pii` anywhere in the project (sources,
  staging, marts) plus a few well-known names that must never be public whether flagged or not; a mart carrying PII
  (the model or a column flagged) must be in a schema named restricted; every other mart and the snapshots are
  public, and none of their YAML columns (for member_tags_wide: its tag codes) may be PII;
- the warehouse: the ACTUAL columns of every relation in a public schema (information_schema) must be the ones
  the YAML describes (member_tags_wide: member_id and the tag codes; snapshots: also dbt's columns) and none may be
  PII, so a personal column added in SQL but not in YAML fails too.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest

from .conftest import BuiltSample

ALWAYS_PII = {"mobile", "phone", "openid", "unionid", "open_id", "external_userid", "id_card", "member_name", "address"}
SNAPSHOT_COLUMNS = {"dbt_scd_id", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to", "dbt_is_deleted"}
# schema -> relation -> its actual column names
Columns = dict[str, dict[str, list[str]]]


def carries_pii(node: dict[str, Any]) -> bool:
    return bool(node["config"].get("meta", {}).get("contains_pii")) or any(
        column.get("meta", {}).get("contains_pii") for column in node.get("columns", {}).values()
    )


def is_restricted(node: dict[str, Any]) -> bool:
    return "restricted" in (node.get("schema") or "")


def is_public(node: dict[str, Any]) -> bool:
    """A relation BI tools may read: a mart or a snapshot outside the restricted schema."""
    if node["resource_type"] == "snapshot":
        return not is_restricted(node)
    in_marts = node["resource_type"] == "model" and node["original_file_path"].startswith("models/marts/")
    return in_marts and not is_restricted(node)


def pii_column_names(manifest: dict[str, Any]) -> set[str]:
    names = set(ALWAYS_PII)
    for node in [*manifest["nodes"].values(), *manifest["sources"].values()]:
        for column in node.get("columns", {}).values():
            if column.get("meta", {}).get("contains_pii"):
                names.add(column["name"].lower())
    return names


def tag_codes(manifest: dict[str, Any]) -> set[str]:
    """member_tags_wide gets one column per tag code (tag meta); a tag column's own name counts too."""
    codes: set[str] = set()
    for node in manifest["nodes"].values():
        for column in node.get("columns", {}).values():
            tag = column.get("meta", {}).get("tag")
            if isinstance(tag, dict):
                codes.update({column["name"].lower(), str(tag.get("code", "")).lower()})
    return codes


def described_columns(node: dict[str, Any], manifest: dict[str, Any]) -> set[str]:
    """The columns a relation may have according to the YAML."""
    columns = {name.lower() for name in node.get("columns", {})}
    if node["name"] == "member_tags_wide":
        columns |= tag_codes(manifest)
    if node["resource_type"] == "snapshot":
        columns |= SNAPSHOT_COLUMNS
    return columns


def pii_violations(manifest: dict[str, Any]) -> list[str]:
    """Every way the YAML lets personal data reach a public relation, as readable messages; [] when clean."""
    pii_names = pii_column_names(manifest)
    violations: list[str] = []
    for node in manifest["nodes"].values():
        if node["resource_type"] not in ("model", "snapshot"):
            continue
        in_marts = node["original_file_path"].startswith("models/marts/")
        if in_marts and carries_pii(node) and not is_restricted(node):
            violations.append(f"{node['name']}: carries PII (contains_pii) but lives in schema {node['schema']}")
        if not is_public(node):
            continue
        for name in sorted(described_columns(node, manifest)):
            column = node.get("columns", {}).get(name, {})
            if column.get("meta", {}).get("contains_pii"):
                violations.append(f"{node['name']}.{name}: flagged contains_pii in a public relation")
            elif name in pii_names:
                violations.append(f"{node['name']}.{name}: named like the PII column '{name}' in a public relation")
    return sorted(violations)


def public_relations(manifest: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """(schema, relation name) -> node, for every public model and snapshot."""
    return {
        (node["schema"].lower(), (node.get("alias") or node["name"]).lower()): node
        for node in manifest["nodes"].values()
        if node["resource_type"] in ("model", "snapshot") and is_public(node)
    }


def warehouse_violations(manifest: dict[str, Any], actual: Columns) -> list[str]:
    """Every column a public relation has in the warehouse that its YAML does not describe or that is PII, and every
    relation of a public schema that no public model or snapshot produces; [] when clean."""
    pii_names = pii_column_names(manifest)
    relations = public_relations(manifest)
    public_schemas = {schema for schema, _ in relations}
    violations: list[str] = []
    for schema in sorted(public_schemas):
        for relation, columns in sorted(actual.get(schema, {}).items()):
            node = relations.get((schema, relation))
            if node is None:
                violations.append(f"{schema}.{relation}: in a public schema but produced by no public model")
                continue
            described = described_columns(node, manifest)
            for column in columns:
                name = column.lower()
                if name in pii_names:
                    violations.append(f"{schema}.{relation}.{name}: a PII column in the warehouse")
                elif name not in described:
                    violations.append(f"{schema}.{relation}.{name}: in the warehouse but not in the YAML")
    return violations


def actual_columns(db_path: Path) -> Columns:
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "order by table_schema, table_name, ordinal_position"
        ).fetchall()
    actual: Columns = {}
    for schema, relation, column in rows:
        actual.setdefault(schema.lower(), {}).setdefault(relation.lower(), []).append(column)
    return actual


@pytest.fixture(scope="module")
def manifest(built_sample: BuiltSample) -> dict[str, Any]:
    return json.loads(built_sample.manifest_path.read_text(encoding="utf-8"))


def test_public_and_restricted_relations_are_found(manifest: dict[str, Any]) -> None:
    public = {node["name"] for node in manifest["nodes"].values() if is_public(node)}
    assert {"member_tags_wide", "member_tags_long", "tag_catalog", "dim_members", "member_tags_snapshot"} <= public
    restricted = {
        node["name"] for node in manifest["nodes"].values() if node["resource_type"] == "model" and is_restricted(node)
    }
    assert restricted == {
        "member_identity_map",
        "identity_audit",
        "dim_members_pii",
        "segment_export_sms",
        "segment_export_wecom",
    }
    assert {"mobile", "identifier_value", "openid", "birth_date", "member_name"} <= pii_column_names(manifest)


def test_no_pii_reaches_a_public_relation(manifest: dict[str, Any]) -> None:
    assert pii_violations(manifest) == []


def test_the_check_catches_a_leak(manifest: dict[str, Any]) -> None:
    """The check can fail: a mobile column in the long tag table, a tag named openid, a flagged catalogue column, a
    PII model moved back to the marts schema."""
    leaked = copy.deepcopy(manifest)
    nodes = {node["name"]: node for node in leaked["nodes"].values()}
    nodes["member_tags_long"]["columns"]["mobile"] = {"name": "mobile", "meta": {}}
    nodes["tag_catalog"]["columns"]["top_values"]["meta"] = {"contains_pii": True}
    nodes["tag_channels"]["columns"]["first_channel"]["meta"]["tag"]["code"] = "openid"
    nodes["dim_members_pii"]["schema"] = nodes["dim_members"]["schema"]
    marts = nodes["dim_members"]["schema"]
    assert pii_violations(leaked) == [
        "dim_members_pii.birth_date: flagged contains_pii in a public relation",
        "dim_members_pii.child_birth_date: flagged contains_pii in a public relation",
        "dim_members_pii.member_name: flagged contains_pii in a public relation",
        "dim_members_pii.mobile: flagged contains_pii in a public relation",
        f"dim_members_pii: carries PII (contains_pii) but lives in schema {marts}",
        "member_tags_long.mobile: named like the PII column 'mobile' in a public relation",
        "member_tags_wide.openid: named like the PII column 'openid' in a public relation",
        "tag_catalog.top_values: flagged contains_pii in a public relation",
        f"tag_catalog: carries PII (contains_pii) but lives in schema {marts}",
    ]


def test_the_warehouse_matches_the_yaml_and_holds_no_pii(manifest: dict[str, Any], built_sample: BuiltSample) -> None:
    actual = actual_columns(built_sample.db_path)
    relations = public_relations(manifest)
    checked = {(schema, relation) for schema in {s for s, _ in relations} for relation in actual.get(schema, {})}
    # every public model and the snapshot were built and checked, the wide table with its tag columns
    assert checked == set(relations)
    assert len(actual["main_marts"]["member_tags_wide"]) > 50
    assert warehouse_violations(manifest, actual) == []


def test_the_warehouse_check_catches_a_column_added_in_sql(
    manifest: dict[str, Any], built_sample: BuiltSample, tmp_path: Path
) -> None:
    """The check can fail on the warehouse itself: a mobile and an undocumented column added to public tables (as
    SQL that selects one more column than its YAML describes would), and a stray table in the marts schema."""
    db_path = tmp_path / "leaky.duckdb"
    shutil.copy(built_sample.db_path, db_path)
    with duckdb.connect(str(db_path)) as con:
        con.execute("alter table main_marts.segment_summary add column mobile varchar")
        con.execute("alter table main_marts.tag_catalog add column internal_note varchar")
        con.execute("create table main_marts.scratch_copy as select member_id from main_marts.dim_members")
    assert warehouse_violations(manifest, actual_columns(db_path)) == [
        "main_marts.scratch_copy: in a public schema but produced by no public model",
        "main_marts.segment_summary.mobile: a PII column in the warehouse",
        "main_marts.tag_catalog.internal_note: in the warehouse but not in the YAML",
    ]

"""The raw data contract is written twice, for Python (tagwarehouse/raw_schema.py) and for dbt (source YAML):
these tests keep the two, the generated layout page and the shipped sample in step."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import yaml

from tagwarehouse import raw_docs
from tagwarehouse.raw_schema import RAW_TABLES

from .conftest import PROJECT_ROOT, SAMPLE_DATA


def _source_yaml_columns() -> dict[tuple[str, str], list[str]]:
    declared: dict[tuple[str, str], list[str]] = {}
    for path in (PROJECT_ROOT / "models" / "staging").glob("*/_*__sources.yml"):
        for source in yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]:
            for table in source["tables"]:
                declared[(source["name"], table["name"])] = [c["name"] for c in table["columns"]]
    return declared


def test_source_yaml_declares_exactly_the_contract() -> None:
    declared = _source_yaml_columns()
    expected = {(t.source, t.name): [c for c, _, _ in t.columns] for t in RAW_TABLES}
    assert declared == expected


def test_layout_page_is_up_to_date() -> None:
    page = (PROJECT_ROOT / "docs" / "raw_data.md").read_text(encoding="utf-8")
    assert page == raw_docs.render(), "run: python -m tagwarehouse.raw_docs"


def test_shipped_sample_matches_the_contract() -> None:
    for table in RAW_TABLES:
        files = sorted((SAMPLE_DATA / table.folder).glob("*.parquet"))
        assert files, f"no sample file for {table.folder}"
        for file in files:
            schema = pq.read_schema(file)
            assert schema.names == table.schema.names, file
            assert [f.type for f in schema] == list(table.schema.types), file


def test_sample_is_small() -> None:
    size = sum(p.stat().st_size for p in SAMPLE_DATA.rglob("*") if p.is_file())
    assert size < 8 * 1024 * 1024, f"sample is {size / 1e6:.1f} MB"


def test_no_model_reads_the_ground_truth() -> None:
    for path in Path(PROJECT_ROOT / "models").rglob("*"):
        if path.is_file():
            assert "_ground_truth" not in path.read_text(encoding="utf-8"), path

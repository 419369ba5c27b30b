"""The benchmark's hand-written RFM query and the dbt models compute the same figures (bench/metrics.py).

Runs on the database `bin/test` has just built (MTW_DUCKDB_PATH); skipped when there is none, e.g. when pytest runs
on its own.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from bench import metrics


@pytest.fixture
def built_database() -> Path:
    path = Path(os.environ.get("MTW_DUCKDB_PATH", "target/test.duckdb"))
    if not path.exists():
        pytest.skip(f"no built warehouse at {path}")
    with duckdb.connect(str(path), read_only=True) as connection:
        found = connection.execute(
            "select count(*) from information_schema.tables where table_name = 'int_member_rfm'"
        ).fetchone()[0]
    if not found:
        pytest.skip(f"{path} holds no int_member_rfm")
    return path


def test_hand_written_query_agrees_with_the_models(built_database: Path) -> None:
    query = metrics.HAND_WRITTEN_RFM.format(brand="zhian", as_of="null", window=365)
    with duckdb.connect(str(built_database), read_only=True) as connection:
        connection.execute(f"create temp table hand_rfm as {query}")
        members, in_dbt, in_hand, differing = connection.execute(metrics.COMPARISON).fetchone()
    assert members > 0
    assert in_dbt == in_hand == members
    assert differing == 0

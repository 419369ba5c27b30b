"""A missing raw file or column stops the build before any model runs, naming the file and the column."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq

from .conftest import run_dbt

# Seeds and one staging model: enough to run the on-run-start raw data check and read a source.
BUILD_ONE_STAGING_MODEL = ["build", "--select", "+stg_tmall__trades", "--resource-type", "seed", "model"]


def test_missing_raw_folder_names_the_folder(sample_copy: Path, tmp_path: Path) -> None:
    shutil.rmtree(sample_copy / "pos" / "receipts")
    result = run_dbt(BUILD_ONE_STAGING_MODEL, raw_data=sample_copy, db_path=tmp_path / "w.duckdb")
    assert result.returncode != 0
    assert "source pos.receipts: no raw file matches" in result.stdout
    assert f"{sample_copy}/pos/receipts/*.parquet" in result.stdout


def test_missing_column_names_the_file_and_column(sample_copy: Path, tmp_path: Path) -> None:
    folder = sample_copy / "jd" / "orders"
    for part in folder.glob("*.parquet"):
        table = pq.read_table(part)
        pq.write_table(table.drop_columns(["order_payment"]), part)
    result = run_dbt(BUILD_ONE_STAGING_MODEL, raw_data=sample_copy, db_path=tmp_path / "w.duckdb")
    assert result.returncode != 0
    assert "source jd.orders" in result.stdout
    assert "lacks required column(s) order_payment" in result.stdout
    assert f"{folder}/*.parquet" in result.stdout


def test_intact_sample_passes_the_check(sample_copy: Path, tmp_path: Path) -> None:
    result = run_dbt(BUILD_ONE_STAGING_MODEL, raw_data=sample_copy, db_path=tmp_path / "w.duckdb")
    assert result.returncode == 0, result.stdout

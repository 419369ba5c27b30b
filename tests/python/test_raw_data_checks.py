"""A missing raw file or column stops the build before any model runs, naming the file and the column."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
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
    parts = sorted(folder.glob("*.parquet"))
    for part in parts:
        table = pq.read_table(part)
        pq.write_table(table.drop_columns(["order_payment"]), part)
    result = run_dbt(BUILD_ONE_STAGING_MODEL, raw_data=sample_copy, db_path=tmp_path / "w.duckdb")
    assert result.returncode != 0
    for part in parts:
        assert f"source jd.orders: {part} lacks required column(s) order_payment" in result.stdout


def test_late_part_file_lacking_columns_is_named_with_them(sample_copy: Path, tmp_path: Path) -> None:
    """Read together (union_by_name), the part files would pass and the late part's values would read NULL: each
    file is checked on its own. A nested column whose child carries a required name does not hide the gap, and
    every problem is reported at once."""
    folder = sample_copy / "tmall" / "trades"
    late_part = folder / "part-0001.parquet"
    assert late_part.exists() and (folder / "part-0000.parquet").exists()
    table = pq.read_table(late_part).drop_columns(["payment", "post_fee"])
    nested = pa.array([{"payment": "1.00"}] * table.num_rows, type=pa.struct([("payment", pa.string())]))
    pq.write_table(table.append_column("extension", nested), late_part)
    shutil.rmtree(sample_copy / "pos" / "stores")

    result = run_dbt(BUILD_ONE_STAGING_MODEL, raw_data=sample_copy, db_path=tmp_path / "w.duckdb")

    assert result.returncode != 0
    assert f"source tmall.trades: {late_part} lacks required column(s) post_fee, payment" in result.stdout
    assert "part-0000.parquet" not in result.stdout  # the intact early part is not reported
    assert "source pos.stores: no raw file matches" in result.stdout


def test_intact_sample_passes_the_check(sample_copy: Path, tmp_path: Path) -> None:
    result = run_dbt(BUILD_ONE_STAGING_MODEL, raw_data=sample_copy, db_path=tmp_path / "w.duckdb")
    assert result.returncode == 0, result.stdout

"""The churn models inside dbt: the Python model bgnbd_parameters recovers known parameters from a simulated
purchase-days table (through the SQL clock of int_member_purchase_histories and the grouping of int_bgnbd_inputs),
the parameter CLI that writes the Spark fallback seed, and the Spark target's wiring (no Python model, seed
parameters), compiled when dbt-spark is installed."""

from __future__ import annotations

import csv
import importlib.util
import json
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from tagwarehouse import bgnbd
from tagwarehouse.bgnbd import CDNOW_PUBLISHED, PARAMETER_COLUMNS, BgNbdParams

from .conftest import PROJECT_ROOT, SAMPLE_DATA, run_dbt

TRUTH = BgNbdParams(CDNOW_PUBLISHED["r"], CDNOW_PUBLISHED["alpha"], CDNOW_PUBLISHED["a"], CDNOW_PUBLISHED["b"])
AS_OF = "2026-06-30"
FALLBACK_SEED = PROJECT_ROOT / "seeds" / "churn" / "bgnbd_parameters_fallback.csv"
HAS_SPARK = (
    importlib.util.find_spec("pyspark") is not None
    and importlib.util.find_spec("dbt.adapters.spark") is not None
    and shutil.which("java") is not None
)
needs_spark = pytest.mark.skipif(not HAS_SPARK, reason="dbt-spark and Java are not installed (bin/setup spark)")


def spark_env(tmp_path: Path) -> dict[str, str]:
    """A private Derby metastore for the test's Spark session: the default (metastore_db in the working directory)
    is locked by any other Spark session running from the project directory, e.g. a developer's build."""
    return {"JAVA_TOOL_OPTIONS": f"-Dderby.system.home={tmp_path / 'derby'}"}


def simulated_purchase_days(n: int, seed: int) -> tuple[pa.Table, dict[str, np.ndarray]]:
    """A purchase-days table (member_id, purchase_date, net_amount, order_count) drawn from BG/NBD at the CDNOW
    estimates, with CDNOW-like ages of 189-273 whole days before the as-of date. Each member's first purchase day,
    number of repeat purchase days and last purchase day reproduce the simulated (x, t_x, T) in whole days; the
    days in between are placeholders (the model reads only their count). Also returns the per-member summaries
    (x, recency_days, age_days)."""
    rng = np.random.default_rng(seed)
    age_days = rng.integers(189, 274, n)
    sample = bgnbd.simulate(TRUTH, n, age_days / 7.0, seed=seed + 1)
    x = sample["x"].astype(np.int64)
    recency_days = np.rint(sample["t_x"] * 7.0).astype(np.int64)
    recency_days = np.where(x > 0, np.clip(recency_days, x, age_days), 0)  # x distinct days need x days of span
    members = pa.table(
        {
            "member_no": np.arange(n),
            "x": x,
            "recency_days": recency_days,
            "age_days": age_days,
        }
    )
    with duckdb.connect() as con:
        con.register("members", members)
        days = con.sql(
            f"""
            with firsts as (
                select member_no, x, recency_days, date '{AS_OF}' - cast(age_days as integer) as first_day
                from members
            ),
            days as (
                select member_no, first_day as purchase_date from firsts
                union all
                select member_no, first_day + cast(recency_days as integer) from firsts where x > 0
                union all
                select member_no, first_day + cast(unnest(range(1, x)) as integer) from firsts where x > 1
            )
            select
                'S' || lpad(cast(member_no as varchar), 10, '0') as member_id,
                purchase_date,
                cast(100 as decimal(18, 2)) as net_amount,
                cast(1 as bigint) as order_count
            from days
            """
        ).to_arrow_table()
    return days, {"x": x, "recency_days": recency_days, "age_days": age_days}


def test_bgnbd_parameters_model_recovers_simulated_parameters(tmp_path: Path) -> None:
    days, summaries = simulated_purchase_days(20_000, seed=3)
    db_path = tmp_path / "churn.duckdb"
    with duckdb.connect(str(db_path)) as con:
        con.register("days", days)
        con.execute("create schema main_intermediate")
        con.execute("create table main_intermediate.int_member_purchase_days as select * from days")
    result = run_dbt(
        [
            "run",
            "--select",
            "int_member_purchase_histories int_bgnbd_inputs bgnbd_parameters",
            "--vars",
            f"{{as_of_date: '{AS_OF}'}}",
        ],
        raw_data=SAMPLE_DATA,
        db_path=db_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.sql("select * from main_intermediate.bgnbd_parameters order by model").to_arrow_table()
        n_members = con.sql("select sum(n_members) from main_intermediate.int_bgnbd_inputs").fetchall()[0][0]
    assert rows.column_names == list(PARAMETER_COLUMNS)
    fitted = {row["model"]: bgnbd.params_from_row(row) for row in rows.to_pylist()}
    assert set(fitted) == {"bgnbd", "mbgnbd"}
    assert n_members == 20_000
    for params in fitted.values():
        assert params.converged
        assert params.n == 20_000
    # The warehouse pipeline (SQL clock, grouping, Python model) gives the fit of the per-member summaries (up to
    # the optimiser tolerance: grouped and ungrouped rows take slightly different L-BFGS-B paths).
    x, t_x, age = summaries["x"], summaries["recency_days"] / 7.0, summaries["age_days"] / 7.0
    for name, params in fitted.items():
        direct = bgnbd.fit(x, t_x, age, model=name)  # type: ignore[arg-type]
        assert params.as_tuple() == pytest.approx(direct.as_tuple(), rel=1e-4), name
    # The data are BG/NBD: its estimates are within 3.5 standard errors of the truth (as in test_bgnbd.py).
    estimate = fitted["bgnbd"]
    errors = bgnbd.standard_errors(estimate, x, t_x, age)
    for name, true_value in zip(("r", "alpha", "a", "b"), TRUTH.as_tuple(), strict=True):
        assert abs(getattr(estimate, name) - true_value) < 3.5 * errors[name], name


def test_cli_writes_a_parameter_seed(tmp_path: Path) -> None:
    sample = bgnbd.simulate(TRUTH, 5_000, np.random.default_rng(5).uniform(27, 39, 5_000), seed=6)
    x, t_x, age, counts = bgnbd.aggregate(sample["x"], sample["t_x"], sample["T"])
    inputs = tmp_path / "inputs.csv"
    with inputs.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["frequency", "recency_weeks", "age_weeks", "n_members"])
        writer.writerows(zip(x.astype(int), t_x, age, counts, strict=True))
    out = tmp_path / "params.csv"
    assert bgnbd.main(["--inputs", str(inputs), "--out", str(out)]) == 0
    with out.open() as handle:
        rows = list(csv.DictReader(handle))
    assert [row["model"] for row in rows] == ["bgnbd", "mbgnbd"]
    assert list(rows[0]) == list(PARAMETER_COLUMNS)
    direct = bgnbd.fit(x, t_x, age, weights=counts)
    written = bgnbd.params_from_row(rows[0])
    assert written.converged
    assert written.as_tuple() == pytest.approx(direct.as_tuple(), rel=1e-12)


def test_shipped_fallback_seed_is_usable() -> None:
    with FALLBACK_SEED.open() as handle:
        rows = list(csv.DictReader(handle))
    assert [row["model"] for row in rows] == ["bgnbd", "mbgnbd"]
    for row in rows:
        params = bgnbd.params_from_row(row)
        assert params.converged
        assert all(value > 0 for value in params.as_tuple())


def test_seed_parameter_source_compiles_without_python_models(tmp_path: Path) -> None:
    """churn_parameters_source = 'seed' on DuckDB wires int_member_churn to the seed, as the Spark target does."""
    result = run_dbt(
        ["compile", "--select", "int_member_churn", "--vars", "{churn_parameters_source: seed}"],
        raw_data=SAMPLE_DATA,
        db_path=tmp_path / "w.duckdb",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    compiled = next((tmp_path / "dbt-target" / "compiled").rglob("int_member_churn.sql")).read_text()
    assert "bgnbd_parameters_fallback" in compiled
    assert '"bgnbd_parameters"' not in compiled


@needs_spark
def test_spark_target_uses_the_seed_and_no_python_model(tmp_path: Path) -> None:
    """dbt-spark (session method) runs no Python models: on the spark target the two Python models are disabled,
    int_member_churn reads the fallback seed and computes expected purchases by the SQL quadrature. Compiles (no
    build)."""
    listed = run_dbt(
        ["ls", "--target", "spark", "--resource-type", "model", "--output", "name"],
        raw_data=SAMPLE_DATA,
        db_path=tmp_path / "w.duckdb",
        extra_env=spark_env(tmp_path),
    )
    assert listed.returncode == 0, listed.stdout + listed.stderr
    names = set(listed.stdout.split())
    assert "int_member_churn" in names
    assert "bgnbd_parameters" not in names
    assert "int_bgnbd_group_scores" not in names
    compiled_run = run_dbt(
        ["compile", "--target", "spark", "--select", "int_member_churn int_member_aipl_monthly aipl_flow_monthly"],
        raw_data=SAMPLE_DATA,
        db_path=tmp_path / "w.duckdb",
        extra_env=spark_env(tmp_path),
    )
    assert compiled_run.returncode == 0, compiled_run.stdout + compiled_run.stderr
    compiled = next((tmp_path / "dbt-target" / "compiled").rglob("int_member_churn.sql")).read_text()
    assert "bgnbd_parameters_fallback" in compiled
    assert "int_bgnbd_group_scores" not in compiled
    assert "int_bgnbd_inputs" in compiled  # expected purchases by the SQL quadrature, per group
    assert "greatest(1.0, ceil(" in compiled


PARAMETER_GRID = [
    (0.243, 4.414, 0.793, 2.426),  # CDNOW (weeks)
    (0.3, 0.56, 0.88, 5.55),  # like the sample's fit
    (1.3, 12.0, 2.5, 0.7),  # a > 1, b < 1
    (0.05, 0.8, 0.2, 9.0),
]
HISTORY_GRID = [(0, 0.0, 0.0), (0, 0.0, 1.0), (1, 1.0, 1.0), (3, 2.0, 30.0), (10, 50.0, 52.0), (50, 100.0, 104.0)]


@pytest.mark.parametrize("target", ["duckdb", pytest.param("spark", marks=needs_spark)])
def test_sql_expected_purchases_match_the_hypergeometric_form(tmp_path: Path, target: str) -> None:
    """The portable quadrature (macro bgnbd_alive_expected_purchases_sql, evaluated by the engine through dbt show)
    times the SQL P(alive) equals tagwarehouse.bgnbd.expected_purchases (scipy's 2F1) over a grid of parameters
    and histories, for both models, at the 90-day horizon: relative error below 1e-5, on DuckDB and on Spark."""
    horizon = 90 / 7
    rows = [
        (model, *theta, *history)
        for model in ("bgnbd", "mbgnbd")
        for theta in PARAMETER_GRID
        for history in HISTORY_GRID
    ]
    values = ", ".join(
        f"({i}, '{model}', {r!r}, {alpha!r}, {a!r}, {b!r}, {x}, {t_x!r}, {age!r})"
        for i, (model, r, alpha, a, b, x, t_x, age) in enumerate(rows)
    )
    selects = []
    for model in ("bgnbd", "mbgnbd"):
        shift = " + 1" if model == "mbgnbd" else ""
        selects.append(
            f"select id, {{{{ bgnbd_p_alive_sql('{model}', 'r', 'alpha', 'a', 'b', 'x', 't_x', 'age') }}}}"
            f" * {{{{ bgnbd_alive_expected_purchases_sql('a', 'b + x{shift}', 'r + x', '{horizon!r} / (alpha + age)')"
            " }}"
            f" as expected from grid where model = '{model}'"
        )
    query = (
        f"with grid as (select * from (values {values}) as g(id, model, r, alpha, a, b, x, t_x, age)) "
        + " union all ".join(selects)
    )
    result = run_dbt(
        ["--quiet", "show", "--target", target, "--inline", query, "--output", "json", "--limit", str(len(rows))],
        raw_data=SAMPLE_DATA,
        db_path=tmp_path / "w.duckdb",
        extra_env=spark_env(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    shown = {row["id"]: row["expected"] for row in json.loads(result.stdout)["show"]}
    assert len(shown) == len(rows)
    for i, (model, r, alpha, a, b, x, t_x, age) in enumerate(rows):
        params = BgNbdParams(r, alpha, a, b, model=model)  # type: ignore[arg-type]
        expected = float(bgnbd.expected_purchases(params, horizon, x, t_x, age))
        assert shown[i] == pytest.approx(expected, rel=1e-5), (model, r, alpha, a, b, x, t_x, age)

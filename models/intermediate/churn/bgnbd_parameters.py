"""BG/NBD and MBG/NBD parameters (r, alpha, a, b) fitted by maximum likelihood to the warehouse's own purchase
histories (int_bgnbd_inputs, grouped), one row per model. A dbt Python model: it runs on DuckDB only (dbt-duckdb
runs it in-process); other engines read the seed bgnbd_parameters_fallback instead (docs/churn_model.md)."""

from tagwarehouse import bgnbd


def model(dbt, session):
    dbt.config(materialized="table")
    # dbt.ref returns a DuckDB relation; pandas is not installed, so fetch NumPy arrays (the grouped rows are few).
    rows = dbt.ref("int_bgnbd_inputs").fetchnumpy()
    params = bgnbd.fit_models(rows["frequency"], rows["recency_weeks"], rows["age_weeks"], weights=rows["n_members"])
    return bgnbd.parameters_table(params)

"""P(alive) and expected purchases over the next var churn_horizon_days days for every distinct (frequency,
recency, age) of int_bgnbd_inputs, under each fitted model of bgnbd_parameters. The expectation needs the Gauss
hypergeometric function 2F1, which SQL engines lack, so it is computed here, per group (about 1.5M rows at 10M
buyers), and joined back to members in int_member_churn. DuckDB only, like bgnbd_parameters."""

import numpy as np
import pyarrow as pa

from tagwarehouse import bgnbd


def model(dbt, session):
    dbt.config(materialized="table")
    horizon_weeks = float(dbt.config.meta_get("churn_horizon_days")) / 7.0
    groups = dbt.ref("int_bgnbd_inputs").fetchnumpy()
    parameters = dbt.ref("bgnbd_parameters").to_arrow_table().to_pylist()
    x = np.asarray(groups["frequency"], dtype=np.float64)
    t_x = np.asarray(groups["recency_weeks"], dtype=np.float64)
    age = np.asarray(groups["age_weeks"], dtype=np.float64)
    parts = []
    for row in parameters:
        params = bgnbd.params_from_row(row)
        parts.append(
            pa.table(
                {
                    "churn_model": pa.array([params.model] * len(x), pa.string()),
                    "frequency": pa.array(groups["frequency"], pa.int64()),
                    "recency_days": pa.array(groups["recency_days"], pa.int64()),
                    "age_days": pa.array(groups["age_days"], pa.int64()),
                    "p_alive": pa.array(bgnbd.p_alive(params, x, t_x, age), pa.float64()),
                    "expected_purchases": pa.array(
                        bgnbd.expected_purchases(params, horizon_weeks, x, t_x, age), pa.float64()
                    ),
                }
            )
        )
    return pa.concat_tables(parts)

{#- On DuckDB both implementations of P(alive) run: the portable SQL of int_member_churn (macro bgnbd_p_alive_sql)
    and tagwarehouse.bgnbd.p_alive in the Python model int_bgnbd_group_scores. They must agree to 1e-9 for every
    buyer under both models. Fails on each disagreeing member and model. Skipped elsewhere (no Python models). -#}

{{ config(enabled=(target.type == 'duckdb' and var('churn_parameters_source') == 'fitted')) }}

with

churn as (

    select * from {{ ref('int_member_churn') }}

),

group_scores as (

    select * from {{ ref('int_bgnbd_group_scores') }}

),

compared as (

    select
        churn.member_id,
        group_scores.churn_model,
        case group_scores.churn_model
            when 'bgnbd' then churn.p_alive_bgnbd
            else churn.p_alive_mbgnbd
        end as p_alive_sql,
        group_scores.p_alive as p_alive_python
    from churn
    inner join group_scores
        on
            churn.frequency = group_scores.frequency
            and churn.recency_days = group_scores.recency_days
            and churn.age_days = group_scores.age_days

)

select *
from compared
where not abs(p_alive_sql - p_alive_python) <= 1e-9

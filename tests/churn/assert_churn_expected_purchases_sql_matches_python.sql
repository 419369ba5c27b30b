{#- The portable quadrature of expected purchases (macro bgnbd_alive_expected_purchases_sql, what engines without
    Python models use) must agree with scipy's hypergeometric form (int_bgnbd_group_scores) on every group of the
    build, under both models, to a relative 1e-4 (typically 1e-6). DuckDB only: the Python side runs there. -#}

{{ config(enabled=(target.type == 'duckdb' and var('churn_parameters_source') == 'fitted')) }}

{%- set horizon_weeks = (var('churn_horizon_days') | float) / 7 %}

with

group_scores as (

    select * from {{ ref('int_bgnbd_group_scores') }}

),

inputs as (

    select * from {{ ref('int_bgnbd_inputs') }}

),

parameters as (

    select * from {{ ref('bgnbd_parameters') }}

),

groups_prepared as (

    select
        group_scores.churn_model,
        group_scores.frequency,
        group_scores.recency_days,
        group_scores.age_days,
        group_scores.p_alive,
        group_scores.expected_purchases as expected_python,
        parameters.a,
        parameters.b + group_scores.frequency
        + case when group_scores.churn_model = 'mbgnbd' then 1 else 0 end as b_prime,
        parameters.r + group_scores.frequency as n,
        {{ horizon_weeks }} / (parameters.alpha + inputs.age_weeks) as s
    from group_scores
    inner join inputs
        on
            group_scores.frequency = inputs.frequency
            and group_scores.recency_days = inputs.recency_days
            and group_scores.age_days = inputs.age_days
    inner join parameters
        on group_scores.churn_model = parameters.model

),

compared as (

    select
        *,
        p_alive * {{ bgnbd_alive_expected_purchases_sql('a', 'b_prime', 'n', 's') }} as expected_sql
    from groups_prepared

)

select *
from compared
where not abs(expected_sql - expected_python) <= 1e-4 * expected_python + 1e-12

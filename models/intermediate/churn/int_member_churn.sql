{#- Churn scores of every member as of the as-of date (docs/churn_model.md). P(alive) under BG/NBD and MBG/NBD in
    portable SQL from the parameters (fitted by bgnbd_parameters on DuckDB, the seed bgnbd_parameters_fallback
    elsewhere); the model of var churn_model (default mbgnbd) gives p_alive, the expectation and the band, because
    BG/NBD says P(alive) = 1 for every one-time buyer. Expected purchases in the next var churn_horizon_days days
    come from the Python model int_bgnbd_group_scores (scipy's 2F1) when it runs, else from the portable quadrature
    of macro bgnbd_alive_expected_purchases_sql, per distinct (frequency, recency, age). Members who never bought
    have no score and no band. -#}

{%- set churn_model = var('churn_model') %}
{%- if churn_model not in ['bgnbd', 'mbgnbd'] %}
    {{ exceptions.raise_compiler_error("var churn_model must be 'bgnbd' or 'mbgnbd', got '" ~ churn_model ~ "'") }}
{%- endif %}
{%- set has_group_scores = churn_parameters_are_fitted() %}
{%- set horizon_weeks = (var('churn_horizon_days') | float) / 7 %}

with

members as (

    select * from {{ ref('dim_members') }}

),

histories as (

    select * from {{ ref('int_member_purchase_histories') }}

),

parameters as (

    select * from {{ churn_parameters_relation() }}

),

rfm as (

    select * from {{ ref('int_member_rfm') }}

),

{% if has_group_scores -%}
group_scores as (

    select * from {{ ref('int_bgnbd_group_scores') }}
    where churn_model = '{{ churn_model }}'

),
{%- else -%}
groups as (

    select * from {{ ref('int_bgnbd_inputs') }}

),
{%- endif %}

parameters_pivoted as (

    select
        max(case when model = 'bgnbd' then r end) as bgnbd_r,
        max(case when model = 'bgnbd' then alpha end) as bgnbd_alpha,
        max(case when model = 'bgnbd' then a end) as bgnbd_a,
        max(case when model = 'bgnbd' then b end) as bgnbd_b,
        max(case when model = 'mbgnbd' then r end) as mbgnbd_r,
        max(case when model = 'mbgnbd' then alpha end) as mbgnbd_alpha,
        max(case when model = 'mbgnbd' then a end) as mbgnbd_a,
        max(case when model = 'mbgnbd' then b end) as mbgnbd_b
    from parameters

),

{% if not has_group_scores -%}
groups_prepared as (

    select
        groups.frequency,
        groups.recency_days,
        groups.age_days,
        {{ bgnbd_p_alive_sql(
            churn_model,
            'parameters_pivoted.' ~ churn_model ~ '_r',
            'parameters_pivoted.' ~ churn_model ~ '_alpha',
            'parameters_pivoted.' ~ churn_model ~ '_a',
            'parameters_pivoted.' ~ churn_model ~ '_b',
            'groups.frequency',
            'groups.recency_weeks',
            'groups.age_weeks',
        ) }} as p_alive,
        parameters_pivoted.{{ churn_model }}_a as a,
        parameters_pivoted.{{ churn_model }}_b + groups.frequency{{ ' + 1' if churn_model == 'mbgnbd' else '' }} as b_prime,
        parameters_pivoted.{{ churn_model }}_r + groups.frequency as n,
        {{ horizon_weeks }} / (parameters_pivoted.{{ churn_model }}_alpha + groups.age_weeks) as s
    from groups
    cross join parameters_pivoted

),

group_scores as (

    select
        frequency,
        recency_days,
        age_days,
        p_alive * {{ bgnbd_alive_expected_purchases_sql('a', 'b_prime', 'n', 's') }} as expected_purchases
    from groups_prepared

),

{% endif -%}
histories_scored as (

    select
        histories.member_id,
        histories.frequency,
        histories.recency_days,
        histories.age_days,
        {{ bgnbd_p_alive_sql(
            'bgnbd',
            'parameters_pivoted.bgnbd_r',
            'parameters_pivoted.bgnbd_alpha',
            'parameters_pivoted.bgnbd_a',
            'parameters_pivoted.bgnbd_b',
            'histories.frequency',
            'histories.recency_weeks',
            'histories.age_weeks',
        ) }} as p_alive_bgnbd,
        {{ bgnbd_p_alive_sql(
            'mbgnbd',
            'parameters_pivoted.mbgnbd_r',
            'parameters_pivoted.mbgnbd_alpha',
            'parameters_pivoted.mbgnbd_a',
            'parameters_pivoted.mbgnbd_b',
            'histories.frequency',
            'histories.recency_weeks',
            'histories.age_weeks',
        ) }} as p_alive_mbgnbd
    from histories
    cross join parameters_pivoted

),

members_scored as (

    select
        members.member_id,
        histories_scored.member_id is not null as has_purchased,
        histories_scored.frequency,
        histories_scored.recency_days,
        histories_scored.age_days,
        histories_scored.p_alive_bgnbd,
        histories_scored.p_alive_mbgnbd,
        histories_scored.p_alive_{{ churn_model }} as p_alive,
        group_scores.expected_purchases as expected_purchases_90d,
        coalesce(rfm.is_m_high, false) as is_monetary_high
    from members
    left join histories_scored
        on members.member_id = histories_scored.member_id
    left join group_scores
        on
            histories_scored.frequency = group_scores.frequency
            and histories_scored.recency_days = group_scores.recency_days
            and histories_scored.age_days = group_scores.age_days
    left join rfm
        on members.member_id = rfm.member_id

),

banded as (

    select
        *,
        case
            when p_alive < {{ var('churn_high_risk_below') }} then 'high'
            when p_alive < {{ var('churn_medium_risk_below') }} then 'medium'
            when p_alive is not null then 'low'
        end as churn_risk_band
    from members_scored

),

final as (

    select
        -- ids
        member_id,

        -- text
        '{{ churn_model }}' as churn_model,
        churn_risk_band,

        -- numerics
        p_alive,
        expected_purchases_90d,
        p_alive_bgnbd,
        p_alive_mbgnbd,
        frequency,
        recency_days,
        age_days,

        -- booleans
        has_purchased,
        is_monetary_high,
        coalesce(churn_risk_band = 'high' and is_monetary_high, false) as is_high_value_at_risk

    from banded

)

select * from final

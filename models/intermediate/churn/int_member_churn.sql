{#- Churn scores of every member as of the as-of date (docs/churn_model.md). P(alive) under BG/NBD and MBG/NBD in
    portable SQL from the parameters (fitted by bgnbd_parameters on DuckDB, the seed bgnbd_parameters_fallback
    elsewhere); the model of var churn_model (default mbgnbd) gives p_alive and the band, because BG/NBD says
    P(alive) = 1 for every one-time buyer. Expected purchases in the next var churn_horizon_days days need 2F1:
    they come from the Python model int_bgnbd_group_scores on DuckDB and are NULL on engines without Python models.
    Members who never bought have no score and no band. -#}

{%- set churn_model = var('churn_model') %}
{%- if churn_model not in ['bgnbd', 'mbgnbd'] %}
    {{ exceptions.raise_compiler_error("var churn_model must be 'bgnbd' or 'mbgnbd', got '" ~ churn_model ~ "'") }}
{%- endif %}
{%- set has_group_scores = target.type == 'duckdb' %}

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
        {% if has_group_scores -%}
        group_scores.expected_purchases as expected_purchases_90d,
        {%- else -%}
        cast(null as {{ type_double() }}) as expected_purchases_90d,
        {%- endif %}
        coalesce(rfm.is_m_high, false) as is_monetary_high
    from members
    left join histories_scored
        on members.member_id = histories_scored.member_id
    {%- if has_group_scores %}
    left join group_scores
        on
            histories_scored.frequency = group_scores.frequency
            and histories_scored.recency_days = group_scores.recency_days
            and histories_scored.age_days = group_scores.age_days
    {%- endif %}
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

{#- The BG/NBD summary of every member who bought up to the as-of date, on the model's own clock (docs/churn_model.md):
    frequency = repeat purchase days (distinct purchase days - 1; same-day purchases count once),
    recency = last - first purchase day, age = as-of date - first purchase day, in days and in weeks (the unit the
    parameters are fitted in). -#}

with

purchase_days as (

    select * from {{ ref('int_member_purchase_days') }}

),

as_of as (

    select {{ as_of_date() }} as as_of_date

),

histories as (

    select
        purchase_days.member_id,
        as_of.as_of_date,
        min(purchase_days.purchase_date) as first_purchase_date,
        max(purchase_days.purchase_date) as last_purchase_date,
        count(*) - 1 as frequency
    from purchase_days
    cross join as_of
    where purchase_days.purchase_date <= as_of.as_of_date
    group by purchase_days.member_id, as_of.as_of_date

),

measured as (

    select
        member_id,
        first_purchase_date,
        last_purchase_date,
        frequency,
        {{ dbt.datediff(
            'first_purchase_date',
            'last_purchase_date',
            'day'
        ) }} as recency_days,
        {{ dbt.datediff(
            'first_purchase_date',
            'as_of_date',
            'day'
        ) }} as age_days
    from histories

),

final as (

    select
        -- ids
        member_id,

        -- numerics
        frequency,
        recency_days,
        age_days,
        cast(recency_days as {{ type_double() }}) / 7 as recency_weeks,
        cast(age_days as {{ type_double() }}) / 7 as age_weeks,

        -- dates
        first_purchase_date,
        last_purchase_date

    from measured

)

select * from final

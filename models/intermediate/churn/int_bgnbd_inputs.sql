{#- The BG/NBD fitting data: buyers grouped by their (frequency, recency, age) with the number of members sharing
    each triple. With whole-day recency and age, 10M buyers collapse to about 1.5M rows, which is what the fit
    (bgnbd_parameters) reads: the grouping happens here, in SQL, on any engine. -#}

with

histories as (

    select * from {{ ref('int_member_purchase_histories') }}

),

grouped as (

    select
        frequency,
        recency_days,
        age_days,
        count(*) as n_members
    from histories
    group by frequency, recency_days, age_days

),

final as (

    select
        frequency,
        recency_days,
        age_days,
        cast(recency_days as {{ type_double() }}) / 7 as recency_weeks,
        cast(age_days as {{ type_double() }}) / 7 as age_weeks,
        n_members
    from grouped

)

select * from final

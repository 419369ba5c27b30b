{#- Tags that depend on the as-of date, from the birthday (restricted dim_members_pii; only the derived values
    become tags): age band (age in whole years on the as-of date) and whether the next birthday falls within var
    birthday_window_days (30) days after it (the as-of date itself included). A 29 February birthday is celebrated
    on 28 February in other years. -#}

{%- set window_days = var('birthday_window_days') %}
{#- Intervals given to dbt.dateadd as expressions are parenthesised: dbt-spark renders `cast(<interval> * 12 as int)`
    for years, so `a - b` unparenthesised became a - b * 12 months (ages and birthdays wrong on Spark). -#}

with

members as (

    select
        member_id,
        birth_date
    from {{ ref('dim_members_pii') }}
    where birth_date is not null

),

members_dated as (

    select
        member_id,
        birth_date,
        {{ as_of_date() }} as as_of_date
    from members

),

birthdays_this_year as (

    select
        member_id,
        birth_date,
        as_of_date,
        extract(year from as_of_date) - extract(year from birth_date) as years_since_birth_year,
        cast(
            {{ dbt.dateadd('year', '(extract(year from as_of_date) - extract(year from birth_date))', 'birth_date') }}
            as date
        ) as birthday_this_year
    from members_dated
    where birth_date <= as_of_date

),

next_birthdays as (

    select
        member_id,
        as_of_date,
        {{ age_in_years('birth_date', 'as_of_date') }} as age_years,
        case
            when birthday_this_year >= as_of_date then birthday_this_year
            else cast({{ dbt.dateadd('year', '(years_since_birth_year + 1)', 'birth_date') }} as date)
        end as next_birthday_date
    from birthdays_this_year

),

days_to_birthdays as (

    select
        member_id,
        age_years,
        {{ dbt.datediff('as_of_date', 'next_birthday_date', 'day') }} as days_to_next_birthday  -- noqa: LT05
    from next_birthdays

),

final as (

    select
        member_id,
        case
            when age_years < 18 then '<18'
            when age_years < 25 then '18-24'
            when age_years < 30 then '25-29'
            when age_years < 35 then '30-34'
            when age_years < 40 then '35-39'
            when age_years < 50 then '40-49'
            else '50+'
        end as age_band,
        days_to_next_birthday < {{ window_days }} as is_birthday_soon
    from days_to_birthdays

)

select * from final

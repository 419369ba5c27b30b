{#- Purchase cycles per member, as of as_of_date() (docs/metrics.md, "Purchase cycles"). One row per member who
    bought at least once up to the as-of date.
      personal    intervals in days between consecutive purchase days: mean and median; the median is the
                  member's cycle once they have var lifecycle_min_purchases_for_personal_cycle purchase days
      category    the member's favourite category (most purchase days, then net spend, then name) and that
                  category's typical cycle: over the members whose favourite it is and who bought in it on at
                  least two days, the median of each member's median interval between purchase days in that
                  category (one vote per member), when at least var category_cycle_min_members members vote
      default     var default_purchase_cycle_days otherwise
    expected_next_purchase_date = last purchase day + the cycle used; is_due_for_repurchase from
    var repurchase_due_lookahead_days before the expected date until one cycle after it. -#}

{%- set min_personal = var('lifecycle_min_purchases_for_personal_cycle') %}

with

purchase_days as (

    select * from {{ ref('int_member_purchase_days') }}

),

order_lines as (

    select * from {{ ref('fct_order_lines') }}

),

as_of as (

    select {{ as_of_date() }} as as_of_date

),

purchase_days_to_as_of as (

    select
        purchase_days.member_id,
        purchase_days.purchase_date,
        as_of.as_of_date
    from purchase_days
    cross join as_of
    where purchase_days.purchase_date <= as_of.as_of_date

),

purchase_intervals as (

    select
        member_id,
        purchase_date,
        as_of_date,
        {{ days_between(
            'lag(purchase_date) over (partition by member_id order by purchase_date asc)',
            'purchase_date'
        ) }} as interval_days,
        row_number() over (partition by member_id order by purchase_date desc) as recency_rank
    from purchase_days_to_as_of

),

-- intervals numbered by length within the member, for the median (is_median_position)
purchase_intervals_ranked as (

    select
        *,
        row_number() over (partition by member_id order by interval_days asc nulls last) as interval_rank,
        count(interval_days) over (partition by member_id) as interval_count
    from purchase_intervals

),

personal_cycles as (

    select
        member_id,
        as_of_date,
        count(*) as purchase_days_count,
        min(purchase_date) as first_purchase_date,
        max(purchase_date) as last_purchase_date,
        avg(interval_days) as mean_interval_days,
        avg(
            case when {{ is_median_position('interval_rank', 'interval_count') }} then interval_days end
        ) as median_interval_days,
        max(case when recency_rank = 1 then interval_days end) as last_interval_days
    from purchase_intervals_ranked
    group by member_id, as_of_date

),

member_category_days as (

    -- distinct (member, category, day) of purchased lines up to the as-of date
    select
        order_lines.member_id,
        order_lines.category,
        order_lines.order_date,
        sum(order_lines.net_amount) as net_amount
    from order_lines
    cross join as_of
    where
        order_lines.is_purchase
        and order_lines.member_id is not null
        and order_lines.category is not null
        and order_lines.order_date <= as_of.as_of_date
    group by order_lines.member_id, order_lines.category, order_lines.order_date

),

member_categories_ranked as (

    select
        member_id,
        category,
        row_number() over (
            partition by member_id
            order by count(*) desc, sum(net_amount) desc, category asc
        ) as preference_rank
    from member_category_days
    group by member_id, category

),

favourite_categories as (

    select
        member_id,
        category as favourite_category
    from member_categories_ranked
    where preference_rank = 1

),

favourite_category_intervals as (

    select
        member_category_days.member_id,
        member_category_days.category,
        {{ days_between(
            'lag(member_category_days.order_date) over (
                partition by member_category_days.member_id, member_category_days.category
                order by member_category_days.order_date asc
            )',
            'member_category_days.order_date'
        ) }} as interval_days
    from member_category_days
    inner join favourite_categories
        on
            member_category_days.member_id = favourite_categories.member_id
            and member_category_days.category = favourite_categories.favourite_category

),

favourite_category_intervals_ranked as (

    select
        member_id,
        category,
        interval_days,
        row_number() over (partition by member_id order by interval_days asc) as interval_rank,
        count(*) over (partition by member_id) as interval_count
    from favourite_category_intervals
    where interval_days is not null

),

favourite_category_member_cycles as (

    -- each member's own median interval in their favourite category: one vote per member, so the few members
    -- with hundreds of purchase days do not set the category's cycle
    select
        member_id,
        category,
        avg(interval_days) as member_category_cycle_days
    from favourite_category_intervals_ranked
    where {{ is_median_position('interval_rank', 'interval_count') }}
    group by member_id, category

),

category_cycles as (

    select
        category,
        count(*) as member_count,
        {{ quantile_cont('member_category_cycle_days', 0.5) }} as category_cycle_days
    from favourite_category_member_cycles
    group by category
    having count(*) >= {{ var('category_cycle_min_members') }}

),

cycles_chosen as (

    select
        personal_cycles.*,
        favourite_categories.favourite_category,
        category_cycles.category_cycle_days,
        case
            when personal_cycles.purchase_days_count >= {{ min_personal }} then 'personal'
            when category_cycles.category_cycle_days is not null then 'category'
            else 'default'
        end as cycle_source
    from personal_cycles
    left join favourite_categories
        on personal_cycles.member_id = favourite_categories.member_id
    left join category_cycles
        on favourite_categories.favourite_category = category_cycles.category

),

cycles_applied as (

    select
        *,
        cast(
            case cycle_source
                when 'personal' then greatest(round(median_interval_days), 1)
                when 'category' then greatest(round(category_cycle_days), 1)
                else {{ var('default_purchase_cycle_days') }}
            end as {{ dbt.type_int() }}
        ) as cycle_days_used
    from cycles_chosen

),

cycles_dated as (

    select
        *,
        cast({{ dbt.dateadd('day', 'cycle_days_used', 'last_purchase_date') }} as date) as expected_next_purchase_date
    from cycles_applied

),

final as (

    select
        -- ids
        member_id,

        -- personal history
        purchase_days_count,
        first_purchase_date,
        last_purchase_date,
        cast(mean_interval_days as {{ dbt.type_numeric() }}) as mean_interval_days,
        cast(median_interval_days as {{ dbt.type_numeric() }}) as median_interval_days,
        last_interval_days,

        -- category
        favourite_category,
        cast(category_cycle_days as {{ dbt.type_numeric() }}) as category_cycle_days,

        -- the cycle used and what it predicts
        cycle_days_used,
        cycle_source,
        expected_next_purchase_date,
        {{ days_between('as_of_date', 'expected_next_purchase_date') }} as days_until_expected_purchase,
        (
            {{ days_between('as_of_date', 'expected_next_purchase_date') }}
            <= {{ var('repurchase_due_lookahead_days') }}
            and {{ days_between('as_of_date', 'expected_next_purchase_date') }} > -1 * cycle_days_used
        ) as is_due_for_repurchase,

        -- context
        as_of_date

    from cycles_dated

)

select * from final

{#- AIPL stage of every member as of the as-of date, over the var aipl_window_days days ending on it (inclusive:
    a 180-day window as of 2026-06-30 starts on 2026-01-02). Highest stage wins (docs/aipl.md):

    L  loyalty:   two or more purchase days in the window, or a share/comment after the first purchase in the window
    P  purchase:  a purchase day in the window (fct_orders.is_purchase, via int_member_purchase_days)
    I  interest:  an interest event in the window (ad click, brand search, product view, follow, favourite, add to
                  cart, coupon claim; a share/comment before any purchase)
    A  awareness: an awareness event in the window (ad impression, page view, category search)
    none          nothing in the window -#}

{%- set window_days = var('aipl_window_days') | int %}

with

members as (

    select * from {{ ref('dim_members') }}

),

events as (

    select * from {{ ref('int_member_aipl_signal_days') }}

),

purchase_days as (

    select * from {{ ref('int_member_purchase_days') }}

),

window_bounds as (

    select
        {{ as_of_date() }} as as_of_date,
        cast({{ dbt.dateadd('day', 1 - window_days, as_of_date()) }} as date) as window_start_date

),

events_in_window as (

    select
        events.member_id,
        sum(case when events.aipl_signal = 'A' then events.event_count else 0 end) as a_event_count,
        sum(case when events.aipl_signal = 'I' then events.event_count else 0 end) as i_event_count,
        sum(case when events.aipl_signal = 'L' then events.event_count else 0 end) as advocacy_event_count,
        max(events.event_date) as last_event_date
    from events
    cross join window_bounds
    where
        events.event_date >= window_bounds.window_start_date
        and events.event_date <= window_bounds.as_of_date
    group by events.member_id

),

purchases_in_window as (

    select
        purchase_days.member_id,
        count(*) as purchase_count_in_window,
        max(purchase_days.purchase_date) as last_purchase_date
    from purchase_days
    cross join window_bounds
    where
        purchase_days.purchase_date >= window_bounds.window_start_date
        and purchase_days.purchase_date <= window_bounds.as_of_date
    group by purchase_days.member_id

),

signals_joined as (

    select
        members.member_id,
        coalesce(events_in_window.a_event_count, 0) as a_event_count,
        coalesce(events_in_window.i_event_count, 0) as i_event_count,
        coalesce(events_in_window.advocacy_event_count, 0) as advocacy_event_count,
        coalesce(purchases_in_window.purchase_count_in_window, 0) as purchase_count_in_window,
        events_in_window.last_event_date,
        purchases_in_window.last_purchase_date
    from members
    left join events_in_window
        on members.member_id = events_in_window.member_id
    left join purchases_in_window
        on members.member_id = purchases_in_window.member_id

),

final as (

    select
        -- ids
        signals_joined.member_id,

        -- text: the highest stage reached
        case
            when signals_joined.purchase_count_in_window >= 2 or signals_joined.advocacy_event_count > 0 then 'L'
            when signals_joined.purchase_count_in_window >= 1 then 'P'
            when signals_joined.i_event_count > 0 then 'I'
            when signals_joined.a_event_count > 0 then 'A'
            else 'none'
        end as aipl_stage,

        -- numerics
        signals_joined.a_event_count,
        signals_joined.i_event_count,
        signals_joined.advocacy_event_count,
        signals_joined.purchase_count_in_window,

        -- booleans
        signals_joined.purchase_count_in_window >= 2 as has_repeat_purchase,
        signals_joined.advocacy_event_count > 0 as has_post_purchase_advocacy,

        -- dates
        case
            when signals_joined.last_purchase_date > signals_joined.last_event_date
                or signals_joined.last_event_date is null
                then signals_joined.last_purchase_date
            else signals_joined.last_event_date
        end as last_event_date,
        window_bounds.window_start_date,
        window_bounds.as_of_date

    from signals_joined
    cross join window_bounds

)

select * from final

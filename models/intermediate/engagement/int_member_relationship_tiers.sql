{#- The five relationship tiers of private-domain operations, one per member, as of the as-of date over the var
    relationship_window_days days ending on it (the "cycle"). The first rule that holds wins (docs/aipl.md):

    super_user  >= relationship_super_user_min_purchase_days purchase days in the cycle and
                >= relationship_super_user_min_advocacy_events shares/comments after a first purchase in the cycle
    value       >= relationship_value_min_purchase_days purchase days in the cycle
    active      a purchase day in the cycle
    interested  a silent buyer (bought before the cycle, not in it), or a non-buyer with an interest event (stage I)
                in the AIPL window
    connected   everyone else: a known member (follower, WeCom contact, store or platform member) who never bought
                and shows no interest now -#}

{%- set window_days = var('relationship_window_days') | int %}

with

members as (

    select * from {{ ref('dim_members') }}

),

purchase_days as (

    select * from {{ ref('int_member_purchase_days') }}

),

events as (

    select * from {{ ref('int_member_aipl_signal_days') }}

),

aipl as (

    select * from {{ ref('int_member_aipl') }}

),

window_bounds as (

    select
        {{ as_of_date() }} as as_of_date,
        cast({{ dbt.dateadd('day', 1 - window_days, as_of_date()) }} as date) as window_start_date

),

purchase_summary as (

    select
        purchase_days.member_id,
        max(purchase_days.purchase_date) as last_purchase_date,
        sum(
            case when purchase_days.purchase_date >= window_bounds.window_start_date then 1 else 0 end
        ) as purchase_days_in_window
    from purchase_days
    cross join window_bounds
    where purchase_days.purchase_date <= window_bounds.as_of_date
    group by purchase_days.member_id

),

advocacy_in_window as (

    select
        events.member_id,
        sum(events.event_count) as advocacy_event_count
    from events
    cross join window_bounds
    where
        events.aipl_signal = 'L'
        and events.event_date >= window_bounds.window_start_date
        and events.event_date <= window_bounds.as_of_date
    group by events.member_id

),

inputs_joined as (

    select
        members.member_id,
        coalesce(members.is_known_in_wechat or members.is_known_in_wecom, false) as is_reachable_in_private_domain,
        purchase_summary.member_id is not null as has_ever_purchased,
        purchase_summary.last_purchase_date,
        coalesce(purchase_summary.purchase_days_in_window, 0) as purchase_days_in_window,
        coalesce(advocacy_in_window.advocacy_event_count, 0) as advocacy_event_count_in_window,
        coalesce(aipl.i_event_count, 0) as interest_event_count_in_aipl_window
    from members
    left join purchase_summary
        on members.member_id = purchase_summary.member_id
    left join advocacy_in_window
        on members.member_id = advocacy_in_window.member_id
    left join aipl
        on members.member_id = aipl.member_id

),

final as (

    select
        -- ids
        inputs_joined.member_id,

        -- text
        case
            when
                inputs_joined.purchase_days_in_window >= {{ var('relationship_super_user_min_purchase_days') }}
                and inputs_joined.advocacy_event_count_in_window
                >= {{ var('relationship_super_user_min_advocacy_events') }}
                then 'super_user'
            when inputs_joined.purchase_days_in_window >= {{ var('relationship_value_min_purchase_days') }}
                then 'value'
            when inputs_joined.purchase_days_in_window >= 1 then 'active'
            when inputs_joined.has_ever_purchased or inputs_joined.interest_event_count_in_aipl_window > 0
                then 'interested'
            else 'connected'
        end as relationship_tier,

        -- numerics
        inputs_joined.purchase_days_in_window,
        inputs_joined.advocacy_event_count_in_window,
        inputs_joined.interest_event_count_in_aipl_window,

        -- booleans
        inputs_joined.is_reachable_in_private_domain,
        inputs_joined.has_ever_purchased,
        inputs_joined.has_ever_purchased and inputs_joined.purchase_days_in_window = 0 as is_silent_buyer,

        -- dates
        inputs_joined.last_purchase_date,
        window_bounds.window_start_date,
        window_bounds.as_of_date

    from inputs_joined
    cross join window_bounds

)

select * from final

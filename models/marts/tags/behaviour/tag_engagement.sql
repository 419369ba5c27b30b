{#- Behaviour tags as of the as-of date: the AIPL stage (int_member_aipl; its counts are in
    member_tag_explanations) and the days since the member's last activity, a purchase or a tracked behaviour
    event (int_member_events_classified: known events of identified members up to the as-of date), whichever is
    later. -#}

with

aipl as (

    select * from {{ ref('int_member_aipl') }}

),

purchase_days as (

    select * from {{ ref('int_member_purchase_days') }}

),

events as (

    select * from {{ ref('int_member_events_classified') }}

),

activity_days as (

    select
        member_id,
        purchase_date as activity_date
    from purchase_days
    where purchase_date <= {{ as_of_date() }}

    union all

    select
        member_id,
        event_date as activity_date
    from events
    where event_date <= {{ as_of_date() }}

),

last_activity as (

    select
        member_id,
        max(activity_date) as last_activity_date
    from activity_days
    group by member_id

),

final as (

    select
        aipl.member_id,
        aipl.aipl_stage,
        {{ days_between('last_activity.last_activity_date', 'aipl.as_of_date') }} as days_since_last_activity
    from aipl
    left join last_activity
        on aipl.member_id = last_activity.member_id

)

select * from final

{#- Segment membership changes as events: each build compares member_segments with the membership the events
    recorded so far and appends an `enter` for every member now in a segment it was not in, and an `exit` for every
    member no longer in a segment it was in (also when the segment was removed from the YAML). Incremental, append
    only; the first build (or a --full-refresh) records everybody in a segment as entering, flagged
    is_initial_load. event_date is the build's as-of date; recorded_at the build's start (business zone). -#}

{%- set recorded_at = dbt.dateadd(
    'hour', var('business_utc_offset_hours'),
    "cast('" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S') ~ "' as " ~ dbt.type_timestamp() ~ ")") %}

with

member_segments as (

    select * from {{ ref('member_segments') }}

),

{% if is_incremental() %}

recorded_events as (

    select * from {{ this }}

),

-- in a segment when the member's latest event there is an enter (one aggregate, no window over the history)
recorded_membership as (

    select
        member_id,
        segment_name,
        max(case when event_type = 'enter' then recorded_at end) as last_entered_at,
        max(case when event_type = 'exit' then recorded_at end) as last_exited_at,
        max(case when event_type = 'enter' then assignment_group end) as assignment_group
    from recorded_events
    group by
        member_id,
        segment_name

),

previous_members as (

    select
        member_id,
        segment_name,
        assignment_group
    from recorded_membership
    where last_exited_at is null or last_entered_at > last_exited_at

),

{% else %}

previous_members as (

    select
        member_id,
        segment_name,
        assignment_group
    from member_segments
    where 1 = 0

),

{% endif %}

entered as (

    select
        member_segments.member_id,
        member_segments.segment_name,
        'enter' as event_type,
        member_segments.assignment_group,
        member_segments.as_of_date as event_date
    from member_segments
    left join previous_members
        on
            member_segments.member_id = previous_members.member_id
            and member_segments.segment_name = previous_members.segment_name
    where previous_members.member_id is null

),

exited as (

    select
        previous_members.member_id,
        previous_members.segment_name,
        'exit' as event_type,
        previous_members.assignment_group,
        {{ as_of_date() }} as event_date
    from previous_members
    left join member_segments
        on
            previous_members.member_id = member_segments.member_id
            and previous_members.segment_name = member_segments.segment_name
    where member_segments.member_id is null

),

events_unioned as (

    select * from entered
    union all
    select * from exited

),

final as (

    select
        {{ dbt.hash(dbt.concat([
            'member_id', "'|'", 'segment_name', "'|'", 'event_type', "'|'",
            "'" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "'"])) }} as segment_event_id,
        member_id,
        segment_name,
        event_type,
        assignment_group,
        event_date,
        {{ recorded_at }} as recorded_at,
        {{ 'false' if is_incremental() else 'true' }} as is_initial_load
    from events_unioned

)

select * from final

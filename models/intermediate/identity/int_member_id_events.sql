{#- The append-only log of member IDs: every number issued, every member retired by a merge (and the member it was
    merged into), every member split off another. Incremental and never rebuilt by --full-refresh: it is history.
    A rebuild that changes nothing appends nothing. -#}

{{ config(
    materialized='incremental',
    incremental_strategy='append',
    full_refresh=false,
) }}

with

assignments as (

    select * from {{ ref('int_member_assignments') }}

),

current_numbers as (

    select distinct member_number from assignments

),

previous_anchors as (

    select
        previous_member_number,
        member_number as anchor_member_number,
        node_key as anchor_node_key,
        row_number() over (
            partition by previous_member_number
            order by first_seen_at asc nulls last, node_key asc
        ) as anchor_rank
    from assignments
    where previous_member_number is not null

),

issued as (

    select
        member_number,
        'issued' as event_type,
        min(previous_member_number) as related_member_number,
        min(node_key) as anchor_node_key,
        case
            when min(previous_member_number) is null then 'a component with no known member'
            else 'split off a known member'
        end as event_reason
    from assignments
    where is_new_member
    group by member_number

),

merged as (

    select
        previous_anchors.previous_member_number as member_number,
        'merged' as event_type,
        previous_anchors.anchor_member_number as related_member_number,
        previous_anchors.anchor_node_key,
        'its identifiers now belong to an older member' as event_reason
    from previous_anchors
    left join current_numbers
        on previous_anchors.previous_member_number = current_numbers.member_number
    where previous_anchors.anchor_rank = 1 and current_numbers.member_number is null

),

events as (

    select * from issued
    union all
    select * from merged

),

final as (

    select
        member_number,
        {{ member_id_from_number('member_number') }} as member_id,
        event_type,
        related_member_number,
        case when related_member_number is not null
                then {{ member_id_from_number('related_member_number') }}
        end as related_member_id,
        anchor_node_key,
        event_reason,
        {{ dbt.current_timestamp() }} as event_at
    from events

)

select * from final

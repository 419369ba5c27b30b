{#- The merge and split history of member IDs. A merge row: alias_member_id was retired and its identifiers now
    belong to member_id. A split row: part of alias_member_id's identifiers (after, say, a blocklist change) now form
    the new member member_id; alias_member_id lives on with the part holding its oldest identifier. Path-compressed:
    member_id is looked up now through the identifier that anchored the event, so an ID merged twice (A into B, then
    B into C) points straight at C. When that identifier belongs to no member now (blocklisted since), its last
    member in the registry is used if that member still exists; otherwise member_id is NULL: the ID's identifiers
    no longer make a member. -#}

with

id_events as (

    select * from {{ ref('int_member_id_events') }}

),

registry as (

    select * from {{ ref('int_member_registry') }}

),

assignments as (

    select * from {{ ref('int_member_assignments') }}

),

live_members as (

    select distinct
        member_number,
        member_id
    from assignments

),

alias_events as (

    select
        member_id as alias_member_id,
        member_number as alias_member_number,
        'merge' as alias_type,
        related_member_id as member_id_at_event,
        anchor_node_key,
        event_reason,
        event_at
    from id_events
    where event_type = 'merged'

    union all

    select
        related_member_id as alias_member_id,
        related_member_number as alias_member_number,
        'split' as alias_type,
        member_id as member_id_at_event,
        anchor_node_key,
        event_reason,
        event_at
    from id_events
    where event_type = 'issued' and related_member_number is not null

),

final as (

    select
        alias_events.alias_member_id,
        alias_events.alias_member_number,
        alias_events.alias_type,
        alias_events.member_id_at_event,
        coalesce(anchors_now.member_id, anchors_last_live.member_id) as member_id,
        coalesce(anchors_now.member_number, anchors_last_live.member_number) as member_number,
        alias_events.event_reason,
        alias_events.event_at
    from alias_events
    left join assignments as anchors_now
        on alias_events.anchor_node_key = anchors_now.node_key
    left join registry
        on alias_events.anchor_node_key = registry.node_key
    left join live_members as anchors_last_live
        on registry.member_number = anchors_last_live.member_number

)

select * from final

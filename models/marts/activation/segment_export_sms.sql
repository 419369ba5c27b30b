{#- What SMS needs to reach a segment's target members: the member's mobile (the golden record's most trusted
    mobile, dim_members_pii). One row per (segment, member) for segments whose channels include sms, target group
    only (the control group is never contacted), members with a mobile. Restricted: holds mobiles. -#}

{%- set sms_segments = segment_names_for_channel('sms') %}

with

member_segments as (

    select * from {{ ref('member_segments') }}

),

members_personal as (

    select * from {{ ref('dim_members_pii') }}

),

segment_targets as (

    select
        member_id,
        segment_name,
        as_of_date
    from member_segments
    where
        assignment_group = 'target'
        and segment_name in (
            '{{ sms_segments | join("', '") }}'
        )

),

final as (

    select
        segment_targets.segment_name,
        segment_targets.member_id,
        members_personal.mobile,
        segment_targets.as_of_date
    from segment_targets
    inner join members_personal
        on segment_targets.member_id = members_personal.member_id
    where members_personal.mobile is not null

)

select * from final

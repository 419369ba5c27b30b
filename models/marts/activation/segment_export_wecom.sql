{#- What WeCom needs to message a segment's target members: the member's WeChat unionid (WeCom and mini-program
    messages) and the WeCom external contact with the staff member who holds it (mass messages are sent through a
    staff member's account). One row per (segment, member) for segments whose channels include wecom, target
    group only (the control group is never contacted), members reachable by unionid or external contact.
    Restricted: holds WeChat identifiers. -#}

{%- set wecom_segments = segment_names_for_channel('wecom') %}

with

member_segments as (

    select * from {{ ref('member_segments') }}

),

identity_map as (

    select * from {{ ref('member_identity_map') }}

),

wecom_contacts as (

    select * from {{ ref('stg_wechat__wecom_contacts') }}

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
            '{{ wecom_segments | join("', '") }}'
        )

),

member_unionids as (

    -- at most one per member (seed identity_identifier_types, max_per_member); min() keeps the grain if not
    select
        member_id,
        min(identifier_value) as wechat_unionid
    from identity_map
    where identifier_type = 'wechat_unionid'
    group by member_id

),

-- the member's most recently added WeCom contact relation (external contact x staff member)
member_contacts_ranked as (

    select
        identity_map.member_id,
        wecom_contacts.corp_id,
        wecom_contacts.external_userid,
        wecom_contacts.staff_userid,
        wecom_contacts.store_code,
        row_number() over (
            partition by identity_map.member_id
            order by
                wecom_contacts.added_at desc nulls last,
                wecom_contacts.corp_id asc,
                wecom_contacts.external_userid asc,
                wecom_contacts.staff_userid asc
        ) as contact_rank
    from wecom_contacts
    inner join identity_map
        on
            identity_map.identifier_type = 'wecom_external_userid'
            and wecom_contacts.corp_id = identity_map.scope
            and wecom_contacts.external_userid = identity_map.identifier_value

),

member_contacts as (

    select
        member_id,
        corp_id,
        external_userid,
        staff_userid,
        store_code
    from member_contacts_ranked
    where contact_rank = 1

),

final as (

    select
        segment_targets.segment_name,
        segment_targets.member_id,
        member_unionids.wechat_unionid,
        member_contacts.corp_id as wecom_corp_id,
        member_contacts.external_userid as wecom_external_userid,
        member_contacts.staff_userid as wecom_staff_userid,
        member_contacts.store_code as wecom_staff_store_code,
        segment_targets.as_of_date
    from segment_targets
    left join member_unionids
        on segment_targets.member_id = member_unionids.member_id
    left join member_contacts
        on segment_targets.member_id = member_contacts.member_id
    where
        member_unionids.wechat_unionid is not null
        or member_contacts.external_userid is not null

)

select * from final

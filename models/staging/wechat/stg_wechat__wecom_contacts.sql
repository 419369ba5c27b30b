with

contacts as (

    select * from {{ ref('base_wechat__wecom_contacts') }}
    where quarantine_reason is null

),

versions_ranked as (

    select
        *,
        row_number() over (
            partition by wecom_contact_key
            order by updated_at desc, added_at desc, raw_record asc
        ) as version_rank
    from contacts

),

latest_versions as (

    select
        -- ids
        wecom_contact_key,
        corp_id,
        external_userid,
        unionid,
        staff_userid,
        store_code,

        -- text
        contact_name,
        staff_name,
        channel_state,
        remark_mobiles,
        tags_json,

        -- numerics
        add_way,

        -- timestamps
        added_at,
        cast(added_at as date) as added_date,
        updated_at

    from versions_ranked
    where version_rank = 1

)

select * from latest_versions

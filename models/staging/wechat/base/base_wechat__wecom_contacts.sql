{#- Every raw WeCom external-contact row, typed, with the reason it cannot be used (NULL when it can).
    One contact added by two staff members is two relationships (two keys). stg_wechat__wecom_contacts keeps the
    latest usable version per (corp_id, external_userid, staff_userid). -#}

with

raw_contacts as (

    select * from {{ source('wechat', 'wecom_contacts') }}

),

typed as (

    select
        -- ids
        {{ dbt.concat(['trim(raw_contacts.corp_id)', "'|'", 'trim(raw_contacts.external_userid)', "'|'",
            'trim(raw_contacts.staff_userid)']) }} as wecom_contact_key,
        nullif(trim(raw_contacts.corp_id), '') as corp_id,
        nullif(trim(raw_contacts.external_userid), '') as external_userid,
        nullif(trim(raw_contacts.unionid), '') as unionid,
        nullif(trim(raw_contacts.staff_userid), '') as staff_userid,
        nullif(trim(raw_contacts.store_code), '') as store_code,

        -- text
        nullif(trim(raw_contacts.name), '') as contact_name,
        nullif(trim(raw_contacts.staff_name), '') as staff_name,
        nullif(trim(raw_contacts.state), '') as channel_state,
        nullif(trim(raw_contacts.remark_mobiles), '') as remark_mobiles,
        nullif(trim(raw_contacts.tags), '') as tags_json,

        -- numerics
        raw_contacts.add_way,

        -- timestamps (epoch seconds UTC to the business zone)
        {{ epoch_s_to_business_timestamp('raw_contacts.add_time') }} as added_at,
        {{ epoch_s_to_business_timestamp('raw_contacts.updated_at') }} as updated_at,

        -- raw values kept for the quarantine checks
        {{ dbt.concat(['trim(raw_contacts.corp_id)', "'|'", 'trim(raw_contacts.external_userid)', "'|'",
            'trim(raw_contacts.staff_userid)']) }} as raw_key,
        {{ columns_as_json(['corp_id', 'external_userid', 'unionid', 'name', 'staff_userid', 'staff_name',
            'store_code', 'add_time', 'add_way', 'state', 'remark_mobiles', 'tags', 'updated_at'],
            'raw_contacts') }} as raw_record

    from raw_contacts

),

classified as (

    select
        *,
        case
            when corp_id is null then 'missing corp id'
            when external_userid is null then 'missing external userid'
            when staff_userid is null then 'missing staff userid'
            when updated_at is null then 'missing update time'
        end as quarantine_reason
    from typed

)

select * from classified

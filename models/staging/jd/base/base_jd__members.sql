{#- Every raw JD 会员通 member binding row, typed, with the reason it cannot be used (NULL when it can).
    stg_jd__members keeps the usable rows, latest version per app-scoped openId; the quarantine keeps the rest. -#}

with

raw_members as (

    select * from {{ source('jd', 'members') }}

),

typed as (

    select
        -- ids
        {{ dbt.concat(["nullif(trim(raw_members.app_key), '')", "'|'",
            "nullif(trim(raw_members.open_id), '')"]) }} as jd_member_key,
        nullif(trim(raw_members.vender_id), '') as vender_id,
        nullif(trim(raw_members.app_key), '') as app_key,
        nullif(trim(raw_members.open_id), '') as open_id,

        -- text
        {{ clean_mobile('raw_members.mobile') }} as mobile,
        {{ mobile_status('raw_members.mobile') }} as mobile_status,

        -- numerics
        -- levels outside 1-5 are not guessed: the binding is kept with a NULL level
        case
            when {{ try_cast('trim(raw_members.level)', 'integer') }} between 1 and 5
                then {{ try_cast('trim(raw_members.level)', 'integer') }}
        end as member_level,
        raw_members.points,

        -- timestamps (Beijing wall clock, the business zone)
        {{ try_parse_timestamp('raw_members.bind_time', 'yyyy-MM-dd HH:mm:ss') }} as bound_at,
        {{ try_parse_timestamp('raw_members.modified', 'yyyy-MM-dd HH:mm:ss') }} as modified_at,

        -- raw values kept for the quarantine checks
        {{ dbt.concat(["nullif(trim(raw_members.app_key), '')", "'|'",
            "nullif(trim(raw_members.open_id), '')"]) }} as raw_key,
        raw_members.bind_time as raw_bind_time,
        {{ columns_as_json(['vender_id', 'app_key', 'open_id', 'mobile', 'level', 'points', 'bind_time',
            'modified'], 'raw_members') }} as raw_record

    from raw_members

),

classified as (

    select
        *,
        case
            when app_key is null then 'missing app key'
            when open_id is null then 'missing open id'
            when modified_at is null then 'unparseable modified time'
            when raw_bind_time is not null and trim(raw_bind_time) != '' and bound_at is null
                then 'unparseable bind time'
        end as quarantine_reason
    from typed

)

select * from classified

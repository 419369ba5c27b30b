{#- Every raw Tmall 会员通 member binding row, typed, with the reason it cannot be used (NULL when it can).
    stg_tmall__members keeps the usable rows, latest version per shop member; the quarantine keeps the rest. -#}

with

raw_members as (

    select * from {{ source('tmall', 'members') }}

),

typed as (

    select
        -- ids
        {{ dbt.concat(["nullif(trim(raw_members.seller_nick), '')", "'|'",
            "nullif(trim(raw_members.ouid), '')"]) }} as tmall_member_key,
        nullif(trim(raw_members.seller_nick), '') as seller_nick,
        nullif(trim(raw_members.ouid), '') as ouid,
        nullif(trim(raw_members.omid), '') as omid,
        nullif(trim(raw_members.app_key), '') as app_key,
        nullif(trim(raw_members.buyer_open_uid), '') as buyer_open_uid,

        -- text
        {{ clean_mobile('raw_members.mobile') }} as mobile,
        {{ mobile_status('raw_members.mobile') }} as mobile_status,
        -- grades outside 1-4 are not guessed: the binding is kept with a NULL grade
        case
            when {{ try_cast('trim(raw_members.grade)', 'integer') }} between 1 and 4
                then {{ try_cast('trim(raw_members.grade)', 'integer') }}
        end as member_grade,
        case {{ try_cast('trim(raw_members.grade)', 'integer') }}
            when 1 then '普通会员'
            when 2 then '银卡会员'
            when 3 then '金卡会员'
            when 4 then '钻石会员'
        end as member_grade_name,

        -- numerics
        raw_members.points,

        -- timestamps (Beijing wall clock, the business zone)
        {{ try_parse_timestamp('raw_members.bind_time', 'yyyy-MM-dd HH:mm:ss') }} as bound_at,
        {{ try_parse_timestamp('raw_members.unbind_time', 'yyyy-MM-dd HH:mm:ss') }} as unbound_at,
        {{ try_parse_timestamp('raw_members.modified', 'yyyy-MM-dd HH:mm:ss') }} as modified_at,

        -- raw values kept for the quarantine checks
        {{ dbt.concat(["nullif(trim(raw_members.seller_nick), '')", "'|'",
            "nullif(trim(raw_members.ouid), '')"]) }} as raw_key,
        raw_members.bind_time as raw_bind_time,
        raw_members.unbind_time as raw_unbind_time,
        {{ columns_as_json(['seller_nick', 'ouid', 'omid', 'buyer_open_uid', 'app_key', 'mobile', 'grade',
            'points', 'bind_time', 'unbind_time', 'modified'], 'raw_members') }} as raw_record

    from raw_members

),

classified as (

    select
        *,
        case
            when seller_nick is null then 'missing seller nick'
            when ouid is null then 'missing ouid'
            when modified_at is null then 'unparseable modified time'
            when raw_bind_time is not null and trim(raw_bind_time) != '' and bound_at is null
                then 'unparseable bind time'
            when raw_unbind_time is not null and trim(raw_unbind_time) != '' and unbound_at is null
                then 'unparseable unbind time'
        end as quarantine_reason
    from typed

)

select * from classified

{#- Every raw mini-program user row, typed, with the reason it cannot be used (NULL when it can).
    stg_wechat__mp_users keeps the latest usable version per (appid, openid). -#}

with

raw_users as (

    select * from {{ source('wechat', 'mp_users') }}

),

typed as (

    select
        -- ids
        {{ dbt.concat(['trim(raw_users.appid)', "'|'", 'trim(raw_users.openid)']) }} as mp_user_key,
        nullif(trim(raw_users.appid), '') as appid,
        nullif(trim(raw_users.openid), '') as openid,
        nullif(trim(raw_users.unionid), '') as unionid,

        -- text
        nullif({{ regexp_replace_all('raw_users.country_code', '[^0-9]', '') }}, '') as phone_country_code,
        -- getPhoneNumber gives the number without its country code: only country 86 is a Chinese mobile
        case
            when {{ regexp_replace_all('raw_users.country_code', '[^0-9]', '') }} in ('86', '0086')
                then {{ clean_mobile('raw_users.phone_number') }}
        end as mobile,
        case
            when raw_users.phone_number is null or trim(raw_users.phone_number) = '' then 'missing'
            when
                {{ regexp_replace_all('raw_users.country_code', '[^0-9]', '') }} in ('86', '0086')
                then {{ mobile_status('raw_users.phone_number') }}
            else 'invalid'
        end as mobile_status,
        -- '微信用户' is the placeholder WeChat returns since it stopped sharing nicknames: not a name
        case
            when trim(raw_users.nickname) != '微信用户' then nullif(trim(raw_users.nickname), '')
        end as nickname,
        case raw_users.gender
            when 1 then 'male'
            when 2 then 'female'
            else 'unknown'
        end as gender,

        -- timestamps (epoch UTC to the business zone)
        {{ epoch_ms_to_business_timestamp('raw_users.created_at') }} as first_opened_at,
        {{ epoch_ms_to_business_timestamp('raw_users.updated_at') }} as updated_at,

        -- raw values kept for the quarantine checks
        {{ dbt.concat(['trim(raw_users.appid)', "'|'", 'trim(raw_users.openid)']) }} as raw_key,
        {{ columns_as_json(['appid', 'openid', 'unionid', 'phone_number', 'country_code', 'nickname', 'gender',
            'created_at', 'updated_at'], 'raw_users') }} as raw_record

    from raw_users

),

classified as (

    select
        *,
        case
            when appid is null then 'missing appid'
            when openid is null then 'missing openid'
            when updated_at is null then 'missing update time'
        end as quarantine_reason
    from typed

)

select * from classified

{#- Every raw official-account follower snapshot, typed, with the reason it cannot be used (NULL when it can).
    stg_wechat__oa_followers keeps the latest usable snapshot per (appid, openid). -#}

with

raw_followers as (

    select * from {{ source('wechat', 'oa_followers') }}

),

typed as (

    select
        -- ids
        {{ dbt.concat(['trim(raw_followers.appid)', "'|'", 'trim(raw_followers.openid)']) }} as oa_follower_key,
        nullif(trim(raw_followers.appid), '') as appid,
        nullif(trim(raw_followers.openid), '') as openid,
        nullif(trim(raw_followers.unionid), '') as unionid,

        -- text
        nullif(upper(trim(raw_followers.subscribe_scene)), '') as subscribe_scene,
        nullif(trim(raw_followers.qr_scene_str), '') as qr_scene,
        case
            when {{ regexp_full_match('trim(raw_followers.qr_scene_str)', 'store_[A-Za-z0-9]+') }}
                then substr(trim(raw_followers.qr_scene_str), 7)
        end as scene_store_code,
        nullif(trim(raw_followers.remark), '') as remark,

        -- booleans
        case raw_followers.subscribe
            when 1 then true
            when 0 then false
        end as is_subscribed,

        -- timestamps (epoch UTC to the business zone)
        {{ epoch_s_to_business_timestamp('raw_followers.subscribe_time') }} as subscribed_at,
        {{ epoch_ms_to_business_timestamp('raw_followers.synced_at') }} as synced_at,

        -- raw values kept for the quarantine checks
        {{ dbt.concat(['trim(raw_followers.appid)', "'|'", 'trim(raw_followers.openid)']) }} as raw_key,
        raw_followers.subscribe as raw_subscribe,
        {{ columns_as_json(['appid', 'openid', 'unionid', 'subscribe', 'subscribe_time', 'subscribe_scene',
            'qr_scene_str', 'remark', 'synced_at'], 'raw_followers') }} as raw_record

    from raw_followers

),

classified as (

    select
        *,
        case
            when appid is null then 'missing appid'
            when openid is null then 'missing openid'
            when is_subscribed is null then 'unknown subscribe flag'
            when synced_at is null then 'missing sync time'
        end as quarantine_reason
    from typed

)

select * from classified

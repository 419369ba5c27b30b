with

followers as (

    select * from {{ ref('base_wechat__oa_followers') }}
    where quarantine_reason is null

),

versions_ranked as (

    select
        *,
        row_number() over (
            partition by oa_follower_key
            order by synced_at desc, subscribed_at desc, raw_record asc
        ) as version_rank
    from followers

),

latest_versions as (

    select
        -- ids
        oa_follower_key,
        appid,
        openid,
        unionid,

        -- text
        subscribe_scene,
        qr_scene,
        scene_store_code,
        remark,

        -- booleans
        is_subscribed,

        -- timestamps
        subscribed_at,
        synced_at

    from versions_ranked
    where version_rank = 1

)

select * from latest_versions

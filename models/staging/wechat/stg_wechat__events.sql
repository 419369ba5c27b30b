with

events as (

    select * from {{ ref('base_wechat__events') }}
    where quarantine_reason is null

),

-- a re-sent event repeats its event_id: keep one copy (the copies are identical; the order only makes it stable)
copies_ranked as (

    select
        *,
        row_number() over (
            partition by event_id
            order by event_at desc, properties_json asc, raw_record asc
        ) as copy_rank
    from events

),

deduplicated as (

    select
        -- ids
        event_id,
        appid,
        openid,
        unionid,

        -- text
        event_name,
        aipl_stage,
        keyword,
        sku,
        category,
        page,
        coupon_id,
        order_id,
        campaign,
        share_to,
        properties_json,

        -- booleans
        is_known_event_name,
        is_brand_search,

        -- timestamps
        event_at,
        cast(event_at as date) as event_date

    from copies_ranked
    where copy_rank = 1

)

select * from deduplicated

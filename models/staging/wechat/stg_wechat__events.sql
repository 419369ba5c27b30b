{#- Re-sent copies of an event repeat its event_id. Almost every event arrives once: those pass as they are, and
    only the rows whose event_id repeats (is_repeated_event_id, from the base model) are ranked, instead of a window
    that sorts tens of millions of wide rows. Each CTE reads the base directly (a CTE read twice is materialized). -#}

{%- set event_columns = [
    'event_id', 'appid', 'openid', 'unionid',
    'event_name', 'aipl_stage', 'keyword', 'sku', 'category', 'page', 'coupon_id', 'order_id', 'campaign', 'share_to',
    'properties_json',
    'is_known_event_name', 'is_brand_search',
    'event_at',
] %}

with

single_copies as (

    select
        {{ event_columns | join(',\n        ') }}
    from {{ ref('base_wechat__events') }}
    where quarantine_reason is null and not is_repeated_event_id

),

repeated_copies as (

    select
        {{ event_columns | join(',\n        ') }}
    from {{ ref('base_wechat__events') }}
    where quarantine_reason is null and is_repeated_event_id

),

-- the copies are normally identical; ordering by every raw value makes the kept one stable when they are not
repeated_copies_ranked as (

    select
        *,
        row_number() over (
            partition by event_id
            order by event_at desc, properties_json asc, appid asc, openid asc, unionid asc, event_name asc
        ) as copy_rank
    from repeated_copies

),

deduplicated as (

    select * from single_copies

    union all

    select
        {{ event_columns | join(',\n        ') }}
    from repeated_copies_ranked
    where copy_rank = 1

),

final as (

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

    from deduplicated

)

select * from final

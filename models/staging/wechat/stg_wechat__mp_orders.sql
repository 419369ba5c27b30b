with

orders as (

    select * from {{ ref('base_wechat__mp_orders') }}
    where quarantine_reason is null

),

versions_ranked as (

    select
        *,
        row_number() over (
            partition by order_id
            order by updated_at desc, paid_at desc nulls last, refund_amount desc, raw_record asc
        ) as version_rank
    from orders

),

latest_versions as (

    select
        -- ids
        order_id,
        appid,
        openid,
        coupon_id,

        -- text
        raw_status,
        order_status,
        receiver_province,
        receiver_city,

        -- numerics
        goods_amount,
        coalesce(discount_amount, 0) as discount_amount,
        paid_amount,
        coalesce(refund_amount, 0) as refund_amount,

        -- timestamps
        ordered_at,
        cast(ordered_at as date) as ordered_date,
        paid_at,
        updated_at

    from versions_ranked
    where version_rank = 1

)

select * from latest_versions

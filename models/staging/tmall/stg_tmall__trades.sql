with

trades as (

    select * from {{ ref('base_tmall__trades') }}
    where quarantine_reason is null

),

versions_ranked as (

    select
        *,
        row_number() over (
            partition by trade_id
            order by modified_at desc, paid_at desc, order_status asc
        ) as version_rank
    from trades

),

latest_versions as (

    select
        -- ids
        trade_id,
        app_key,
        seller_nick,
        buyer_open_uid,
        receiver_oaid,

        -- text
        platform,
        raw_status,
        order_status,
        receiver_name_masked,
        receiver_mobile_masked,
        receiver_province,
        receiver_city,

        -- numerics
        goods_amount,
        coalesce(discount_amount, 0) as discount_amount,
        coalesce(shipping_amount, 0) as shipping_amount,
        paid_amount,

        -- timestamps
        created_at,
        paid_at,
        ended_at,
        modified_at,
        cast(created_at as date) as created_date

    from versions_ranked
    where version_rank = 1

)

select * from latest_versions

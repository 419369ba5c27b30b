with

orders as (

    select * from {{ ref('base_jd__orders') }}
    where quarantine_reason is null

),

versions_ranked as (

    select
        *,
        row_number() over (
            partition by order_id
            order by modified_at desc, completed_at desc, paid_at desc, raw_record desc
        ) as version_rank
    from orders

),

latest_versions as (

    select
        -- ids
        order_id,
        vender_id,
        app_key,
        open_id,

        -- text
        raw_status,
        order_status,
        buyer_pin_masked,
        consignee_province,
        consignee_city,
        consignee_mobile_masked,

        -- numerics
        goods_amount,
        coalesce(discount_amount, 0) as discount_amount,
        coalesce(shipping_amount, 0) as shipping_amount,
        paid_amount,

        -- timestamps
        ordered_at,
        paid_at,
        completed_at,
        modified_at,
        cast(ordered_at as date) as ordered_date

    from versions_ranked
    where version_rank = 1

)

select * from latest_versions

with

order_lines as (

    select * from {{ ref('base_tmall__orders') }}
    where quarantine_reason is null

),

versions_ranked as (

    select
        *,
        row_number() over (
            partition by order_line_id
            order by modified_at desc, refund_amount desc, raw_record desc
        ) as version_rank
    from order_lines

),

latest_versions as (

    select
        -- ids
        order_line_id,
        trade_id,
        item_id,
        sku,

        -- text
        item_title,
        raw_status,
        order_status,
        raw_refund_status,
        refund_status,

        -- numerics
        unit_price,
        quantity,
        goods_amount,
        coalesce(discount_amount, 0) as discount_amount,
        line_amount,
        paid_amount,
        coalesce(refund_amount, 0) as refund_amount,

        -- timestamps
        modified_at

    from versions_ranked
    where version_rank = 1

)

select * from latest_versions

{#- JD lines carry no version key and order_item_id numbers every raw line (see base_jd__order_items), so the key
    is unique by construction: no deduplication step. -#}

with

order_items as (

    select * from {{ ref('base_jd__order_items') }}
    where quarantine_reason is null

),

usable_lines as (

    select
        -- ids
        order_item_id,
        order_id,
        sku,
        jd_sku_id,

        -- text
        item_name,
        raw_refund_status,
        refund_status,

        -- numerics
        sku_line_number,
        unit_price,
        quantity,
        goods_amount,
        coalesce(discount_amount, 0) as discount_amount,
        cast(goods_amount - coalesce(discount_amount, 0) as {{ type_money() }}) as net_amount,
        coalesce(refund_amount, 0) as refund_amount

    from order_items

)

select * from usable_lines

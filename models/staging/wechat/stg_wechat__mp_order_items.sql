with

order_items as (

    select * from {{ ref('base_wechat__mp_order_items') }}
    where quarantine_reason is null

),

-- lines are not versioned: a line delivered twice is the same line, any copy will do
copies_ranked as (

    select
        *,
        row_number() over (
            partition by order_item_id
            order by raw_record asc
        ) as copy_rank
    from order_items

),

deduplicated as (

    select
        -- ids
        order_item_id,
        order_id,
        sku,

        -- numerics
        item_seq,
        quantity,
        unit_price,
        paid_amount

    from copies_ranked
    where copy_rank = 1

)

select * from deduplicated

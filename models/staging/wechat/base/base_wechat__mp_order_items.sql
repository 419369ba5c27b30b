{#- Every raw mini-program order line, typed, with the reason it cannot be used (NULL when it can).
    A line whose order was delivered but quarantined (unknown status, implausible time ...) and has no usable
    version is quarantined too ('order quarantined'), so that no fact counts goods of an order the warehouse does
    not hold. A line whose order is simply absent (late-arriving, or an order delivered without its id) is kept:
    stg_wechat__mp_order_items tests that such orphans stay rare. -#}

with

raw_items as (

    select * from {{ source('wechat', 'mp_order_items') }}

),

staged_orders as (

    select order_id from {{ ref('stg_wechat__mp_orders') }}

),

quarantined_orders as (

    select distinct order_id
    from {{ ref('base_wechat__mp_orders') }}
    where quarantine_reason is not null and order_id is not null

),

typed as (

    select
        -- ids
        {{ dbt.concat(['trim(raw_items.order_no)', "'|'", 'cast(raw_items.item_seq as ' ~ dbt.type_string() ~ ')'])
        }} as order_item_id,
        nullif(trim(raw_items.order_no), '') as order_id,
        nullif(trim(raw_items.sku), '') as sku,

        -- numerics
        raw_items.item_seq,
        raw_items.quantity,
        {{ yuan_from_fen('raw_items.unit_price_fee') }} as unit_price,
        {{ yuan_from_fen('raw_items.pay_fee') }} as paid_amount,

        -- booleans
        staged_orders.order_id is null and quarantined_orders.order_id is not null as is_order_quarantined,

        -- raw values kept for the quarantine checks
        {{ dbt.concat(['trim(raw_items.order_no)', "'|'", 'cast(raw_items.item_seq as ' ~ dbt.type_string() ~ ')'])
        }} as raw_key,
        {{ columns_as_json(['order_no', 'item_seq', 'sku', 'quantity', 'unit_price_fee', 'pay_fee'],
            'raw_items') }} as raw_record

    from raw_items
    left join staged_orders
        on trim(raw_items.order_no) = staged_orders.order_id
    left join quarantined_orders
        on trim(raw_items.order_no) = quarantined_orders.order_id

),

classified as (

    select
        *,
        case
            when order_id is null then 'missing order id'
            when item_seq is null then 'missing line number'
            when quantity is null or unit_price is null or paid_amount is null then 'missing amount'
            when quantity < 0 then 'negative quantity'
            when unit_price < 0 or paid_amount < 0 then 'negative amount'
            when is_order_quarantined then 'order quarantined'
        end as quarantine_reason
    from typed

)

select * from classified

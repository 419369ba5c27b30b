{#- Every raw Tmall/Taobao sub-order (order line) row, typed, with the reason it cannot be used (NULL when it can).
    stg_tmall__orders keeps the usable rows, latest version per line; stg_quality__quarantined_rows keeps the rest. -#}

with

raw_orders as (

    select * from {{ source('tmall', 'orders') }}

),

order_status_codes as (

    select
        raw_code,
        status
    from {{ ref('status_codes') }}
    where source_system = 'tmall' and code_type = 'order_status'

),

refund_status_codes as (

    select
        raw_code,
        status
    from {{ ref('status_codes') }}
    where source_system = 'tmall' and code_type = 'refund_status'

),

typed as (

    select
        -- ids
        nullif(trim(raw_orders.oid), '') as order_line_id,
        nullif(trim(raw_orders.tid), '') as trade_id,
        nullif(trim(raw_orders.num_iid), '') as item_id,
        nullif(trim(raw_orders.outer_sku_id), '') as sku,

        -- text
        nullif(trim(raw_orders.title), '') as item_title,
        upper(trim(raw_orders.status)) as raw_status,
        order_status_codes.status as order_status,
        upper(trim(raw_orders.refund_status)) as raw_refund_status,
        refund_status_codes.status as refund_status,

        -- numerics
        {{ yuan_from_string('raw_orders.price') }} as unit_price,
        raw_orders.num as quantity,
        cast({{ yuan_from_string('raw_orders.price') }} * raw_orders.num as {{ type_money() }}) as goods_amount,
        {{ yuan_from_string('raw_orders.discount_fee') }} as discount_amount,
        {{ yuan_from_string('raw_orders.total_fee') }} as line_amount,
        {{ yuan_from_string('raw_orders.payment') }} as paid_amount,
        {{ yuan_from_string('raw_orders.refund_fee') }} as refund_amount,

        -- timestamps (Beijing wall clock, the business zone)
        {{ try_parse_timestamp('raw_orders.modified', 'yyyy-MM-dd HH:mm:ss') }} as modified_at,

        -- raw values kept for the quarantine checks
        nullif(trim(raw_orders.oid), '') as raw_key,
        raw_orders.discount_fee as raw_discount_fee,
        raw_orders.refund_fee as raw_refund_fee,
        {{ columns_as_json(['oid', 'tid', 'num_iid', 'outer_sku_id', 'title', 'price', 'num', 'total_fee',
            'discount_fee', 'payment', 'refund_status', 'refund_fee', 'status',
            'modified'], 'raw_orders') }} as raw_record

    from raw_orders
    left join order_status_codes
        on upper(trim(raw_orders.status)) = order_status_codes.raw_code
    left join refund_status_codes
        on upper(trim(raw_orders.refund_status)) = refund_status_codes.raw_code

),

classified as (

    select
        *,
        -- a discount or refund fee that is delivered but junk is quarantined, never read as 0
        case
            when order_line_id is null then 'missing order line id'
            when trade_id is null then 'missing trade id'
            when order_status is null then 'unknown order status code'
            when refund_status is null then 'unknown refund status code'
            when modified_at is null then 'unparseable modified time'
            when quantity is null then 'missing quantity'
            when quantity < 0 then 'negative quantity'
            when unit_price is null or paid_amount is null then 'unparseable amount'
            when raw_discount_fee is not null and trim(raw_discount_fee) != '' and discount_amount is null
                then 'unparseable discount'
            when raw_refund_fee is not null and trim(raw_refund_fee) != '' and refund_amount is null
                then 'unparseable refund amount'
            when unit_price < 0 or paid_amount < 0 or discount_amount < 0 or refund_amount < 0
                then 'negative amount'
        end as quarantine_reason
    from typed

)

select * from classified

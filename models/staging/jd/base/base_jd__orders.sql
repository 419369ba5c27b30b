{#- Every raw JD POP order row (one per order version), typed, with the reason it cannot be used (NULL when it can).
    stg_jd__orders keeps the usable rows, latest version per order; stg_quality__quarantined_rows keeps the rest. -#}

with

raw_orders as (

    select * from {{ source('jd', 'orders') }}

),

order_status_codes as (

    select
        raw_code,
        status
    from {{ ref('status_codes') }}
    where source_system = 'jd' and code_type = 'order_status'

),

province_names as (

    select
        short_name,
        province_name
    from {{ ref('province_names') }}

),

typed as (

    select
        -- ids
        nullif(trim(raw_orders.order_id), '') as order_id,
        nullif(trim(raw_orders.vender_id), '') as vender_id,
        nullif(trim(raw_orders.app_key), '') as app_key,
        nullif(trim(raw_orders.open_id_buyer), '') as open_id,

        -- text
        upper(trim(raw_orders.order_state)) as raw_status,
        order_status_codes.status as order_status,
        nullif(trim(raw_orders.pin), '') as buyer_pin_masked,
        -- JD delivers short province names (广东); the seed gives the full name Tmall and the POS use (广东省)
        coalesce(province_names.province_name, nullif(trim(raw_orders.consignee_province), '')) as consignee_province,
        nullif(trim(raw_orders.consignee_city), '') as consignee_city,
        raw_orders.consignee_mobile as consignee_mobile_masked,

        -- numerics
        {{ yuan_from_string('raw_orders.order_total_price') }} as goods_amount,
        {{ yuan_from_string('raw_orders.seller_discount') }} as discount_amount,
        {{ yuan_from_string('raw_orders.freight_price') }} as shipping_amount,
        {{ yuan_from_string('raw_orders.order_payment') }} as paid_amount,

        -- timestamps (Beijing wall clock, the business zone)
        {{ try_parse_timestamp('raw_orders.order_start_time', 'yyyy-MM-dd HH:mm:ss') }} as ordered_at,
        {{ try_parse_timestamp('raw_orders.payment_confirm_time', 'yyyy-MM-dd HH:mm:ss') }} as paid_at,
        {{ try_parse_timestamp('raw_orders.order_end_time', 'yyyy-MM-dd HH:mm:ss') }} as completed_at,
        {{ try_parse_timestamp('raw_orders.modified', 'yyyy-MM-dd HH:mm:ss') }} as modified_at,

        -- raw values kept for the quarantine checks
        nullif(trim(raw_orders.order_id), '') as raw_key,
        raw_orders.seller_discount as raw_seller_discount,
        raw_orders.freight_price as raw_freight_price,
        raw_orders.payment_confirm_time as raw_payment_confirm_time,
        raw_orders.order_end_time as raw_order_end_time,
        {{ columns_as_json(['order_id', 'vender_id', 'app_key', 'open_id_buyer', 'pin', 'order_state',
            'order_total_price', 'seller_discount', 'freight_price', 'order_payment', 'consignee_province',
            'consignee_city', 'consignee_mobile', 'order_start_time', 'payment_confirm_time', 'order_end_time',
            'modified'], 'raw_orders') }} as raw_record

    from raw_orders
    left join order_status_codes
        on upper(trim(raw_orders.order_state)) = order_status_codes.raw_code
    left join province_names
        on trim(raw_orders.consignee_province) = province_names.short_name

),

classified as (

    select
        *,
        -- a discount or freight that is delivered but junk is quarantined, never read as 0
        case
            when order_id is null then 'missing order id'
            when order_status is null then 'unknown order status code'
            when ordered_at is null then 'unparseable order time'
            when modified_at is null then 'unparseable modified time'
            when raw_payment_confirm_time is not null and trim(raw_payment_confirm_time) != '' and paid_at is null
                then 'unparseable pay time'
            when raw_order_end_time is not null and trim(raw_order_end_time) != '' and completed_at is null
                then 'unparseable end time'
            when goods_amount is null or paid_amount is null then 'unparseable amount'
            when raw_seller_discount is not null and trim(raw_seller_discount) != '' and discount_amount is null
                then 'unparseable discount'
            when raw_freight_price is not null and trim(raw_freight_price) != '' and shipping_amount is null
                then 'unparseable shipping fee'
            when goods_amount < 0 or paid_amount < 0 or discount_amount < 0 or shipping_amount < 0
                then 'negative amount'
        end as quarantine_reason
    from typed

)

select * from classified

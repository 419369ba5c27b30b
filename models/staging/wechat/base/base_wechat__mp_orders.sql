{#- Every raw mini-program mall order row, typed, with the reason it cannot be used (NULL when it can).
    stg_wechat__mp_orders keeps the latest usable version per order. Amounts arrive in fen, times in epoch
    milliseconds UTC. -#}

{#- An epoch-milliseconds value below this (2001-09-09 UTC) is not a plausible order time: it is a time
    delivered in seconds by mistake, which would read as January 1970. -#}
{%- set min_plausible_epoch_ms = 1000000000000 %}

with

raw_orders as (

    select * from {{ source('wechat', 'mp_orders') }}

),

order_status_codes as (

    select
        raw_code,
        status
    from {{ ref('status_codes') }}
    where source_system = 'wechat' and code_type = 'order_status'

),

typed as (

    select
        -- ids
        nullif(trim(raw_orders.order_no), '') as order_id,
        nullif(trim(raw_orders.appid), '') as appid,
        nullif(trim(raw_orders.openid), '') as openid,
        nullif(trim(raw_orders.coupon_id), '') as coupon_id,

        -- text
        upper(trim(raw_orders.status)) as raw_status,
        order_status_codes.status as order_status,
        nullif(trim(raw_orders.receiver_province), '') as receiver_province,
        nullif(trim(raw_orders.receiver_city), '') as receiver_city,

        -- numerics (fen to yuan)
        {{ yuan_from_fen('raw_orders.total_fee') }} as goods_amount,
        {{ yuan_from_fen('raw_orders.discount_fee') }} as discount_amount,
        {{ yuan_from_fen('raw_orders.pay_fee') }} as paid_amount,
        {{ yuan_from_fen('raw_orders.refund_fee') }} as refund_amount,

        -- timestamps (epoch UTC to the business zone); implausible epochs are left NULL
        case
            when raw_orders.created_at >= {{ min_plausible_epoch_ms }}
                then {{ epoch_ms_to_business_timestamp('raw_orders.created_at') }}
        end as ordered_at,
        case
            when raw_orders.paid_at >= {{ min_plausible_epoch_ms }}
                then {{ epoch_ms_to_business_timestamp('raw_orders.paid_at') }}
        end as paid_at,
        case
            when raw_orders.updated_at >= {{ min_plausible_epoch_ms }}
                then {{ epoch_ms_to_business_timestamp('raw_orders.updated_at') }}
        end as updated_at,

        -- raw values kept for the quarantine checks
        trim(raw_orders.order_no) as raw_key,
        raw_orders.paid_at as raw_paid_at,
        {{ columns_as_json(['order_no', 'appid', 'openid', 'status', 'total_fee', 'discount_fee', 'pay_fee',
            'refund_fee', 'coupon_id', 'receiver_province', 'receiver_city', 'created_at', 'paid_at',
            'updated_at'], 'raw_orders') }} as raw_record

    from raw_orders
    left join order_status_codes
        on upper(trim(raw_orders.status)) = order_status_codes.raw_code

),

classified as (

    select
        *,
        case
            when order_id is null then 'missing order id'
            when order_status is null then 'unknown order status code'
            when ordered_at is null then 'implausible order time'
            when updated_at is null then 'implausible update time'
            when raw_paid_at is not null and paid_at is null then 'implausible pay time'
            when goods_amount is null or paid_amount is null then 'missing amount'
            when goods_amount < 0 or paid_amount < 0 or discount_amount < 0 or refund_amount < 0
                then 'negative amount'
        end as quarantine_reason
    from typed

)

select * from classified

{#- Every raw Tmall/Taobao trade row, typed, with the reason it cannot be used (NULL when it can).
    stg_tmall__trades keeps the usable rows, latest version per trade; stg_quality__quarantined_rows keeps the rest. -#}

with

raw_trades as (

    select * from {{ source('tmall', 'trades') }}

),

order_status_codes as (

    select
        raw_code,
        status
    from {{ ref('status_codes') }}
    where source_system = 'tmall' and code_type = 'order_status'

),

typed as (

    select
        -- ids
        nullif(trim(raw_trades.tid), '') as trade_id,
        nullif(trim(raw_trades.app_key), '') as app_key,
        nullif(trim(raw_trades.seller_nick), '') as seller_nick,
        nullif(trim(raw_trades.buyer_open_uid), '') as buyer_open_uid,
        nullif(trim(raw_trades.receiver_oaid), '') as receiver_oaid,

        -- text
        case upper(trim(raw_trades.shop_type))
            when 'B' then 'tmall'
            when 'C' then 'taobao'
        end as platform,
        upper(trim(raw_trades.status)) as raw_status,
        order_status_codes.status as order_status,
        raw_trades.receiver_name as receiver_name_masked,
        raw_trades.receiver_mobile as receiver_mobile_masked,
        nullif(trim(raw_trades.receiver_state), '') as receiver_province,
        nullif(trim(raw_trades.receiver_city), '') as receiver_city,

        -- numerics
        {{ yuan_from_string('raw_trades.total_fee') }} as goods_amount,
        {{ yuan_from_string('raw_trades.discount_fee') }} as discount_amount,
        {{ yuan_from_string('raw_trades.post_fee') }} as shipping_amount,
        {{ yuan_from_string('raw_trades.payment') }} as paid_amount,

        -- timestamps (Beijing wall clock, the business zone)
        {{ try_parse_timestamp('raw_trades.created', 'yyyy-MM-dd HH:mm:ss') }} as created_at,
        {{ try_parse_timestamp('raw_trades.pay_time', 'yyyy-MM-dd HH:mm:ss') }} as paid_at,
        {{ try_parse_timestamp('raw_trades.end_time', 'yyyy-MM-dd HH:mm:ss') }} as ended_at,
        {{ try_parse_timestamp('raw_trades.modified', 'yyyy-MM-dd HH:mm:ss') }} as modified_at,

        -- raw values kept for the quarantine checks
        nullif(trim(raw_trades.tid), '') as raw_key,
        raw_trades.shop_type as raw_shop_type,
        raw_trades.pay_time as raw_pay_time,
        raw_trades.end_time as raw_end_time,
        raw_trades.discount_fee as raw_discount_fee,
        raw_trades.post_fee as raw_post_fee,
        {{ columns_as_json(['tid', 'app_key', 'seller_nick', 'shop_type', 'buyer_open_uid', 'status',
            'total_fee', 'discount_fee', 'post_fee', 'payment', 'created', 'pay_time', 'end_time',
            'modified'], 'raw_trades') }} as raw_record

    from raw_trades
    left join order_status_codes
        on upper(trim(raw_trades.status)) = order_status_codes.raw_code

),

classified as (

    select
        *,
        case
            when trade_id is null then 'missing trade id'
            when platform is null then 'unknown shop type'
            when order_status is null then 'unknown order status code'
            when created_at is null then 'unparseable created time'
            when modified_at is null then 'unparseable modified time'
            when raw_pay_time is not null and trim(raw_pay_time) != '' and paid_at is null
                then 'unparseable pay time'
            when raw_end_time is not null and trim(raw_end_time) != '' and ended_at is null
                then 'unparseable end time'
            when goods_amount is null or paid_amount is null then 'unparseable amount'
            when trim(coalesce(raw_discount_fee, '')) != '' and discount_amount is null then 'unparseable discount'
            when trim(coalesce(raw_post_fee, '')) != '' and shipping_amount is null then 'unparseable shipping fee'
            when goods_amount < 0 or paid_amount < 0 or discount_amount < 0 then 'negative amount'
        end as quarantine_reason
    from typed

)

select * from classified

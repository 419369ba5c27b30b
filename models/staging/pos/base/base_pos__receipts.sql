{#- Every raw POS receipt header row, typed, with the reason it cannot be used (NULL when it can).
    stg_pos__receipts keeps the usable rows, latest sync per receipt; stg_quality__quarantined_rows keeps the rest.
    Amounts arrive positive for sales and returns alike; amount_sign (+1 sale, -1 return) carries the direction. -#}

with

raw_receipts as (

    select * from {{ source('pos', 'receipts') }}

),

typed as (

    select
        -- ids
        nullif(trim(raw_receipts.receipt_no), '') as receipt_no,
        nullif(trim(raw_receipts.store_code), '') as store_code,
        nullif(trim(raw_receipts.card_no), '') as card_no,
        nullif(trim(raw_receipts.original_receipt_no), '') as original_receipt_no,
        nullif(trim(raw_receipts.cashier_id), '') as cashier_id,

        -- text
        {{ clean_mobile('raw_receipts.mobile') }} as mobile,
        {{ mobile_status('raw_receipts.mobile') }} as mobile_status,
        case upper(trim(raw_receipts.receipt_type))
            when 'SALE' then 'sale'
            when 'RETURN' then 'return'
        end as receipt_type,

        -- numerics
        case upper(trim(raw_receipts.receipt_type))
            when 'SALE' then 1
            when 'RETURN' then -1
        end as amount_sign,
        cast(raw_receipts.total_amount as {{ type_money() }}) as goods_amount,
        cast(raw_receipts.discount_amount as {{ type_money() }}) as discount_amount,
        cast(raw_receipts.paid_amount as {{ type_money() }}) as paid_amount,

        -- timestamps (store local time is China time, the business zone)
        {{ try_parse_timestamp('trim(raw_receipts.business_time)', 'yyyy/MM/dd HH:mm:ss') }} as business_at,
        {{ try_parse_timestamp('trim(raw_receipts.synced_at)', 'yyyy-MM-dd HH:mm:ss') }} as synced_at,

        -- raw values kept for the quarantine checks
        trim(raw_receipts.receipt_no) as raw_key,
        raw_receipts.receipt_type as raw_receipt_type,
        {{ columns_as_json(['receipt_no', 'store_code', 'card_no', 'mobile', 'receipt_type', 'original_receipt_no',
            'business_time', 'total_amount', 'discount_amount', 'paid_amount', 'cashier_id', 'synced_at'],
            'raw_receipts') }} as raw_record

    from raw_receipts

),

classified as (

    select
        *,
        case
            when receipt_no is null then 'missing receipt no'
            when store_code is null then 'missing store code'
            when receipt_type is null then 'unknown receipt type'
            when receipt_type = 'return' and original_receipt_no is null then 'return without original receipt'
            when business_at is null then 'unparseable business time'
            when synced_at is null then 'unparseable synced time'
            when goods_amount is null or paid_amount is null then 'missing amount'
            when goods_amount < 0 or paid_amount < 0 or discount_amount < 0 then 'negative amount'
        end as quarantine_reason
    from typed

)

select * from classified

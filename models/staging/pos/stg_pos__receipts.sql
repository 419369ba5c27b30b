with

receipts as (

    select * from {{ ref('base_pos__receipts') }}
    where quarantine_reason is null

),

versions_ranked as (

    -- a re-synced receipt repeats with a later synced_at (and sometimes the member card attached only then);
    -- ties prefer the version that carries a card, then a stable order on the whole raw row
    select
        *,
        row_number() over (
            partition by receipt_no
            order by
                synced_at desc,
                case when card_no is null then 1 else 0 end asc,
                business_at desc,
                raw_record asc
        ) as version_rank
    from receipts

),

latest_versions as (

    select
        -- ids
        receipt_no,
        store_code,
        card_no,
        original_receipt_no,
        cashier_id,

        -- text
        mobile,
        mobile_status,
        receipt_type,

        -- numerics
        goods_amount,
        coalesce(discount_amount, 0) as discount_amount,
        paid_amount,
        amount_sign,
        cast(amount_sign * paid_amount as {{ type_money() }}) as signed_paid_amount,

        -- booleans
        card_no is null as is_walk_in,

        -- timestamps
        business_at,
        cast(business_at as date) as business_date,
        synced_at

    from versions_ranked
    where version_rank = 1

)

select * from latest_versions

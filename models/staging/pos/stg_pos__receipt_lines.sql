{#- Receipt lines with the direction of their receipt: signed_quantity and signed_line_amount are negative on a
    return. The sign comes from the staged receipt header (same source, one key lookup); a line whose header is not
    staged (quarantined or not delivered yet) keeps NULL signed values and is_header_staged = false. -#}

with

receipt_lines as (

    select * from {{ ref('base_pos__receipt_lines') }}
    where quarantine_reason is null

),

receipts as (

    select
        receipt_no,
        receipt_type,
        amount_sign
    from {{ ref('stg_pos__receipts') }}

),

versions_ranked as (

    -- lines carry no version key; a repeated line keeps the larger amount, then a stable order on the raw row
    select
        *,
        row_number() over (
            partition by receipt_line_id
            order by line_amount desc, quantity desc, raw_record asc
        ) as version_rank
    from receipt_lines

),

latest_versions as (

    select * from versions_ranked
    where version_rank = 1

),

lines_joined_to_receipts as (

    select
        -- ids
        latest_versions.receipt_line_id,
        latest_versions.receipt_no,
        latest_versions.sku,

        -- text
        receipts.receipt_type,

        -- numerics
        latest_versions.line_no,
        latest_versions.quantity,
        latest_versions.unit_price,
        coalesce(latest_versions.discount_amount, 0) as discount_amount,
        latest_versions.line_amount,
        receipts.amount_sign,
        receipts.amount_sign * latest_versions.quantity as signed_quantity,
        cast(receipts.amount_sign * latest_versions.line_amount as {{ type_money() }}) as signed_line_amount,

        -- booleans
        receipts.receipt_no is not null as is_header_staged

    from latest_versions
    left join receipts
        on latest_versions.receipt_no = receipts.receipt_no

)

select * from lines_joined_to_receipts

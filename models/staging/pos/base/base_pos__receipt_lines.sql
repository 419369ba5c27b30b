{#- Every raw POS receipt line row, typed, with the reason it cannot be used (NULL when it can).
    stg_pos__receipt_lines keeps the usable rows, one per receipt line; stg_quality__quarantined_rows the rest.
    Quantities and amounts arrive positive on sale and return receipts alike: a negative quantity is a data error. -#}

{%- set line_no_string = 'cast(raw_receipt_lines.line_no as ' ~ dbt.type_string() ~ ')' %}

with

raw_receipt_lines as (

    select * from {{ source('pos', 'receipt_lines') }}

),

typed as (

    select
        -- ids
        {{ dbt.concat(["nullif(trim(raw_receipt_lines.receipt_no), '')", "'|'", line_no_string]) }}
            as receipt_line_id,
        nullif(trim(raw_receipt_lines.receipt_no), '') as receipt_no,
        nullif(trim(raw_receipt_lines.sku), '') as sku,

        -- numerics
        raw_receipt_lines.line_no,
        raw_receipt_lines.quantity,
        cast(raw_receipt_lines.unit_price as {{ type_money() }}) as unit_price,
        cast(raw_receipt_lines.discount_amount as {{ type_money() }}) as discount_amount,
        cast(raw_receipt_lines.line_amount as {{ type_money() }}) as line_amount,

        -- raw values kept for the quarantine checks: the key is receipt_line_id, spelled out even when a part
        -- of it is missing so that a quarantined line can still be found
        {{ dbt.concat(["coalesce(trim(raw_receipt_lines.receipt_no), '')", "'|'",
            "coalesce(" ~ line_no_string ~ ", '')"]) }} as raw_key,
        {{ columns_as_json(['receipt_no', 'line_no', 'sku', 'quantity', 'unit_price', 'discount_amount',
            'line_amount'], 'raw_receipt_lines') }} as raw_record

    from raw_receipt_lines

),

classified as (

    select
        *,
        case
            when receipt_no is null then 'missing receipt no'
            when line_no is null then 'missing line no'
            when sku is null then 'missing sku'
            when quantity is null then 'missing quantity'
            when quantity < 0 then 'negative quantity'
            when line_amount is null then 'missing amount'
            when unit_price < 0 or line_amount < 0 or discount_amount < 0 then 'negative amount'
        end as quarantine_reason
    from typed

)

select * from classified

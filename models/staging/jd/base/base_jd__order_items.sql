{#- Every raw JD order line, typed, with the reason it cannot be used (NULL when it can).
    JD delivers no line number and the same sku can sit on two lines of one order (with its own quantity, discount
    and refund), so a line is order_id|sku_id|n, n numbering the lines of that sku within the order (ordered by
    their values, so identical lines are interchangeable). Lines carry no version: every raw line is a line. -#}

with

raw_order_items as (

    select * from {{ source('jd', 'order_items') }}

),

refund_status_codes as (

    select
        raw_code,
        status
    from {{ ref('status_codes') }}
    where source_system = 'jd' and code_type = 'refund_status'

),

lines_numbered as (

    select
        *,
        row_number() over (
            partition by trim(order_id), trim(sku_id)
            order by jd_price, item_total, item_discount, refund_status, refund_amount, outer_sku_id, sku_name
        ) as sku_line_number
    from raw_order_items

),

typed as (

    select
        -- ids
        {{ dbt.concat(["nullif(trim(lines_numbered.order_id), '')", "'|'",
            "nullif(trim(lines_numbered.sku_id), '')", "'|'",
            "cast(lines_numbered.sku_line_number as " ~ dbt.type_string() ~ ")"]) }} as order_item_id,
        nullif(trim(lines_numbered.order_id), '') as order_id,
        nullif(trim(lines_numbered.outer_sku_id), '') as sku,
        nullif(trim(lines_numbered.sku_id), '') as jd_sku_id,

        -- text
        nullif(trim(lines_numbered.sku_name), '') as item_name,
        upper(trim(lines_numbered.refund_status)) as raw_refund_status,
        refund_status_codes.status as refund_status,

        -- numerics
        lines_numbered.sku_line_number,
        {{ yuan_from_string('lines_numbered.jd_price') }} as unit_price,
        lines_numbered.item_total as quantity,
        {{ yuan_from_string('lines_numbered.item_discount') }} as discount_amount,
        cast({{ yuan_from_string('lines_numbered.jd_price') }} * lines_numbered.item_total as {{ type_money() }})
            as goods_amount,
        {{ yuan_from_string('lines_numbered.refund_amount') }} as refund_amount,

        -- raw values kept for the quarantine checks
        {{ dbt.concat(["nullif(trim(lines_numbered.order_id), '')", "'|'",
            "nullif(trim(lines_numbered.sku_id), '')", "'|'",
            "cast(lines_numbered.sku_line_number as " ~ dbt.type_string() ~ ")"]) }} as raw_key,
        lines_numbered.item_discount as raw_item_discount,
        lines_numbered.refund_amount as raw_refund_amount,
        {{ columns_as_json(['order_id', 'sku_id', 'outer_sku_id', 'sku_name', 'jd_price', 'item_total',
            'item_discount', 'refund_status', 'refund_amount'], 'lines_numbered') }} as raw_record

    from lines_numbered
    left join refund_status_codes
        on upper(trim(lines_numbered.refund_status)) = refund_status_codes.raw_code

),

classified as (

    select
        *,
        -- a discount or refund that is delivered but junk is quarantined, never read as 0
        case
            when order_id is null then 'missing order id'
            when jd_sku_id is null then 'missing sku id'
            when refund_status is null then 'unknown refund status code'
            when quantity is null then 'missing quantity'
            when quantity < 0 then 'negative quantity'
            when unit_price is null then 'unparseable amount'
            when raw_item_discount is not null and trim(raw_item_discount) != '' and discount_amount is null
                then 'unparseable discount'
            when raw_refund_amount is not null and trim(raw_refund_amount) != '' and refund_amount is null
                then 'unparseable refund amount'
            when unit_price < 0 or discount_amount < 0 or refund_amount < 0 then 'negative amount'
        end as quarantine_reason
    from typed

)

select * from classified

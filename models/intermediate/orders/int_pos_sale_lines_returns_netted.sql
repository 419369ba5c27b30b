{#- Store sale lines with their returned amount: one row per sale receipt line. A return line is matched to the
    lines of the same SKU on the sale its receipt returns (possibly in another store); the returned amount of that
    SKU fills the sale's lines of that SKU in line order, each up to its own amount, so the split is exact and no
    line is refunded more than it was paid. -#}

with

receipt_lines as (

    select * from {{ ref('stg_pos__receipt_lines') }}

),

receipts as (

    select * from {{ ref('stg_pos__receipts') }}

),

sale_lines as (

    select * from receipt_lines
    where receipt_type = 'sale'

),

return_lines_per_sale_sku as (

    select
        receipts.original_receipt_no,
        receipt_lines.sku,
        sum(receipt_lines.line_amount) as returned_amount,
        sum(receipt_lines.quantity) as returned_quantity
    from receipt_lines
    inner join receipts
        on receipt_lines.receipt_no = receipts.receipt_no
    where
        receipt_lines.receipt_type = 'return'
        and receipts.original_receipt_no is not null
    group by receipts.original_receipt_no, receipt_lines.sku

),

sale_lines_cumulated as (

    -- the amount of the same SKU on earlier lines of the sale, to fill lines one after the other
    select
        *,
        coalesce(
            sum(line_amount) over (
                partition by receipt_no, sku
                order by line_no asc, receipt_line_id asc
                rows between unbounded preceding and 1 preceding
            ),
            0
        ) as earlier_same_sku_amount
    from sale_lines

),

sale_lines_netted as (

    select
        -- ids
        sale_lines_cumulated.receipt_line_id,
        sale_lines_cumulated.receipt_no,
        sale_lines_cumulated.sku,

        -- numerics
        sale_lines_cumulated.line_no,
        sale_lines_cumulated.quantity,
        sale_lines_cumulated.unit_price,
        sale_lines_cumulated.discount_amount,
        sale_lines_cumulated.line_amount,
        cast(
            case
                when return_lines_per_sale_sku.returned_amount is null then 0
                when return_lines_per_sale_sku.returned_amount - sale_lines_cumulated.earlier_same_sku_amount
                    >= sale_lines_cumulated.line_amount
                    then sale_lines_cumulated.line_amount
                when return_lines_per_sale_sku.returned_amount - sale_lines_cumulated.earlier_same_sku_amount > 0
                    then return_lines_per_sale_sku.returned_amount - sale_lines_cumulated.earlier_same_sku_amount
                else 0
            end as {{ type_money() }}
        ) as returned_amount

    from sale_lines_cumulated
    left join return_lines_per_sale_sku
        on
            sale_lines_cumulated.receipt_no = return_lines_per_sale_sku.original_receipt_no
            and sale_lines_cumulated.sku = return_lines_per_sale_sku.sku

)

select * from sale_lines_netted

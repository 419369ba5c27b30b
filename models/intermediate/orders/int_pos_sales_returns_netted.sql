{#- Store sale receipts with their returns netted in: one row per sale receipt. A return receipt names the sale it
    returns (original_receipt_no), possibly a sale of another store or of an earlier day; its amount is added to
    that sale's returned_amount, capped at what the sale was paid. Returns never become rows of their own. A return
    whose sale is not staged (quarantined or not delivered yet) has nothing to net into and is left out here. -#}

with

receipts as (

    select * from {{ ref('stg_pos__receipts') }}

),

sales as (

    select * from receipts
    where receipt_type = 'sale'

),

returns_matched_to_sales as (

    select
        returns_.original_receipt_no,
        returns_.paid_amount,
        returns_.business_date,
        returns_.store_code <> sales.store_code as is_other_store
    from receipts as returns_
    inner join sales
        on returns_.original_receipt_no = sales.receipt_no
    where returns_.receipt_type = 'return'

),

returns_per_sale as (

    select
        original_receipt_no,
        count(*) as return_receipt_count,
        sum(paid_amount) as returned_amount,
        max(case when is_other_store then 1 else 0 end) as has_other_store_return,
        max(business_date) as last_returned_on
    from returns_matched_to_sales
    group by original_receipt_no

),

sales_netted as (

    select
        -- ids
        sales.receipt_no,
        sales.store_code,
        sales.card_no,

        -- numerics
        sales.goods_amount,
        sales.discount_amount,
        sales.paid_amount,
        cast(
            case
                when returns_per_sale.returned_amount > sales.paid_amount then sales.paid_amount
                else coalesce(returns_per_sale.returned_amount, 0)
            end as {{ type_money() }}
        ) as returned_amount,
        coalesce(returns_per_sale.return_receipt_count, 0) as return_receipt_count,

        -- booleans
        sales.is_walk_in,
        coalesce(returns_per_sale.has_other_store_return, 0) = 1 as has_other_store_return,

        -- dates and timestamps
        sales.business_at,
        sales.business_date,
        returns_per_sale.last_returned_on

    from sales
    left join returns_per_sale
        on sales.receipt_no = returns_per_sale.original_receipt_no

)

select * from sales_netted

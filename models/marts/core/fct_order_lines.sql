{#- One row per order line (SKU line) of the orders in fct_orders, with the product's attributes from the ERP
    master. Lines follow their order: an unpaid order's lines have paid 0; a refunded or cancelled-after-payment
    order's lines are refunded in full; otherwise a line's refund comes from the source's own line refund field
    (Tmall and JD completed line refunds, store return lines matched to the sale's lines of the same SKU) and, where
    the source only refunds whole orders (mini program), the order's refund is split over its lines in proportion
    to what each line paid, exactly to the cent. Lines whose order is not in fct_orders are left out. -#}

with

orders as (

    select * from {{ ref('fct_orders') }}

),

tmall_order_lines as (

    select * from {{ ref('stg_tmall__orders') }}

),

jd_order_items as (

    select * from {{ ref('stg_jd__order_items') }}

),

pos_sale_lines as (

    select * from {{ ref('int_pos_sale_lines_returns_netted') }}

),

mp_order_items as (

    select * from {{ ref('stg_wechat__mp_order_items') }}

),

products as (

    select * from {{ ref('stg_erp__products') }}

),

tmall_lines_normalised as (

    select
        'tmall' as source_system,
        order_line_id as source_line_id,
        trade_id as source_order_id,
        sku,
        quantity,
        goods_amount as gross_amount,
        paid_amount as source_paid_amount,
        case when refund_status = 'refunded' then refund_amount else 0 end as source_refunded_amount,
        cast(null as {{ dbt.type_int() }}) as line_sequence
    from tmall_order_lines

),

jd_lines_normalised as (

    select
        'jd' as source_system,
        order_item_id as source_line_id,
        order_id as source_order_id,
        sku,
        quantity,
        goods_amount as gross_amount,
        net_amount as source_paid_amount,
        case when refund_status = 'refunded' then refund_amount else 0 end as source_refunded_amount,
        cast(null as {{ dbt.type_int() }}) as line_sequence
    from jd_order_items

),

pos_lines_normalised as (

    select
        'pos' as source_system,
        receipt_line_id as source_line_id,
        receipt_no as source_order_id,
        sku,
        quantity,
        cast(quantity * unit_price as {{ type_money() }}) as gross_amount,
        line_amount as source_paid_amount,
        returned_amount as source_refunded_amount,
        cast(null as {{ dbt.type_int() }}) as line_sequence
    from pos_sale_lines

),

mp_lines_normalised as (

    -- the mini program refunds whole orders only: the line refund is allocated below (NULL marks that)
    select
        'wechat_mp' as source_system,
        order_item_id as source_line_id,
        order_id as source_order_id,
        sku,
        quantity,
        cast(quantity * unit_price as {{ type_money() }}) as gross_amount,
        paid_amount as source_paid_amount,
        cast(null as {{ type_money() }}) as source_refunded_amount,
        cast(item_seq as {{ dbt.type_int() }}) as line_sequence
    from mp_order_items

),

lines_unioned as (

    select * from tmall_lines_normalised
    union all
    select * from jd_lines_normalised
    union all
    select * from pos_lines_normalised
    union all
    select * from mp_lines_normalised

),

lines_joined_to_orders as (

    select
        lines_unioned.*,
        orders.order_key,
        orders.member_id,
        orders.order_status,
        orders.is_paid,
        orders.is_purchase,
        orders.refunded_amount as order_refunded_amount,
        orders.order_date,
        orders.channel,
        orders.sub_channel
    from lines_unioned
    inner join orders
        on
            lines_unioned.source_system = orders.source_system
            and lines_unioned.source_order_id = orders.source_order_id

),

lines_paid as (

    select
        *,
        case when is_paid then source_paid_amount else 0 end as paid_amount
    from lines_joined_to_orders

),

lines_with_own_refunds as (

    select
        *,
        case
            when not is_paid then 0
            when order_status in ('refunded', 'cancelled') then paid_amount
            when source_refunded_amount > paid_amount then paid_amount
            else source_refunded_amount
        end as refunded_amount
    from lines_paid
    where source_refunded_amount is not null

),

lines_needing_allocation as (

    -- running paid amount over the order's lines, for an exact proportional split of an order-level refund; only
    -- the lines of sources that refund whole orders go through this window
    select
        *,
        sum(paid_amount) over (partition by order_key) as order_lines_paid_amount,
        sum(paid_amount) over (
            partition by order_key
            order by line_sequence asc nulls last, source_line_id asc
            rows between unbounded preceding and current row
        ) as running_paid_amount
    from lines_paid
    where source_refunded_amount is null

),

lines_allocated as (

    select
        source_system,
        source_line_id,
        source_order_id,
        sku,
        quantity,
        gross_amount,
        source_paid_amount,
        source_refunded_amount,
        line_sequence,
        order_key,
        member_id,
        order_status,
        is_paid,
        is_purchase,
        order_refunded_amount,
        order_date,
        channel,
        sub_channel,
        paid_amount,
        case
            when not is_paid then 0
            when order_status in ('refunded', 'cancelled') then paid_amount
            when order_lines_paid_amount > 0
                then
                    round(order_refunded_amount * running_paid_amount / order_lines_paid_amount, 2)
                    - round(
                        order_refunded_amount * (running_paid_amount - paid_amount) / order_lines_paid_amount, 2
                    )
            else 0
        end as refunded_amount
    from lines_needing_allocation

),

lines_refunded as (

    select * from lines_with_own_refunds
    union all
    select * from lines_allocated

),

final as (

    select
        -- ids
        {{ dbt.concat(['lines_refunded.source_system', "':'", 'lines_refunded.source_line_id']) }} as order_line_key,
        lines_refunded.order_key,
        lines_refunded.source_system,
        lines_refunded.source_line_id,
        lines_refunded.member_id,
        lines_refunded.sku,

        -- product
        products.model_code,
        products.category,
        products.colour,
        products.size,
        products.list_price,

        -- text
        lines_refunded.channel,
        lines_refunded.sub_channel,

        -- numerics
        lines_refunded.quantity,
        lines_refunded.gross_amount,
        cast(lines_refunded.gross_amount - lines_refunded.source_paid_amount as {{ type_money() }}) as discount_amount,
        cast(lines_refunded.paid_amount as {{ type_money() }}) as paid_amount,
        cast(lines_refunded.refunded_amount as {{ type_money() }}) as refunded_amount,
        cast(lines_refunded.paid_amount - lines_refunded.refunded_amount as {{ type_money() }}) as net_amount,

        -- booleans
        lines_refunded.is_purchase,

        -- dates
        lines_refunded.order_date

    from lines_refunded
    left join products
        on lines_refunded.sku = products.sku

)

select * from final

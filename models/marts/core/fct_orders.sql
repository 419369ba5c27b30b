{#- One row per order across Tmall/Taobao, JD, the stores and the mini program, keyed to the member (docs/metrics.md).
    THE purchase definition lives here and only here: is_purchase = paid (order status paid, shipped or completed)
    and not fully refunded and not cancelled. Every metric reads is_purchase instead of re-deriving it.

    Amount rules, the same for every source:
      paid_amount     = what the buyer paid; 0 for an order never paid (no payment time, status not paid)
      refunded_amount = completed refunds (a requested refund is not money back yet), capped at paid_amount;
                        the whole paid amount when the order is refunded or was cancelled after payment
      net_amount      = paid_amount - refunded_amount
    A paid order whose refunds cover the whole payment gets order_status 'refunded' (source_order_status keeps the
    source's own status). Store return receipts are netted into the sale they return
    (int_pos_sales_returns_netted), never rows of their own. -#}

{%- set brand = "'" ~ var('brand_code') ~ "'" %}

with

tmall_trades as (

    select * from {{ ref('stg_tmall__trades') }}

),

tmall_order_lines as (

    select * from {{ ref('stg_tmall__orders') }}

),

jd_orders as (

    select * from {{ ref('stg_jd__orders') }}

),

jd_order_items as (

    select * from {{ ref('stg_jd__order_items') }}

),

pos_sales as (

    select * from {{ ref('int_pos_sales_returns_netted') }}

),

pos_sale_lines as (

    select * from {{ ref('int_pos_sale_lines_returns_netted') }}

),

pos_stores as (

    select * from {{ ref('stg_pos__stores') }}

),

mp_orders as (

    select * from {{ ref('stg_wechat__mp_orders') }}

),

mp_order_items as (

    select * from {{ ref('stg_wechat__mp_order_items') }}

),

identity_map as (

    select * from {{ ref('member_identity_map') }}

),

tmall_lines_per_trade as (

    select
        trade_id,
        sum(quantity) as item_quantity,
        sum(case when refund_status = 'refunded' then refund_amount else 0 end) as refunded_amount
    from tmall_order_lines
    group by trade_id

),

jd_items_per_order as (

    select
        order_id,
        sum(quantity) as item_quantity,
        sum(case when refund_status = 'refunded' then refund_amount else 0 end) as refunded_amount
    from jd_order_items
    group by order_id

),

pos_lines_per_sale as (

    select
        receipt_no,
        sum(quantity) as item_quantity
    from pos_sale_lines
    group by receipt_no

),

mp_items_per_order as (

    select
        order_id,
        sum(quantity) as item_quantity
    from mp_order_items
    group by order_id

),

tmall_orders_normalised as (

    select
        'tmall' as source_system,
        tmall_trades.trade_id as source_order_id,
        'tmall_buyer_open_uid' as identifier_type,
        tmall_trades.app_key as identifier_scope,
        tmall_trades.buyer_open_uid as identifier_value,
        'online' as channel,
        tmall_trades.platform as sub_channel,
        cast(null as {{ dbt.type_string() }}) as store_code,
        cast(null as {{ dbt.type_string() }}) as coupon_id,
        tmall_trades.order_status as source_order_status,
        tmall_trades.created_at as ordered_at,
        tmall_trades.paid_at,
        tmall_trades.goods_amount as gross_amount,
        tmall_trades.discount_amount,
        tmall_trades.shipping_amount,
        tmall_trades.paid_amount as source_paid_amount,
        coalesce(tmall_lines_per_trade.refunded_amount, 0) as source_refunded_amount,
        coalesce(tmall_lines_per_trade.item_quantity, 0) as item_quantity
    from tmall_trades
    left join tmall_lines_per_trade
        on tmall_trades.trade_id = tmall_lines_per_trade.trade_id

),

jd_orders_normalised as (

    select
        'jd' as source_system,
        jd_orders.order_id as source_order_id,
        'jd_open_id' as identifier_type,
        jd_orders.app_key as identifier_scope,
        jd_orders.open_id as identifier_value,
        'online' as channel,
        'jd' as sub_channel,
        cast(null as {{ dbt.type_string() }}) as store_code,
        cast(null as {{ dbt.type_string() }}) as coupon_id,
        jd_orders.order_status as source_order_status,
        jd_orders.ordered_at,
        jd_orders.paid_at,
        jd_orders.goods_amount as gross_amount,
        jd_orders.discount_amount,
        jd_orders.shipping_amount,
        jd_orders.paid_amount as source_paid_amount,
        coalesce(jd_items_per_order.refunded_amount, 0) as source_refunded_amount,
        coalesce(jd_items_per_order.item_quantity, 0) as item_quantity
    from jd_orders
    left join jd_items_per_order
        on jd_orders.order_id = jd_items_per_order.order_id

),

pos_orders_normalised as (

    -- a sale receipt is paid at the till: status completed; walk-in receipts carry no card and stay anonymous
    select
        'pos' as source_system,
        pos_sales.receipt_no as source_order_id,
        'pos_card_no' as identifier_type,
        {{ brand }} as identifier_scope,
        pos_sales.card_no as identifier_value,
        'offline' as channel,
        case pos_stores.store_type
            when 'direct' then 'direct_store'
            when 'franchise' then 'franchise_store'
            when 'popup' then 'popup_store'
        end as sub_channel,
        pos_sales.store_code,
        cast(null as {{ dbt.type_string() }}) as coupon_id,
        'completed' as source_order_status,
        pos_sales.business_at as ordered_at,
        pos_sales.business_at as paid_at,
        pos_sales.goods_amount as gross_amount,
        pos_sales.discount_amount,
        cast(0 as {{ type_money() }}) as shipping_amount,
        pos_sales.paid_amount as source_paid_amount,
        pos_sales.returned_amount as source_refunded_amount,
        coalesce(pos_lines_per_sale.item_quantity, 0) as item_quantity
    from pos_sales
    left join pos_stores
        on pos_sales.store_code = pos_stores.store_code
    left join pos_lines_per_sale
        on pos_sales.receipt_no = pos_lines_per_sale.receipt_no

),

mp_orders_normalised as (

    -- REFUNDING maps to status paid: the refund is still in progress, so it is not counted as money back yet
    select
        'wechat_mp' as source_system,
        mp_orders.order_id as source_order_id,
        'wechat_openid' as identifier_type,
        mp_orders.appid as identifier_scope,
        mp_orders.openid as identifier_value,
        'online' as channel,
        'wechat_mini_program' as sub_channel,
        cast(null as {{ dbt.type_string() }}) as store_code,
        mp_orders.coupon_id,
        mp_orders.order_status as source_order_status,
        mp_orders.ordered_at,
        mp_orders.paid_at,
        mp_orders.goods_amount as gross_amount,
        mp_orders.discount_amount,
        cast(0 as {{ type_money() }}) as shipping_amount,
        mp_orders.paid_amount as source_paid_amount,
        case when mp_orders.order_status = 'paid' then 0 else mp_orders.refund_amount end as source_refunded_amount,
        coalesce(mp_items_per_order.item_quantity, 0) as item_quantity
    from mp_orders
    left join mp_items_per_order
        on mp_orders.order_id = mp_items_per_order.order_id

),

orders_unioned as (

    select * from tmall_orders_normalised
    union all
    select * from jd_orders_normalised
    union all
    select * from pos_orders_normalised
    union all
    select * from mp_orders_normalised

),

orders_keyed_to_members as (

    select
        orders_unioned.*,
        identity_map.member_id
    from orders_unioned
    left join identity_map
        on
            orders_unioned.identifier_type = identity_map.identifier_type
            and orders_unioned.identifier_scope = identity_map.scope
            and orders_unioned.identifier_value = identity_map.identifier_value

),

orders_paid as (

    select
        *,
        source_order_status in ('paid', 'shipped', 'completed', 'refunded') or paid_at is not null as is_paid
    from orders_keyed_to_members

),

orders_amounted as (

    select
        *,
        cast(case when is_paid then source_paid_amount else 0 end as {{ type_money() }}) as paid_amount,
        cast(
            case
                when not is_paid then 0
                when source_order_status in ('refunded', 'cancelled') then source_paid_amount
                when source_refunded_amount > source_paid_amount then source_paid_amount
                else source_refunded_amount
            end as {{ type_money() }}
        ) as refunded_amount
    from orders_paid

),

orders_classified as (

    select
        *,
        case
            when
                source_order_status in ('paid', 'shipped', 'completed')
                and refunded_amount > 0
                and refunded_amount >= paid_amount
                then 'refunded'
            else source_order_status
        end as order_status
    from orders_amounted

),

final as (

    select
        -- ids
        {{ dbt.concat(['source_system', "':'", 'source_order_id']) }} as order_key,
        source_system,
        source_order_id,
        member_id,
        store_code,
        coupon_id,

        -- text
        channel,
        sub_channel,
        order_status,
        source_order_status,

        -- numerics
        gross_amount,
        discount_amount,
        shipping_amount,
        paid_amount,
        refunded_amount,
        cast(paid_amount - refunded_amount as {{ type_money() }}) as net_amount,
        item_quantity,

        -- booleans
        member_id is null as is_anonymous,
        discount_amount > 0 or coupon_id is not null as has_discount,
        is_paid,
        order_status in ('paid', 'shipped', 'completed') as is_purchase,

        -- dates and timestamps
        ordered_at,
        cast(ordered_at as date) as order_date,
        paid_at

    from orders_classified

)

select * from final

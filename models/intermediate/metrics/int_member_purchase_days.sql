{#- One row per member and purchase day: the unit every RFM, cycle and lifecycle metric counts. Only purchases
    (fct_orders.is_purchase) of known members; several purchases on one day are one purchase day. Holds the whole
    history: metrics filter it to the as-of date themselves. -#}

with

orders as (

    select * from {{ ref('fct_orders') }}

),

purchases as (

    select
        member_id,
        order_date,
        net_amount
    from orders
    where
        is_purchase
        and member_id is not null

),

purchase_days as (

    select
        member_id,
        order_date as purchase_date,
        cast(sum(net_amount) as {{ type_money() }}) as net_amount,
        count(*) as order_count
    from purchases
    group by member_id, order_date

)

select * from purchase_days

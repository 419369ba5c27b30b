{#- Lifecycle tags as of the as-of date: the lifecycle stage and the days since the last purchase
    (int_member_lifecycle), whether the member is due for repurchase and when (int_member_purchase_cycles, buyers
    only), and whether a store card expires soon (card holders only). -#}

with

lifecycle as (

    select * from {{ ref('int_member_lifecycle') }}

),

purchase_cycles as (

    select * from {{ ref('int_member_purchase_cycles') }}

),

final as (

    select
        lifecycle.member_id,
        lifecycle.lifecycle_stage,
        lifecycle.days_since_last_purchase,
        purchase_cycles.is_due_for_repurchase,
        purchase_cycles.expected_next_purchase_date,
        case when lifecycle.card_expires_on is not null then lifecycle.is_card_expiring_soon end
            as is_card_expiring_soon
    from lifecycle
    left join purchase_cycles
        on lifecycle.member_id = purchase_cycles.member_id

)

select * from final

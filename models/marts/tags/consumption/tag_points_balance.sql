{#- The member's store-card points balance (sum over the member's cards, dim_members); card holders only. -#}

with

members as (

    select * from {{ ref('dim_members') }}

),

final as (

    select
        member_id,
        card_points as points_balance
    from members
    where card_points is not null

)

select * from final

{#- The member's membership tiers: the highest store card tier and the marketplace member grades. -#}

with

members as (

    select * from {{ ref('dim_members') }}

),

final as (

    select
        member_id,
        case card_tier_rank
            when 1 then 'standard'
            when 2 then 'silver'
            when 3 then 'gold'
            when 4 then 'diamond'
        end as card_tier,
        tmall_member_grade,
        jd_member_level
    from members

)

select * from final

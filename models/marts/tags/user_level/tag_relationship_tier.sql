{#- The private-domain relationship tier of every member (int_member_relationship_tiers, as of the as-of date). Its
    inputs are in member_tag_explanations. -#}

with

relationship_tiers as (

    select * from {{ ref('int_member_relationship_tiers') }}

),

final as (

    select
        member_id,
        relationship_tier
    from relationship_tiers

)

select * from final

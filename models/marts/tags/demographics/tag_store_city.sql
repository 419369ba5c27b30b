{#- Whether the member lives in a city with an open store (the member's city from the golden record against the
    cities of the stores open on the as-of date): the offline reach of a member, e.g. for inviting online-only
    buyers into a store. NULL when the member's city is unknown. -#}

with

members as (

    select * from {{ ref('dim_members') }}

),

stores as (

    select * from {{ ref('stg_pos__stores') }}

),

store_cities as (

    select
        stores.city,
        count(*) as open_store_count
    from stores
    where
        stores.opened_on <= {{ as_of_date() }}
        and (stores.closed_on is null or stores.closed_on > {{ as_of_date() }})
    group by stores.city

),

final as (

    select
        members.member_id,
        case
            when members.city is null then null
            else store_cities.city is not null
        end as lives_in_store_city
    from members
    left join store_cities
        on members.city = store_cities.city

)

select * from final

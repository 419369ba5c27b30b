{#- Who the member is, from the golden record: gender, province and city (dim_members), generation by birth year and
    birthday month (the birthday is in the restricted dim_members_pii; only the derived values become tags). Values
    that need an as-of date (age band, birthday soon) live in tag_birthday_and_age. -#}

with

members as (

    select * from {{ ref('dim_members') }}

),

members_personal as (

    select * from {{ ref('dim_members_pii') }}

),

birth_years as (

    select
        members.member_id,
        members.gender,
        members.province,
        members.city,
        members_personal.birth_date,
        extract(year from members_personal.birth_date) as birth_year
    from members
    left join members_personal
        on members.member_id = members_personal.member_id

),

final as (

    select
        member_id,
        case when gender in ('male', 'female') then gender end as gender,
        case
            when birth_year is null then null
            when birth_year < 1980 then '70后及更早'
            when birth_year < 1985 then '80后'
            when birth_year < 1990 then '85后'
            when birth_year < 1995 then '90后'
            when birth_year < 2000 then '95后'
            when birth_year < 2010 then '00后'
            else '10后'
        end as generation,
        province,
        city,
        extract(month from birth_date) as birthday_month
    from birth_years

)

select * from final

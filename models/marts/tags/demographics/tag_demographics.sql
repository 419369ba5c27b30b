{#- Who the member is, from the golden record: gender, generation (by birth year), province and city, birthday
    month. Values that need an as-of date (age band, birthday soon) live in tag_birthday_and_age. -#}

with

members as (

    select * from {{ ref('dim_members') }}

),

birth_years as (

    select
        member_id,
        gender,
        province,
        city,
        birth_date,
        extract(year from birth_date) as birth_year
    from members

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

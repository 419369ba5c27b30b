{#- The age band of the member's child (宝宝生日 from the store card form, through dim_members_pii): the child's age in
    whole years on the as-of date, in the bands of children's clothing and family marketing. Members without a
    known child's birthday, or whose child was born after the as-of date, have no row (NULL in the wide table).
    The birthday itself is personal data of a minor and stays in the restricted dim_members_pii. -#}

with

members as (

    select
        member_id,
        child_birth_date
    from {{ ref('dim_members_pii') }}
    where child_birth_date is not null

),

members_dated as (

    select
        member_id,
        child_birth_date,
        {{ as_of_date() }} as as_of_date
    from members

),

children_aged as (

    select
        member_id,
        {{ age_in_years('child_birth_date', 'as_of_date') }} as child_age_years
    from members_dated
    where child_birth_date <= as_of_date

),

final as (

    select
        member_id,
        case
            when child_age_years < 3 then '0-3'
            when child_age_years < 6 then '3-6'
            when child_age_years < 12 then '6-12'
            when child_age_years < 18 then '12-18'
            else '18+'
        end as children_age_band
    from children_aged

)

select * from final

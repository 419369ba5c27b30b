{#- The personal data of the golden record (int_member_golden_record), one row per member: name, birthday, the
    child's birthday and mobile with the source each came from. Restricted schema: read by the activation exports (SMS) and by tag
    models that derive non-personal tags from it (generation, age band, birthday soon), never by BI tools. -#}

with

golden_record as (

    select * from {{ ref('int_member_golden_record') }}

),

final as (

    select
        -- ids
        member_id,

        -- personal data and its sources
        member_name,
        member_name_source,
        birth_date,
        birth_date_source,
        child_birth_date,
        child_birth_date_source,
        mobile,
        mobile_source

    from golden_record

)

select * from final

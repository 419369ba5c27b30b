{#- The public member dimension: one row per member, the golden record (int_member_golden_record) without its
    personal data. Name, birthday and mobile are in the restricted dim_members_pii; BI tools read this model. -#}

with

golden_record as (

    select * from {{ ref('int_member_golden_record') }}

),

final as (

    select
        -- ids
        member_id,
        cast(member_number as {{ dbt.type_bigint() }}) as member_number,

        -- attributes and their sources
        gender,
        gender_source,
        province,
        city,
        location_source,

        -- memberships
        cast(card_count as {{ dbt.type_bigint() }}) as card_count,
        cast(card_tier_rank as {{ dbt.type_bigint() }}) as card_tier_rank,
        cast(card_points as {{ dbt.type_bigint() }}) as card_points,
        card_expires_on,
        cast(tmall_member_grade as {{ dbt.type_bigint() }}) as tmall_member_grade,
        cast(jd_member_level as {{ dbt.type_bigint() }}) as jd_member_level,

        -- channels
        first_seen_channel,
        first_seen_at,
        is_known_in_tmall,
        is_known_in_jd,
        is_known_in_store,
        is_known_in_wechat,
        is_known_in_wecom,
        cast(identifier_count as {{ dbt.type_bigint() }}) as identifier_count

    from golden_record

)

select * from final

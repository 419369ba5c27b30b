{#- The WeCom tags that did not become manual tags, for the tag owners to review: a group or tag that is not in
    the governed dictionary (seed wecom_tag_dictionary), typically a misspelling the synonym seed does not know
    or a tag someone invented. One row per group and tag as typed, with how many contact relationships and
    members carry it and, as a suggestion, the dictionary tag of the group it contains or is contained in: add
    the typing to seeds/wecom_tag_synonyms.csv or the tag to the dictionary. No personal data. -#}

with

identity_map as (

    select * from {{ ref('member_identity_map') }}

),

contact_tags as (

    select * from {{ ref('stg_wechat__wecom_contact_tags') }}

),

dictionary as (

    select * from {{ ref('wecom_tag_dictionary') }}

),

dictionary_groups as (

    select distinct tag_group from dictionary

),

contact_tags_checked as (

    select
        contact_tags.wecom_contact_key,
        contact_tags.corp_id,
        contact_tags.external_userid,
        contact_tags.tag_group,
        contact_tags.tag_name,
        contact_tags.tag_raw,
        contact_tags.is_canonical,
        case
            when dictionary_groups.tag_group is null then 'unknown_group'
            when dictionary.tag_name is null then 'unknown_tag'
        end as review_reason
    from contact_tags
    left join dictionary_groups
        on contact_tags.tag_group = dictionary_groups.tag_group
    left join dictionary
        on
            contact_tags.tag_group = dictionary.tag_group
            and contact_tags.tag_name = dictionary.tag_name

),

tags_to_review as (

    select
        contact_tags_checked.tag_group,
        contact_tags_checked.tag_name,
        contact_tags_checked.review_reason,
        count(distinct contact_tags_checked.wecom_contact_key) as contact_count,
        count(distinct identity_map.member_id) as member_count,
        min(contact_tags_checked.tag_raw) as example_tag_raw
    from contact_tags_checked
    left join identity_map
        on
            identity_map.identifier_type = 'wecom_external_userid'
            and contact_tags_checked.corp_id = identity_map.scope
            and contact_tags_checked.external_userid = identity_map.identifier_value
    where contact_tags_checked.review_reason is not null
    group by
        contact_tags_checked.tag_group,
        contact_tags_checked.tag_name,
        contact_tags_checked.review_reason

),

-- a dictionary tag of the same group that the typed tag contains or is contained in ('通勤勤', 'm码码' ...);
-- character-based and portable (DuckDB's levenshtein counts bytes, three per Chinese character)
suggestion_candidates as (

    select
        tags_to_review.tag_group,
        tags_to_review.tag_name,
        dictionary.tag_name as suggested_tag_name,
        dictionary.sort_order,
        abs(length(tags_to_review.tag_name) - length(dictionary.tag_name)) as length_difference
    from tags_to_review
    inner join dictionary
        on
            tags_to_review.tag_group = dictionary.tag_group
            and (
                {{ dbt.position('lower(dictionary.tag_name)', 'lower(tags_to_review.tag_name)') }} > 0
                or {{ dbt.position('lower(tags_to_review.tag_name)', 'lower(dictionary.tag_name)') }} > 0
            )

),

suggestions_ranked as (

    select
        tag_group,
        tag_name,
        suggested_tag_name,
        length_difference,
        row_number() over (
            partition by tag_group, tag_name
            order by length_difference asc, sort_order asc
        ) as suggestion_rank
    from suggestion_candidates

),

final as (

    select
        -- ids
        {{ dbt.hash(dbt.concat(['tags_to_review.tag_group', "'|'", 'tags_to_review.tag_name'])) }} as review_key,

        -- text
        tags_to_review.tag_group,
        tags_to_review.tag_name,
        tags_to_review.example_tag_raw,
        tags_to_review.review_reason,
        suggestions_ranked.suggested_tag_name,

        -- numerics
        suggestions_ranked.length_difference as suggestion_length_difference,
        tags_to_review.contact_count,
        tags_to_review.member_count

    from tags_to_review
    left join suggestions_ranked
        on
            tags_to_review.tag_group = suggestions_ranked.tag_group
            and tags_to_review.tag_name = suggestions_ranked.tag_name
            and suggestions_ranked.suggestion_rank = 1

)

select * from final

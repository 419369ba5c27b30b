{#- The tags staff entered on WeCom contacts, one row per contact relationship, tag group and normalised tag.
    The raw tags are a JSON array [{"group": "肤质", "tag": "油皮"}]; free text that is often typed as a variant
    ('油性皮肤', '油 皮', 'm码'). The seed wecom_tag_synonyms maps each variant, compared lower-cased and without
    spaces, to its canonical tag; an unmapped tag keeps its trimmed text and is_canonical = false. -#}

with

contacts as (

    select
        wecom_contact_key,
        corp_id,
        external_userid,
        tags_json
    from {{ ref('stg_wechat__wecom_contacts') }}
    where tags_json is not null

),

tag_synonyms as (

    select
        tag_group,
        tag_variant,
        tag_name
    from {{ ref('wecom_tag_synonyms') }}

),

tag_elements as (

    select
        wecom_contact_key,
        corp_id,
        external_userid,
        {{ json_array_to_rows('tags_json') }} as tag_json
    from contacts

),

tags_parsed as (

    select
        wecom_contact_key,
        corp_id,
        external_userid,
        nullif(trim({{ json_extract_string('tag_json', 'group') }}), '') as tag_group,
        nullif(trim({{ json_extract_string('tag_json', 'tag') }}), '') as tag_raw
    from tag_elements

),

tags_normalised as (

    select
        tags_parsed.wecom_contact_key,
        tags_parsed.corp_id,
        tags_parsed.external_userid,
        tags_parsed.tag_group,
        tags_parsed.tag_raw,
        coalesce(tag_synonyms.tag_name, tags_parsed.tag_raw) as tag_name,
        tag_synonyms.tag_name is not null as is_canonical
    from tags_parsed
    left join tag_synonyms
        on
            tags_parsed.tag_group = tag_synonyms.tag_group
            and lower({{ regexp_replace_all('tags_parsed.tag_raw', '[ 　]', '') }}) = tag_synonyms.tag_variant
    where tags_parsed.tag_group is not null and tags_parsed.tag_raw is not null

),

-- two variants of one tag on the same contact are one tag
tags_deduplicated as (

    select
        -- ids
        wecom_contact_key,
        corp_id,
        external_userid,

        -- text
        tag_group,
        tag_name,
        min(tag_raw) as tag_raw,

        -- booleans
        max(case when is_canonical then 1 else 0 end) = 1 as is_canonical

    from tags_normalised
    group by
        wecom_contact_key,
        corp_id,
        external_userid,
        tag_group,
        tag_name

)

select * from tags_deduplicated

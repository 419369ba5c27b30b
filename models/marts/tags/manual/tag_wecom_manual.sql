{#- The manual tags staff entered on WeCom contacts, kept only when their group and tag are in the governed
    dictionary (seed wecom_tag_dictionary); one multi-valued tag per tag group, the member's tags in the group in
    dictionary order joined with '|'. Tags over all of a member's WeCom contact relationships (several staff
    members may tag one customer). Anything not in the dictionary is in wecom_tag_review instead. -#}

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

member_tags as (

    select distinct
        identity_map.member_id,
        dictionary.tag_group_code,
        dictionary.tag_name,
        dictionary.sort_order
    from contact_tags
    inner join identity_map
        on
            identity_map.identifier_type = 'wecom_external_userid'
            and contact_tags.corp_id = identity_map.scope
            and contact_tags.external_userid = identity_map.identifier_value
    inner join dictionary
        on
            contact_tags.tag_group = dictionary.tag_group
            and contact_tags.tag_name = dictionary.tag_name

),

-- a fixed pivot by position keeps the order portable; the seed allows at most ten tags per group
member_tags_positioned as (

    select
        member_id,
        tag_group_code,
        tag_name,
        row_number() over (
            partition by member_id, tag_group_code
            order by sort_order asc
        ) as tag_position
    from member_tags

),

member_groups as (

    select
        member_id,
        tag_group_code,
        concat_ws(
            '|',
            {%- for position in range(1, 11) %}
            max(case when tag_position = {{ position }} then tag_name end){{ ',' if not loop.last }}
            {%- endfor %}
        ) as tag_values
    from member_tags_positioned
    group by member_id, tag_group_code

),

final as (

    select
        member_id,
        max(case when tag_group_code = 'skin_type' then tag_values end) as wecom_skin_type,
        max(case when tag_group_code = 'size' then tag_values end) as wecom_size,
        max(case when tag_group_code = 'occasion' then tag_values end) as wecom_occasion,
        max(case when tag_group_code = 'style' then tag_values end) as wecom_style,
        max(case when tag_group_code = 'spending_power' then tag_values end) as wecom_spending_power
    from member_groups
    group by member_id

)

select * from final

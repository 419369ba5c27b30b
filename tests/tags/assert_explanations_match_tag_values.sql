{#- An explanation explains the value the member actually has: every row of member_tag_explanations carries the same
    value as member_tag_values for that member and tag (both NULL counts as the same). Fails with each row whose
    explained value differs from the tag value. -#}

with

explanations as (

    select * from {{ ref('member_tag_explanations') }}

),

tag_values as (

    select * from {{ ref('member_tag_values') }}

),

mismatches as (

    select
        explanations.member_id,
        explanations.tag_code,
        explanations.tag_value as explained_value,
        tag_values.tag_value
    from explanations
    left join tag_values
        on
            explanations.member_id = tag_values.member_id
            and explanations.tag_code = tag_values.tag_code
    where coalesce(explanations.tag_value, '<none>') != coalesce(tag_values.tag_value, '<none>')

)

select * from mismatches

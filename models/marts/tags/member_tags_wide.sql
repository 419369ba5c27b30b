{#- One row per member of dim_members, one column per tag (named by its code, typed by its value_type), assembled
    from whatever tag models exist (macros/tags/). Members without a value get NULL; a multi-valued tag holds its
    values joined with '|'. Each tag model's SQL is rendered inline from the graph: see tag_assembly.sql for why
    its parents are the tag inputs rather than the tag models. -#}
{{ tag_input_dependencies() }}
-- The indentation of SQL rendered from other files and loops confuses sqlfluff's layout check (LT02) here only.
-- noqa: disable=LT02

{%- set definitions = tag_definitions() %}
{%- set tag_models = tag_model_nodes() %}

with

members as (

    select member_id from {{ ref('dim_members') }}

),
{%- for node in tag_models %}
{%- set tag_sql = tag_model_sql(node) %}
{{- check_tag_model_columns(node, tag_sql) }}

{{ node.name }} as (

    {{ tag_sql | indent(4) }}

),
{%- endfor %}

members_tagged as (

    select
        members.member_id{{ ',' if definitions }}
        {%- for tag in definitions %}
        cast({{ tag.model }}.{{ tag.column }} as {{ tag_value_sql_type(tag.value_type) }}) as {{ tag.code }}
        {{- ',' if not loop.last }}
        {%- endfor %}
    from members
    {%- for node in tag_models %}
    left join {{ node.name }}
        on members.member_id = {{ node.name }}.member_id
    {%- endfor %}

)

select * from members_tagged

{#- Generic data tests of the tag layer (documented in macros/tags/_tags__macros.yml). -#}

{#- Fails with one row when the model's row count differs from compare_model's (member_tags_wide has exactly one
    row per member of dim_members). -#}
{% test equal_row_count_to(model, compare_model) %}
    {{ return(adapter.dispatch('test_equal_row_count_to', 'member_tag_warehouse')(model, compare_model)) }}
{% endtest %}

{% macro default__test_equal_row_count_to(model, compare_model) %}
    with

    model_rows as (

        select count(*) as row_count from {{ model }}

    ),

    compare_rows as (

        select count(*) as row_count from {{ compare_model }}

    )

    select
        model_rows.row_count as model_row_count,
        compare_rows.row_count as compare_row_count
    from model_rows
    cross join compare_rows
    where model_rows.row_count != compare_rows.row_count
{% endmacro %}


{#- On a long tag table (member_id, tag_code, tag_value): fails on every row whose value is not among its tag's
    allowed values (coded tags only; uncoded tags have allowed_values absent) and on every row whose tag code is
    not a known tag. The allowed values come from tag_definitions(), so each new coded tag is covered. -#}
{% test tag_values_allowed(model) %}
    {{ return(adapter.dispatch('test_tag_values_allowed', 'member_tag_warehouse')(model)) }}
{% endtest %}

{% macro default__test_tag_values_allowed(model) %}
    {%- set definitions = tag_definitions() %}
    select
        tag_code,
        tag_value,
        count(*) as row_count
    from {{ model }}
    where
        case
            {%- for tag in definitions %}
            when tag_code = {{ sql_string_literal(tag.code) }} then
                {%- if tag.allowed_values is not none %}
                tag_value not in (
                    {%- for value in tag.allowed_values %}
                    {{ sql_string_literal(value) }}{{ ',' if not loop.last }}
                    {%- endfor %}
                )
                {%- else %}
                false
                {%- endif %}
            {%- endfor %}
            else true
        end
    group by tag_code, tag_value
{% endmacro %}

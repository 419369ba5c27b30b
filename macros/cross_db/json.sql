{#- JSON helpers. -#}

{#- The string value of a top-level key of a JSON object held in a string column; NULL when absent or not JSON. -#}
{% macro json_extract_string(expression, key) -%}
    {{ return(adapter.dispatch('json_extract_string', 'member_tag_warehouse')(expression, key)) }}
{%- endmacro %}

{% macro default__json_extract_string(expression, key) -%}
    get_json_object({{ expression }}, '$.{{ key }}')
{%- endmacro %}

{% macro duckdb__json_extract_string(expression, key) -%}
    json_extract_string(try_cast({{ expression }} as json), '$.{{ key }}')
{%- endmacro %}


{#- A whole row as a JSON string, so a quarantined row keeps every raw value. `qualifier` is the table alias the
    columns are read from, when the query joins. -#}
{% macro columns_as_json(columns, qualifier=none) -%}
    {{ return(adapter.dispatch('columns_as_json', 'member_tag_warehouse')(columns, qualifier)) }}
{%- endmacro %}

{% macro default__columns_as_json(columns, qualifier) -%}
    to_json(named_struct(
        {%- for column in columns %}
        '{{ column }}', {{ qualifier ~ '.' if qualifier }}{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    ))
{%- endmacro %}

{% macro duckdb__columns_as_json(columns, qualifier) -%}
    cast(to_json(struct_pack(
        {%- for column in columns %}
        "{{ column }}" := {{ qualifier ~ '.' if qualifier }}{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    )) as varchar)
{%- endmacro %}

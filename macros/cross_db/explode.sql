{#- Turning one value into several rows. Both macros are set-returning expressions for a select list: the row is
    repeated once per element, and a NULL, empty or unparseable input yields no row at all (so read them in their
    own CTE and filter in the next one). DuckDB spells it unnest(...), Spark explode(...). -#}

{#- One row per piece of a string split on a regular expression (no backslashes, see regex.sql). -#}
{% macro split_to_rows(expression, pattern) -%}
    {{ return(adapter.dispatch('split_to_rows', 'member_tag_warehouse')(expression, pattern)) }}
{%- endmacro %}

{% macro default__split_to_rows(expression, pattern) -%}
    explode(split({{ expression }}, '{{ pattern }}'))
{%- endmacro %}

{% macro duckdb__split_to_rows(expression, pattern) -%}
    unnest(string_split_regex({{ expression }}, '{{ pattern }}'))
{%- endmacro %}


{#- One row per element of a JSON array held in a string column, each element as a JSON string (objects stay
    objects: read their keys with json_extract_string). -#}
{% macro json_array_to_rows(expression) -%}
    {{ return(adapter.dispatch('json_array_to_rows', 'member_tag_warehouse')(expression)) }}
{%- endmacro %}

{% macro default__json_array_to_rows(expression) -%}
    {#- Spark's JSON reader renders a non-string element as its JSON text when the schema asks for a string. -#}
    explode(from_json({{ expression }}, 'array<string>'))
{%- endmacro %}

{% macro duckdb__json_array_to_rows(expression) -%}
    unnest(from_json(try_cast({{ expression }} as json), '["VARCHAR"]'))
{%- endmacro %}

{#- Regular expressions differ between engines: DuckDB replaces only the first match unless given the 'g'
    option and spells matching regexp_matches; Spark replaces every match and spells matching rlike.
    Patterns passed here must avoid backslashes (Spark string literals treat them as escapes): use [0-9]. -#}

{% macro regexp_replace_all(expression, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_all', 'member_tag_warehouse')(expression, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, '{{ pattern }}', '{{ replacement }}')
{%- endmacro %}

{% macro duckdb__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}


{% macro regexp_full_match(expression, pattern) -%}
    {{ return(adapter.dispatch('regexp_full_match', 'member_tag_warehouse')(expression, pattern)) }}
{%- endmacro %}

{% macro default__regexp_full_match(expression, pattern) -%}
    ({{ expression }} rlike '^(?:{{ pattern }})$')
{%- endmacro %}

{% macro duckdb__regexp_full_match(expression, pattern) -%}
    regexp_full_match({{ expression }}, '{{ pattern }}')
{%- endmacro %}


{#- Full match against a pattern held in a column or expression (the blocklist seed's patterns). -#}
{% macro regexp_full_match_expression(expression, pattern_expression) -%}
    {{ return(adapter.dispatch('regexp_full_match_expression', 'member_tag_warehouse')(expression, pattern_expression)) }}
{%- endmacro %}

{% macro default__regexp_full_match_expression(expression, pattern_expression) -%}
    ({{ expression }} rlike concat('^(?:', {{ pattern_expression }}, ')$'))
{%- endmacro %}

{% macro duckdb__regexp_full_match_expression(expression, pattern_expression) -%}
    regexp_full_match({{ expression }}, {{ pattern_expression }})
{%- endmacro %}

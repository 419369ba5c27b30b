{#- An 8-byte floating-point type. dbt.type_float() is a 4-byte float on DuckDB ("float" = REAL), too coarse for
    probabilities and model parameters; "double" is the 8-byte type on DuckDB and Spark alike. -#}

{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'member_tag_warehouse')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double
{%- endmacro %}

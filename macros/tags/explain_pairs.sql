{#- 'name=value; name=value' from (name, SQL expression) pairs, for the explanation texts of rule tags. NULLs read
    'null' (round numbers with explain_number); concat_ws and coalesce behave alike on DuckDB and Spark. -#}
{% macro explain_pairs(pairs) -%}
    concat_ws(
        '; '
        {%- for name, expression in pairs %},
        concat('{{ name }}=', coalesce(cast({{ expression }} as {{ dbt.type_string() }}), 'null'))
        {%- endfor %}
    )
{%- endmacro %}

{#- A number rounded for display in an explanation. -#}
{% macro explain_number(expression, digits=2) -%}
    round(cast({{ expression }} as {{ type_double() }}), {{ digits }})
{%- endmacro %}

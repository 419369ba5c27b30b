{#- The human-facing member ID for a member number: 'M' and ten digits (M0000000042). -#}
{% macro member_id_from_number(member_number) -%}
    {{ dbt.concat(["'M'", "lpad(cast(" ~ member_number ~ " as " ~ dbt.type_string() ~ "), 10, '0')"]) }}
{%- endmacro %}

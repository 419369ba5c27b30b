{#- Money is yuan with two decimals everywhere after staging. -#}

{% macro type_money() -%}
    decimal(18, 2)
{%- endmacro %}

{#- A yuan amount delivered as a decimal string ("199.00", " 199 "); NULL when it does not parse. -#}
{% macro yuan_from_string(expression) -%}
    {{ member_tag_warehouse.try_cast('trim(' ~ expression ~ ')', member_tag_warehouse.type_money()) }}
{%- endmacro %}

{#- A fen (integer cents) amount, as WeChat Pay delivers it, to yuan. -#}
{% macro yuan_from_fen(expression) -%}
    cast({{ expression }} / 100.0 as {{ member_tag_warehouse.type_money() }})
{%- endmacro %}

{#- The last day of the month of a date, as a date. dbt.last_day() renders a long date_trunc/dateadd chain on
    Spark; both engines have last_day(date). -#}

{% macro month_last_day(date_expression) -%}
    {{ return(adapter.dispatch('month_last_day', 'member_tag_warehouse')(date_expression)) }}
{%- endmacro %}

{% macro default__month_last_day(date_expression) -%}
    last_day({{ date_expression }})
{%- endmacro %}

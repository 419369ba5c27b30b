{#- Age in whole years on a date: the difference of the calendar years, minus one while that year's birthday is
    still to come. A 29 February birthday falls on 28 February in other years (dbt.dateadd clamps the day).
    The interval is parenthesised: dbt-spark renders `cast(<interval> * 12 as int)` for years. -#}
{% macro age_in_years(birth_date, on_date) -%}
    {%- set years = '(extract(year from ' ~ on_date ~ ') - extract(year from ' ~ birth_date ~ '))' -%}
    (
        {{ years }}
        - case when cast({{ dbt.dateadd('year', years, birth_date) }} as date) > {{ on_date }} then 1 else 0 end
    )
{%- endmacro %}

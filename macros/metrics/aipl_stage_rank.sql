{#- The order of the AIPL stages (none 0, A 1, I 2, P 3, L 4) as a SQL expression over a stage column, for
    "highest stage wins" comparisons and upgrade/fall-back flows (docs/aipl.md). Portable SQL. -#}

{% macro aipl_stage_rank(stage) -%}
    case {{ stage }} when 'A' then 1 when 'I' then 2 when 'P' then 3 when 'L' then 4 else 0 end
{%- endmacro %}

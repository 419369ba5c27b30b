{#- Dates that people type into a form field (the birthday and the child's birthday on a store card): YYYY-MM-DD,
    YYYY/MM/DD or YYYYMMDD, trimmed. Anything else (0000-00-00, the impossible 19900231, '') is NULL; the caller
    keeps the raw value next to it. -#}
{% macro parse_typed_date(expression) -%}
    {%- set trimmed = 'trim(' ~ expression ~ ')' -%}
    coalesce(
        {{ member_tag_warehouse.try_parse_date(trimmed, 'yyyy-MM-dd') }},
        {{ member_tag_warehouse.try_parse_date(trimmed, 'yyyy/MM/dd') }},
        case
            when {{ member_tag_warehouse.regexp_full_match(trimmed, '[0-9]{8}') }}
                then {{ member_tag_warehouse.try_parse_date(trimmed, 'yyyyMMdd') }}
        end
    )
{%- endmacro %}

{#- A parsed birth date kept only when it can be one: placeholders before 1920 (1900-01-01) and dates after the
    day the form was filled in (`recorded_on`, a date expression) are NULL. -#}
{% macro plausible_birth_date(parsed_date, recorded_on) -%}
    case
        when {{ parsed_date }} < cast('1920-01-01' as date) then null
        when {{ parsed_date }} > {{ recorded_on }} then null
        else {{ parsed_date }}
    end
{%- endmacro %}

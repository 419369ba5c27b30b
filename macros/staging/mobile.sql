{#- Chinese mobile numbers arrive as '+86 138 0013 8000', '86-13800138000', '008613800138000', '138-0013-8000',
    masked ('138****5678') or junk. Staging reduces a usable one to its canonical form, eleven digits
    '13800138000', and says what it was. Junk that is well-formed (13800000000, the test number 13800138000)
    is left to the identity layer's blocklist (seed identifier_blocklist), the one place that decides what
    may link people. -#}

{#- The digits of a mobile with any 86/0086 country prefix removed (an intermediate form). -#}
{% macro _mobile_digits(expression) -%}
    {%- set digits = member_tag_warehouse.regexp_replace_all(expression, '[^0-9]', '') -%}
    case
        when {{ digits }} like '0086%' and length({{ digits }}) = 15 then substr({{ digits }}, 5)
        when {{ digits }} like '86%' and length({{ digits }}) = 13 then substr({{ digits }}, 3)
        else {{ digits }}
    end
{%- endmacro %}

{#- The canonical eleven-digit mobile, or NULL when the value is missing, masked or not a mobile. -#}
{% macro clean_mobile(expression) -%}
    {%- set digits = member_tag_warehouse._mobile_digits(expression) -%}
    case
        when {{ expression }} like '%*%' then null
        when {{ member_tag_warehouse.regexp_full_match(digits, '1[3-9][0-9]{9}') }} then {{ digits }}
    end
{%- endmacro %}

{#- What the raw value was: valid (well-formed), masked, invalid, or missing. -#}
{% macro mobile_status(expression) -%}
    case
        when {{ expression }} is null or trim({{ expression }}) = '' then 'missing'
        when {{ expression }} like '%*%' then 'masked'
        when {{ member_tag_warehouse.clean_mobile(expression) }} is not null then 'valid'
        else 'invalid'
    end
{%- endmacro %}

{#- Chinese mobile numbers arrive as '+86 138 0013 8000', '86-13800138000', '008613800138000', '138-0013-8000',
    masked ('138****5678') or junk. Staging reduces a usable one to its canonical form, eleven digits
    '13800138000', and says what it was. Well-formed junk (13800000000, the test number 13800138000) keeps its
    digits and is marked 'junk' from the seed identity_blocklist, the one list of junk identifiers that identity
    resolution also blocks (macros/identity/identity_blocklist_patterns.sql). -#}

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

{#- True when a canonical mobile is junk: an entry of the seed identity_blocklist for mobiles (or for every
    identifier type), exact values and patterns written in as constants when the model runs. False when the seed
    has none (at parse time; in unit tests unless they override identity_blocklist_rows). -#}
{% macro is_junk_mobile(canonical_mobile) -%}
    {%- set exact_values = [] -%}
    {%- set conditions = [] -%}
    {%- for entry in identity_blocklist_rows() if entry.identifier_type in ('mobile', '*') -%}
        {%- if entry.match_type == 'exact' -%}
            {%- do exact_values.append("'" ~ entry.value ~ "'") -%}
        {%- elif entry.match_type == 'pattern' -%}
            {%- do conditions.append(member_tag_warehouse.regexp_full_match(canonical_mobile, entry.value)) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if exact_values -%}
        {%- do conditions.insert(0, canonical_mobile ~ ' in (' ~ exact_values | join(', ') ~ ')') -%}
    {%- endif -%}
    {%- if conditions | length == 0 -%}
        false
    {%- else -%}
        ({{ conditions | join(' or ') }})
    {%- endif -%}
{%- endmacro %}

{#- What the raw value was: valid (a well-formed Chinese mobile), junk (well-formed but blocklisted), masked,
    invalid, or missing. -#}
{% macro mobile_status(expression) -%}
    {%- set canonical = member_tag_warehouse.clean_mobile(expression) -%}
    case
        when {{ expression }} is null or trim({{ expression }}) = '' then 'missing'
        when {{ expression }} like '%*%' then 'masked'
        when {{ canonical }} is null then 'invalid'
        when {{ member_tag_warehouse.is_junk_mobile(canonical) }} then 'junk'
        else 'valid'
    end
{%- endmacro %}

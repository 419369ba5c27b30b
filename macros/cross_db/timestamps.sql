{#- Parsing and converting timestamps. Every timestamp leaving staging is a wall-clock TIMESTAMP in the
    business zone (var business_timezone, Asia/Shanghai by default). China has had no daylight saving time
    since 1991, so converting from UTC is adding var business_utc_offset_hours exactly. -#}

{#- Parse a string with a Java-style pattern (yyyy-MM-dd HH:mm:ss); NULL when it does not parse. -#}
{% macro try_parse_timestamp(expression, pattern) -%}
    {{ return(adapter.dispatch('try_parse_timestamp', 'member_tag_warehouse')(expression, pattern)) }}
{%- endmacro %}

{% macro default__try_parse_timestamp(expression, pattern) -%}
    try_to_timestamp({{ expression }}, '{{ pattern }}')
{%- endmacro %}

{% macro duckdb__try_parse_timestamp(expression, pattern) -%}
    {%- set strftime_pattern = pattern
        | replace('yyyy', '%Y') | replace('MM', '%m') | replace('dd', '%d')
        | replace('HH', '%H') | replace('mm', '%M') | replace('ss', '%S') -%}
    try_strptime({{ expression }}, '{{ strftime_pattern }}')
{%- endmacro %}


{#- Parse a date string with a Java-style pattern; NULL when it does not parse or is not a real date. -#}
{% macro try_parse_date(expression, pattern) -%}
    cast({{ member_tag_warehouse.try_parse_timestamp(expression, pattern) }} as date)
{%- endmacro %}


{#- Epoch milliseconds (UTC) to a business-zone wall-clock timestamp. -#}
{% macro epoch_ms_to_business_timestamp(expression) -%}
    {{ return(adapter.dispatch('epoch_ms_to_business_timestamp', 'member_tag_warehouse')(expression)) }}
{%- endmacro %}

{% macro default__epoch_ms_to_business_timestamp(expression) -%}
    {#- Spark: timestamp_millis gives an instant; the session zone is UTC (profiles.yml), so adding the offset
        yields the business wall clock. -#}
    {{ dbt.dateadd('hour', var('business_utc_offset_hours'), 'timestamp_millis(' ~ expression ~ ')') }}
{%- endmacro %}

{% macro duckdb__epoch_ms_to_business_timestamp(expression) -%}
    make_timestamp(cast({{ expression }} as bigint) * 1000 + {{ var('business_utc_offset_hours') }} * 3600000000)
{%- endmacro %}


{#- Epoch seconds (UTC) to a business-zone wall-clock timestamp. -#}
{% macro epoch_s_to_business_timestamp(expression) -%}
    {{ member_tag_warehouse.epoch_ms_to_business_timestamp('cast(' ~ expression ~ ' as bigint) * 1000') }}
{%- endmacro %}

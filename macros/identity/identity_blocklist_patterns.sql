{#- The identity_blocklist seed read when a model runs, for models to write its entries into their SQL as
    constants: a regular expression taken from a column is compiled again for every row it is tried on (DuckDB:
    200 s instead of 1 s for 1.7M mobiles against two patterns). The one list of junk identifiers: identity
    resolution blocks them (int_identity_nodes) and staging marks junk mobiles (mobile_status, macros/staging).

    identity_blocklist_rows(): every row as {identifier_type, match_type, value, reason}, quotes doubled for SQL
    string literals, ordered by identifier_type, match_type and value. Empty at parse time, whenever the seed is not
    loaded yet (at compile time, e.g. for a linter) and in unit tests, where a test that needs entries sets them
    with `overrides: macros: identity_blocklist_rows: [...]`. Macros, not Jinja at the top of a model: sqlfluff's
    layout rule (LT02) wants no indent on a model's top-level Jinja, however deeply it is nested. -#}
{% macro identity_blocklist_rows() -%}
    {%- set entries = [] -%}
    {%- if execute and model.resource_type != 'unit_test' -%}
        {%- set blocklist = ref('identity_blocklist') -%}
        {%- if load_relation(blocklist) is not none -%}
            {%- set rows = run_query(
                "select identifier_type, match_type, value, reason from " ~ blocklist
                ~ " order by identifier_type, match_type, value") -%}
            {%- for row in rows -%}
                {%- do entries.append({
                    'identifier_type': row[0],
                    'match_type': row[1],
                    'value': row[2] | replace("'", "''"),
                    'reason': row[3] | replace("'", "''"),
                }) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- elif not execute -%}
        {#- parse time: record the dependency, so the seed is built before every model that reads it -#}
        {%- set blocklist = ref('identity_blocklist') -%}
    {%- endif -%}
    {{ return(entries) }}
{%- endmacro %}

{#- The seed's patterns (match_type 'pattern') as {identifier_type, pattern, reason}, for int_identity_nodes. -#}
{% macro identity_blocklist_patterns() -%}
    {%- set patterns = [] -%}
    {%- for entry in identity_blocklist_rows() if entry.match_type == 'pattern' -%}
        {%- do patterns.append({
            'identifier_type': entry.identifier_type,
            'pattern': entry.value,
            'reason': entry.reason,
        }) -%}
    {%- endfor -%}
    {{ return(patterns) }}
{%- endmacro %}

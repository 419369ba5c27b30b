{#- The identity_blocklist seed's patterns (match_type 'pattern'), for int_identity_nodes to write into its SQL as
    constants: a list of {identifier_type, pattern, reason}, quotes doubled for SQL string literals, ordered by
    identifier_type and pattern. Read when the model runs; empty at parse time, whenever the seed is not loaded
    yet (at compile time, e.g. for a linter) and in unit tests (the seed is then a fixture). A macro, not Jinja at
    the top of the model: sqlfluff's layout rule (LT02) wants no indent on the model's top-level Jinja, however
    deeply it is nested. -#}
{% macro identity_blocklist_patterns() -%}
    {%- set patterns = [] -%}
    {%- set blocklist = ref('identity_blocklist') -%}
    {#- in a unit test the seed is a fixture CTE (no schema) and its patterns are not read -#}
    {%- if execute and blocklist.schema and load_relation(blocklist) is not none -%}
        {%- set pattern_rows = run_query(
            "select identifier_type, value, reason from " ~ blocklist
            ~ " where match_type = 'pattern' order by identifier_type, value") -%}
        {%- for row in pattern_rows -%}
            {%- do patterns.append({
                'identifier_type': row[0],
                'pattern': row[1] | replace("'", "''"),
                'reason': row[2] | replace("'", "''"),
            }) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(patterns) }}
{%- endmacro %}

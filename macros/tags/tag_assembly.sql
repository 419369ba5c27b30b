{#- Assembling the tag tables from whatever tag models exist.

    Why tag SQL is inlined rather than ref()'d: dbt fixes every model's parents at parse time, when the graph is
    still empty, and refuses at run time a ref() that was not seen at parse time ("dbt was unable to infer all
    dependencies"). A `-- depends_on: {{ ref(...) }}` line generated from `graph` therefore renders nothing when
    it matters, and the tag models cannot be found by name without a hand-kept list. So member_tags_wide takes
    each tag model's SQL from the graph at run time and renders it inline (render() of the node's raw code in
    member_tags_wide's own context), and it declares the models tag SQL may read, the tag inputs, as its parents
    (tag_input_models()). An analyst adds a tag by adding its model and YAML and touches nothing else; only a tag
    that reads a model not yet listed as a tag input needs one line in tag_input_models(), and the build says so.
    The tag models themselves are views (cheap; for browsing and their own data tests). -#}

{#- The models tag SQL may read, directly or through macros such as as_of_date(). member_tags_wide depends on
    each of them, so it runs after all of them. Add a model here when a new tag needs it. -#}
{% macro tag_input_models() -%}
    {{ return([
        'dim_members',
        'identity_member_channels',
        'member_identity_map',
        'stg_wechat__oa_followers',
        'stg_wechat__wecom_contacts',
        'stg_wechat__wecom_contact_tags',
        'stg_pos__stores',
        'wecom_tag_dictionary',
        'fct_orders',
        'fct_order_lines',
        'int_member_purchase_days',
        'int_member_rfm',
        'int_member_purchase_cycles',
        'int_member_lifecycle',
        'int_member_events_classified',
        'int_member_aipl',
        'int_member_relationship_tiers',
        'int_member_churn',
    ]) }}
{%- endmacro %}


{#- `-- depends_on:` lines for the tag inputs (rendered at parse time, where they become member_tags_wide's
    parents). -#}
{% macro tag_input_dependencies() -%}
    {%- for model_name in tag_input_models() %}
-- depends_on: {{ ref(model_name) }}
    {%- endfor %}
{%- endmacro %}


{#- The SQL of one tag model, rendered in the calling model's context. Fails with a message naming the tag model
    and the missing input when the tag model reads something that is not a tag input. -#}
{% macro tag_model_sql(node) -%}
    {%- set allowed = model.depends_on.nodes -%}
    {%- for parent in node.depends_on.nodes -%}
        {%- if parent not in allowed -%}
            {%- set parent_node = graph.nodes.get(parent) or graph.sources.get(parent) or {} -%}
            {%- if parent_node.get('resource_type') == 'model' and is_tag_model(parent_node) -%}
                {{ exceptions.raise_compiler_error(
                    "Tag model '" ~ node.name ~ "' reads the tag model '" ~ parent_node.name ~ "': tag models read "
                    ~ "the tag inputs (macros/tags/tag_assembly.sql, tag_input_models()), not each other.") }}
            {%- endif -%}
            {{ exceptions.raise_compiler_error(
                "Tag model '" ~ node.name ~ "' reads '" ~ parent ~ "', which is not a tag input: add '"
                ~ parent.split('.')[-1] ~ "' to tag_input_models() in macros/tags/tag_assembly.sql.") }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(render(node.raw_code) | trim) }}
{%- endmacro %}


{#- Compares the columns a tag model's SQL returns with its YAML: an undocumented column (no YAML, so no tag meta)
    or a documented column the SQL does not return fails with the model and column named. Runs `select ... where
    false` through the adapter, so only at execution. -#}
{% macro check_tag_model_columns(node, rendered_sql) -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set returned = get_columns_in_query(rendered_sql) | map('lower') | list -%}
    {%- set documented = node.columns.keys() | map('lower') | list -%}
    {%- for column_name in returned if column_name not in documented -%}
        {{ exceptions.raise_compiler_error(
            "Tag model '" ~ node.name ~ "' (" ~ node.original_file_path ~ "), column '" ~ column_name
            ~ "': missing YAML: the column is not described in the model's YAML, so it has no meta.tag.") }}
    {%- endfor -%}
    {%- for column_name in documented if column_name not in returned -%}
        {{ exceptions.raise_compiler_error(
            "Tag model '" ~ node.name ~ "' (" ~ node.original_file_path ~ "), column '" ~ column_name
            ~ "': described in the YAML but not returned by the model's SQL.") }}
    {%- endfor -%}
{%- endmacro %}


{#- The warehouse type a tag's value is cast to in member_tags_wide. -#}
{% macro tag_value_sql_type(value_type) -%}
    {%- set types = {
        'integer': dbt.type_bigint(),
        'number': type_double(),
        'boolean': 'boolean',
        'date': 'date',
        'string': dbt.type_string(),
    } -%}
    {{ return(types[value_type] | trim) }}
{%- endmacro %}


{#- A Python string as a SQL string literal. Spark reads backslash escapes in literals; DuckDB doubles quotes. -#}
{% macro sql_string_literal(value) -%}
    {{ return(adapter.dispatch('sql_string_literal', 'member_tag_warehouse')(value)) }}
{%- endmacro %}

{% macro default__sql_string_literal(value) -%}
    {%- if value is none -%} null
    {%- else -%} '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__sql_string_literal(value) -%}
    {%- if value is none -%} null
    {%- else -%} '{{ value | string | replace("'", "''") }}'
    {%- endif -%}
{%- endmacro %}

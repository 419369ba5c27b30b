{#- Assembling the tag tables from whatever tag models exist.

    Why tag SQL is inlined rather than ref()'d: dbt fixes every model's parents at parse time, when the graph is
    still empty, and refuses at run time a ref() that was not seen at parse time ("dbt was unable to infer all
    dependencies"). A `-- depends_on: {{ ref(...) }}` line generated from `graph` therefore renders nothing when
    it matters, and the tag models cannot be found by name without a hand-kept list. So member_tags_wide takes
    each tag model's SQL from the graph at run time and renders it inline (render() of the node's raw code in
    member_tags_wide's own context), and it declares the models tag SQL may read, the tag inputs, as its parents
    (tag_input_models()). An analyst adds a tag by adding its model and YAML and touches nothing else; only a tag
    that reads a model not yet listed as a tag input needs one line in tag_input_models(). No dbt mechanism
    removes that line: a model's parents must be known while the project is parsed, and nothing a model can read
    at parse time (no graph, no files) names the models another model reads. So the gap is closed by a check:
    tag_definitions() refuses a tag model whose parents are not all tag inputs, naming the tag model and the line
    to add, wherever the tag layer compiles (every tag model's pre-hook, member_tags_wide, the catalogue, the
    segments). The tag models themselves are views (cheap; for browsing and their own data tests). -#}

{#- The models tag SQL may read, directly or through macros such as as_of_date(). member_tags_wide depends on
    each of them, so it runs after all of them. Add a model here when a new tag needs it. -#}
{% macro tag_input_models() -%}
    {{ return([
        'dim_members',
        'dim_members_pii',
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
        'int_member_price_bands',
        'int_member_coupon_sensitivity',
        'int_member_rfm',
        'int_member_purchase_cycles',
        'int_member_lifecycle',
        'int_member_aipl_signal_days',
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


{#- The unique ids of the tag inputs (tag_input_models()), resolved in the graph: models, seeds and snapshots of
    this project. -#}
{% macro tag_input_unique_ids() -%}
    {%- set names = tag_input_models() -%}
    {%- set unique_ids = [] -%}
    {%- for node in graph.nodes.values()
        if node.resource_type in ['model', 'seed', 'snapshot'] and node.package_name == project_name
            and node.name in names -%}
        {%- do unique_ids.append(node.unique_id) -%}
    {%- endfor -%}
    {{ return(unique_ids) }}
{%- endmacro %}


{#- Fails naming the tag model and what to do when a tag model reads anything that is not a tag input: another tag
    model, a source, or a model missing from tag_input_models(). Called by tag_definitions() for every tag model. -#}
{% macro check_tag_model_inputs(node, input_unique_ids) -%}
    {%- for parent in node.depends_on.nodes if parent not in input_unique_ids -%}
        {%- set parent_node = graph.nodes.get(parent) or graph.sources.get(parent) or {} -%}
        {%- set label = "Tag model '" ~ node.name ~ "' (" ~ node.original_file_path ~ ")" -%}
        {%- if parent_node.get('resource_type') == 'model' and is_tag_model(parent_node) -%}
            {{ exceptions.raise_compiler_error(
                label ~ " reads the tag model '" ~ parent_node.name ~ "': tag models read the tag inputs "
                ~ "(macros/tags/tag_assembly.sql, tag_input_models()), not each other.") }}
        {%- endif -%}
        {{ exceptions.raise_compiler_error(
            label ~ " reads '" ~ parent ~ "', which is not a tag input: add '" ~ parent.split('.')[-1]
            ~ "' to tag_input_models() in macros/tags/tag_assembly.sql (member_tags_wide renders the tag's SQL and "
            ~ "must run after every model it reads).") }}
    {%- endfor -%}
{%- endmacro %}


{#- The SQL of one tag model, rendered in the calling model's context (its inputs were checked by
    tag_definitions()). -#}
{% macro tag_model_sql(node) -%}
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

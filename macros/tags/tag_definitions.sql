{#- The tag registry is the project graph itself. A tag model is a model under models/marts/tags/<dimension>/ that
    selects member_id plus one or more tag columns; every tag column carries `meta: {tag: {...}}` in the model's
    YAML (docs/tags.md). tag_definitions() reads those nodes and returns one dict per tag column:

        {code, model, column, name_en, name_zh, dimension, kind, value_type, allowed_values, refresh,
         multi_valued, history, description, unique_id}

    Optional fields: allowed_values (coded tags), multi_valued (default false), history (kept in the tag snapshot;
    default true for coded, string, boolean and date tags, false for uncoded numbers such as days-since counters,
    amounts and probabilities, which change every day by construction).

    sorted by dimension (in the order of tag_dimensions()), model and the column's position in the YAML.

    The graph only exists while dbt executes (`execute` is true); at parse time the macro returns []. It raises a
    compiler error naming the model, the column and the field when anything is missing or invalid, so an incomplete
    tag fails the build instead of silently disappearing from the tag tables. -#}

{#- Governed vocabularies of the tag meta (CONTRACTS-metrics.md). -#}
{% macro tag_dimensions() -%}
    {{ return(['channel_source', 'user_level', 'demographics', 'consumption', 'behaviour', 'lifecycle',
               'prediction', 'manual']) }}
{%- endmacro %}

{% macro tag_kinds() -%}
    {{ return(['fact', 'rule', 'statistic', 'model']) }}
{%- endmacro %}

{% macro tag_value_types() -%}
    {{ return(['string', 'integer', 'number', 'boolean', 'date']) }}
{%- endmacro %}

{% macro tag_refresh_values() -%}
    {{ return(['daily', 'weekly', 'monthly']) }}
{%- endmacro %}

{% macro tag_required_fields() -%}
    {{ return(['code', 'name_en', 'name_zh', 'dimension', 'kind', 'value_type', 'refresh']) }}
{%- endmacro %}

{#- The folder tag models live in, as fqn parts after the project name. -#}
{% macro tag_folder_fqn() -%}
    {{ return(['marts', 'tags']) }}
{%- endmacro %}


{#- True when a graph node is a tag model: a model under models/marts/tags/<dimension>/ (one folder deeper than
    the assembled tables member_tags_wide, member_tags_long and tag_catalog). -#}
{% macro is_tag_model(node) -%}
    {%- set folder = tag_folder_fqn() -%}
    {{ return(
        node.resource_type == 'model'
        and node.package_name == project_name
        and node.fqn | length == folder | length + 3
        and node.fqn[1:folder | length + 1] == folder
    ) }}
{%- endmacro %}


{#- The tag model nodes of the graph, sorted by name; [] at parse time. -#}
{% macro tag_model_nodes() -%}
    {%- set nodes = [] -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values() | sort(attribute='name') -%}
            {%- if is_tag_model(node) and node.config.enabled -%}
                {%- do nodes.append(node) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(nodes) }}
{%- endmacro %}


{% macro tag_definitions() -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}

    {%- set dimensions = tag_dimensions() -%}
    {%- set definitions = [] -%}
    {%- set codes_seen = {} -%}

    {#- meta.tag outside the tag folder would be silently ignored: refuse it. -#}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and not is_tag_model(node) -%}
        {%- for column in node.columns.values() if column.meta.get('tag') is not none -%}
            {{ exceptions.raise_compiler_error(
                "Tag meta outside the tag folder: model '" ~ node.name ~ "' (" ~ node.original_file_path
                ~ "), column '" ~ column.name ~ "' carries meta.tag, but tag models must live in models/"
                ~ tag_folder_fqn() | join('/') ~ "/<dimension>/.") }}
        {%- endfor -%}
    {%- endfor -%}

    {%- set input_unique_ids = tag_input_unique_ids() -%}
    {%- for node in tag_model_nodes() -%}
        {%- set model_label = "Tag model '" ~ node.name ~ "' (" ~ node.original_file_path ~ ")" -%}
        {%- set folder_dimension = node.fqn[-2] -%}
        {%- do check_tag_model_inputs(node, input_unique_ids) -%}

        {%- if node.columns | length == 0 -%}
            {{ exceptions.raise_compiler_error(
                model_label ~ " has no YAML: describe member_id and every tag column, each tag column with "
                ~ "meta.tag (fields " ~ tag_required_fields() | join(', ') ~ "); see docs/tags.md.") }}
        {%- endif -%}
        {%- if 'member_id' not in node.columns -%}
            {{ exceptions.raise_compiler_error(model_label ~ ": its YAML does not describe the column member_id.") }}
        {%- endif -%}
        {%- if folder_dimension not in dimensions -%}
            {{ exceptions.raise_compiler_error(
                model_label ~ ": folder '" ~ folder_dimension ~ "' is not a tag dimension; use one of "
                ~ dimensions | join(', ') ~ ".") }}
        {%- endif -%}

        {%- set model_tags = [] -%}
        {%- for column in node.columns.values() if column.name != 'member_id' -%}
            {%- set column_label = model_label ~ ", column '" ~ column.name ~ "'" -%}
            {%- set meta = column.meta.get('tag') -%}
            {%- if meta is none -%}
                {{ exceptions.raise_compiler_error(
                    column_label ~ ": missing field 'meta.tag' (every column but member_id is a tag; fields "
                    ~ tag_required_fields() | join(', ') ~ ").") }}
            {%- endif -%}
            {%- if meta is not mapping -%}
                {{ exceptions.raise_compiler_error(column_label ~ ": meta.tag must be a mapping of fields.") }}
            {%- endif -%}
            {%- for field in tag_required_fields() -%}
                {%- if meta.get(field) is none or meta.get(field) | string | trim == '' -%}
                    {{ exceptions.raise_compiler_error(column_label ~ ": missing field 'meta.tag." ~ field ~ "'.") }}
                {%- endif -%}
            {%- endfor -%}
            {%- set code = meta.code | string -%}
            {%- if not modules.re.match('^[a-z][a-z0-9_]{0,62}$', code) -%}
                {{ exceptions.raise_compiler_error(
                    column_label ~ ": field 'meta.tag.code' = '" ~ code ~ "' must be lower snake case "
                    ~ "([a-z][a-z0-9_]*, at most 63 characters): it becomes a column of member_tags_wide.") }}
            {%- endif -%}
            {%- if code in ['member_id', 'member_number'] -%}
                {{ exceptions.raise_compiler_error(
                    column_label ~ ": field 'meta.tag.code' = '" ~ code ~ "' is reserved.") }}
            {%- endif -%}
            {%- if code in codes_seen -%}
                {{ exceptions.raise_compiler_error(
                    column_label ~ ": field 'meta.tag.code' = '" ~ code ~ "' is already used by "
                    ~ codes_seen[code] ~ "; tag codes are unique.") }}
            {%- endif -%}
            {%- do codes_seen.update({code: node.name ~ '.' ~ column.name}) -%}
            {%- for field, allowed in [('dimension', dimensions), ('kind', tag_kinds()),
                                       ('value_type', tag_value_types()), ('refresh', tag_refresh_values())] -%}
                {%- if meta[field] not in allowed -%}
                    {{ exceptions.raise_compiler_error(
                        column_label ~ ": field 'meta.tag." ~ field ~ "' = '" ~ meta[field] ~ "' is not one of "
                        ~ allowed | join(', ') ~ ".") }}
                {%- endif -%}
            {%- endfor -%}
            {%- if meta.dimension != folder_dimension -%}
                {{ exceptions.raise_compiler_error(
                    column_label ~ ": field 'meta.tag.dimension' = '" ~ meta.dimension ~ "' does not match the "
                    ~ "model's folder '" ~ folder_dimension ~ "'.") }}
            {%- endif -%}
            {%- set multi_valued = meta.get('multi_valued', false) -%}
            {%- if multi_valued not in [true, false] -%}
                {{ exceptions.raise_compiler_error(
                    column_label ~ ": field 'meta.tag.multi_valued' must be true or false.") }}
            {%- endif -%}
            {%- if multi_valued and meta.value_type != 'string' -%}
                {{ exceptions.raise_compiler_error(
                    column_label ~ ": field 'meta.tag.multi_valued' is true, so 'meta.tag.value_type' must be "
                    ~ "string (values joined with '|').") }}
            {%- endif -%}
            {%- set allowed_values = meta.get('allowed_values') -%}
            {%- if allowed_values is not none -%}
                {%- if allowed_values is string or allowed_values is mapping or allowed_values is not iterable
                       or allowed_values | length == 0 -%}
                    {{ exceptions.raise_compiler_error(
                        column_label ~ ": field 'meta.tag.allowed_values' must be a non-empty list (or absent "
                        ~ "for an uncoded tag).") }}
                {%- endif -%}
                {%- for value in allowed_values -%}
                    {%- set yaml_type_ok = (value is string) if meta.value_type in ['string', 'date']
                        else (value is number and value is not boolean) if meta.value_type in ['integer', 'number']
                        else (value is boolean or value in ['true', 'false']) -%}
                    {%- if not yaml_type_ok -%}
                        {{ exceptions.raise_compiler_error(
                            column_label ~ ": field 'meta.tag.allowed_values' holds " ~ value ~ ", which YAML reads as "
                            ~ "a different type than value_type '" ~ meta.value_type ~ "'; quote it ('" ~ value
                            ~ "') or fix value_type (YAML reads 18_24 as the number 1824).") }}
                    {%- endif -%}
                {%- endfor -%}
                {%- set allowed_values = allowed_values | map('string') | map('lower' if meta.value_type == 'boolean' else 'string') | list -%}
                {%- for value in allowed_values if '|' in value -%}
                    {{ exceptions.raise_compiler_error(
                        column_label ~ ": field 'meta.tag.allowed_values' holds '" ~ value ~ "'; '|' separates "
                        ~ "the values of a multi-valued tag and cannot be part of a value.") }}
                {%- endfor -%}
            {%- endif -%}
            {%- set history = meta.get('history', allowed_values is not none or meta.value_type in
                                       ['string', 'boolean', 'date']) -%}
            {%- if history not in [true, false] -%}
                {{ exceptions.raise_compiler_error(
                    column_label ~ ": field 'meta.tag.history' must be true or false.") }}
            {%- endif -%}
            {%- do model_tags.append({
                'code': code,
                'model': node.name,
                'column': column.name,
                'name_en': meta.name_en | string,
                'name_zh': meta.name_zh | string,
                'dimension': meta.dimension,
                'kind': meta.kind,
                'value_type': meta.value_type,
                'allowed_values': allowed_values,
                'refresh': meta.refresh,
                'multi_valued': multi_valued,
                'history': history,
                'description': column.description,
                'unique_id': node.unique_id,
                'sort_key': '%02d' % dimensions.index(meta.dimension) ~ '|' ~ node.name ~ '|'
                    ~ '%04d' % loop.index,
            }) -%}
        {%- endfor -%}

        {%- if model_tags | length == 0 -%}
            {{ exceptions.raise_compiler_error(
                model_label ~ ": its YAML describes no tag column (a column with meta.tag).") }}
        {%- endif -%}
        {%- do definitions.extend(model_tags) -%}
    {%- endfor -%}

    {{ return(definitions | sort(attribute='sort_key')) }}
{%- endmacro %}


{#- Pre-hook of every tag model (dbt_project.yml): validates the tag meta of the whole project and renders
    nothing, so a tag model built on its own (dbt build -s tag_x) fails on incomplete meta too. -#}
{% macro check_tag_definitions() -%}
    {%- do tag_definitions() -%}
{%- endmacro %}

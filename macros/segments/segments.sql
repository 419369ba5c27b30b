{#- Segments are declared in one place: the `segments:` list in the meta of the model member_segments
    (models/marts/segments/_segments__definitions.yml). docs/segments.md explains the fields. -#}


{#- The meta of a model of this project, from the graph ({} while dbt parses the project, when there is no graph).
    Read through the graph rather than config.get so that unit tests can override the macros below. -#}
{% macro segment_model_meta(model_name) -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values()
            if node.resource_type == 'model' and node.name == model_name and node.package_name == project_name -%}
            {{ return(node.config.meta) }}
        {%- endfor -%}
    {%- endif -%}
    {{ return({}) }}
{%- endmacro %}


{#- The raw `segments:` list declared in the meta of member_segments. -#}
{% macro segment_definitions() -%}
    {{ return(member_tag_warehouse.segment_model_meta('member_segments').get('segments') or []) }}
{%- endmacro %}


{#- The portrait settings in the meta of segment_portrait: extra_portrait_tags, max_values_per_tag. -#}
{% macro segment_portrait_settings() -%}
    {%- set meta = member_tag_warehouse.segment_model_meta('segment_portrait') -%}
    {{ return({
        'extra_portrait_tags': meta.get('extra_portrait_tags') or [],
        'max_values_per_tag': meta.get('max_values_per_tag', 20),
    }) }}
{%- endmacro %}


{#- Checks every declared segment and compiles its rule against the tags. Returns one dict per segment:
    name, owner, description, holdout_share, channels, rule_sql, tag_codes, control_below (see segment_group).
    Raises one compilation error listing every problem of every segment, each naming the segment. -#}
{% macro compiled_segments(segments, tag_defs) -%}
    {%- set allowed_keys = ['name', 'owner', 'description', 'holdout_share', 'channels', 'rule'] -%}
    {%- set all_channels = ['wecom', 'sms'] -%}
    {%- set name_pattern = '^[a-z][a-z0-9_]{0,62}$' -%}
    {%- set errors = [] -%}
    {%- set seen_names = [] -%}
    {%- set compiled = [] -%}

    {%- if segments is string or segments is mapping or segments is not iterable -%}
        {{ exceptions.raise_compiler_error("meta.segments of member_segments must be a list of segments") }}
    {%- endif -%}

    {%- for segment in segments -%}
        {%- if segment is not mapping -%}
            {%- do errors.append("Segment #" ~ loop.index ~ ": expected a mapping with name, owner, description, "
                ~ "holdout_share and rule") -%}
            {%- continue -%}
        {%- endif -%}
        {%- set label = "Segment '" ~ segment.get('name') ~ "'" if segment.get('name') else "Segment #" ~ loop.index -%}

        {%- set unknown = segment.keys() | reject('in', allowed_keys) | list -%}
        {%- if unknown -%}
            {%- do errors.append(label ~ ": unknown key(s) " ~ (unknown | sort | join(', ')) ~ " (allowed: "
                ~ (allowed_keys | join(', ')) ~ ")") -%}
        {%- endif -%}
        {%- for key in ['name', 'owner', 'description'] -%}
            {%- if segment.get(key) is not string or not segment.get(key) | trim -%}
                {%- do errors.append(label ~ ": '" ~ key ~ "' is required (a non-empty string)") -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set name = segment.get('name') -%}
        {%- if name is string and name | trim -%}
            {%- if not modules.re.match(name_pattern, name) -%}
                {%- do errors.append(label ~ ": name must be lower_snake_case (a-z, 0-9, _; at most 63 characters)") -%}
            {%- elif name in seen_names -%}
                {%- do errors.append(label ~ ": declared twice; segment names are unique") -%}
            {%- endif -%}
            {%- do seen_names.append(name) -%}
        {%- endif -%}

        {%- set holdout_share = segment.get('holdout_share') -%}
        {%- if holdout_share is boolean or holdout_share is not number or holdout_share < 0 or holdout_share > 0.5 -%}
            {%- do errors.append(label ~ ": holdout_share must be a number from 0 to 0.5 (0 = no control group), got "
                ~ member_tag_warehouse._segment_show(holdout_share)) -%}
            {%- set holdout_share = 0 -%}
        {%- endif -%}

        {%- set channels = segment.get('channels', all_channels) -%}
        {%- if channels is string or channels is mapping or channels is not iterable
            or channels | reject('in', all_channels) | list -%}
            {%- do errors.append(label ~ ": channels must be a list drawn from " ~ (all_channels | join(', '))
                ~ ", got " ~ member_tag_warehouse._segment_show(channels)) -%}
            {%- set channels = [] -%}
        {%- endif -%}

        {%- if 'rule' not in segment -%}
            {%- do errors.append(label ~ ": 'rule' is required") -%}
            {%- continue -%}
        {%- endif -%}
        {%- set checked = member_tag_warehouse.segment_rule_check(label, segment['rule'], tag_defs) -%}
        {%- for message in checked.errors -%}
            {%- do errors.append(label ~ ", " ~ message) -%}
        {%- endfor -%}

        {#- control when the first 8 hex digits of the member's hash fall below holdout_share * 16^8 -#}
        {%- do compiled.append({
            'name': name,
            'owner': segment.get('owner'),
            'description': segment.get('description') | string | trim,
            'holdout_share': holdout_share,
            'channels': channels | list,
            'rule_sql': checked.sql,
            'tag_codes': checked.tag_codes,
            'control_below': '{:08x}'.format((holdout_share * 4294967296) | round | int),
        }) -%}
    {%- endfor -%}

    {%- if errors -%}
        {{ exceptions.raise_compiler_error("Invalid segment declaration(s) in meta.segments of member_segments:\n  - "
            ~ (errors | join('\n  - '))) }}
    {%- endif -%}
    {{ return(compiled) }}
{%- endmacro %}


{#- The names of the segments whose channels include `channel` (sms, wecom): what a restricted export
    (models/marts/activation) sends. -#}
{% macro segment_names_for_channel(channel) -%}
    {%- set names = [] -%}
    {%- for segment in compiled_segments(segment_definitions(), tag_definitions()) if channel in segment.channels -%}
        {%- do names.append(segment.name) -%}
    {%- endfor -%}
    {{ return(names) }}
{%- endmacro %}


{#- 'target' or 'control' for a member in a segment: a deterministic split on md5(member_id || '|' || segment), the
    same on every build and every engine (md5 is lowercase hex on DuckDB and Spark, so comparing the first eight hex
    digits as text compares them as numbers). -#}
{% macro segment_group(member_id_column, segment_name_sql, control_below) -%}
    case
        when substring({{ dbt.hash(dbt.concat([member_id_column, "'|'", segment_name_sql])) }}, 1, 8)
            < '{{ control_below }}'
            then 'control'
        else 'target'
    end
{%- endmacro %}


{#- The tags a segment portrait describes: every coded tag (with allowed_values), in tag_definitions() order, then
    the extra tag codes given (meta extra_portrait_tags of segment_portrait), which must exist. -#}
{% macro segment_portrait_tags(tag_defs, extra_codes=[]) -%}
    {%- set known = tag_defs | map(attribute='code') | list -%}
    {%- set codes = [] -%}
    {%- for tag in tag_defs if tag.get('allowed_values') -%}
        {%- do codes.append(tag['code']) -%}
    {%- endfor -%}
    {%- for code in extra_codes or [] -%}
        {%- if code not in known -%}
            {{ exceptions.raise_compiler_error("extra_portrait_tags of segment_portrait: unknown tag '" ~ code
                ~ "' (known tags: " ~ (known | sort | join(', ')) ~ ")") }}
        {%- endif -%}
        {%- if code not in codes -%}
            {%- do codes.append(code) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(codes) }}
{%- endmacro %}

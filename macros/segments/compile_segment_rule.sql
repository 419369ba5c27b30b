{#- The segment rule compiler (docs/segments.md). A rule is a tree: a condition {tag, op, value} or exactly one of
    {and: [nodes]}, {or: [nodes]}, {not: node}. It compiles to a SQL boolean over the columns of member_tags_wide
    (one column per tag, named by the tag code).

    NULL semantics are SQL's three-valued logic, kept on purpose: a condition on a member whose tag is NULL is
    NULL (unknown), NOT of unknown is unknown, and a member is selected only when the whole rule is TRUE. So
    `not: {tag: gender, op: '=', value: female}` and `{tag: gender, op: '!=', value: female}` both leave out
    members with no gender; say `or: [..., {tag: gender, op: is null}]` to keep them.

    Every problem in a rule is collected (with the path of the node, e.g. rule.and[1].not) and reported at once,
    naming the segment, as a compilation error. -#}


{#- The SQL boolean for one segment's rule, or a compilation error listing every problem in it.
    tag_defs: the list tag_definitions() returns (dicts with code, value_type, allowed_values, multi_valued).
    qualifier: optional table alias put before each tag column. -#}
{% macro compile_segment_rule(segment_name, rule, tag_defs, qualifier=none) -%}
    {%- set result = member_tag_warehouse.segment_rule_check(segment_name, rule, tag_defs, qualifier) -%}
    {%- if result.errors -%}
        {{ exceptions.raise_compiler_error(
            "Segment '" ~ segment_name ~ "' has an invalid rule:\n  - " ~ (result.errors | join('\n  - '))
        ) }}
    {%- endif -%}
    {{ return(result.sql) }}
{%- endmacro %}


{#- Compiles without raising: returns {sql, errors, tag_codes}, errors a list of 'path: message' strings (empty when
    the rule is valid; sql is then usable) and tag_codes the distinct tags the rule reads. -#}
{% macro segment_rule_check(segment_name, rule, tag_defs, qualifier=none) -%}
    {%- set tags_by_code = {} -%}
    {%- for tag in tag_defs -%}
        {%- do tags_by_code.update({tag['code']: tag}) -%}
    {%- endfor -%}
    {%- set errors = [] -%}
    {%- set tag_codes = [] -%}
    {%- set sql = member_tag_warehouse._segment_rule_node(
        rule, 'rule', tags_by_code, qualifier, errors, tag_codes, 0) -%}
    {{ return({'sql': sql, 'errors': errors, 'tag_codes': tag_codes}) }}
{%- endmacro %}


{#- One node of the tree. Appends to errors and tag_codes; returns the node's SQL (meaningless when errors). -#}
{% macro _segment_rule_node(node, path, tags_by_code, qualifier, errors, tag_codes, depth) -%}
    {%- set indent = '    ' * (depth + 1) -%}
    {%- set closing_indent = '    ' * depth -%}
    {%- if node is not mapping -%}
        {%- do errors.append(path ~ ": expected a condition {tag, op, value} or one of and/or/not, got "
            ~ member_tag_warehouse._segment_show(node)) -%}
        {{ return('') }}
    {%- endif -%}

    {%- set logical_keys = node.keys() | select('in', ['and', 'or', 'not']) | list -%}
    {%- set condition_keys = node.keys() | select('in', ['tag', 'op', 'value']) | list -%}
    {%- set unknown_keys = node.keys() | reject('in', ['and', 'or', 'not', 'tag', 'op', 'value']) | list -%}

    {%- if unknown_keys -%}
        {%- do errors.append(path ~ ": unknown key(s) " ~ (unknown_keys | sort | join(', '))
            ~ "; a node is a condition {tag, op, value} or one of and/or/not") -%}
        {{ return('') }}
    {%- elif logical_keys and condition_keys -%}
        {%- do errors.append(path ~ ": mixes " ~ (logical_keys | join('/')) ~ " with "
            ~ (condition_keys | join('/')) ~ "; nest the condition inside the list") -%}
        {{ return('') }}
    {%- elif logical_keys | length > 1 -%}
        {%- do errors.append(path ~ ": has both " ~ (logical_keys | sort | join(' and '))
            ~ "; a node is exactly one of and/or/not") -%}
        {{ return('') }}
    {%- elif not logical_keys and not condition_keys -%}
        {%- do errors.append(path ~ ": empty node; expected a condition {tag, op, value} or one of and/or/not") -%}
        {{ return('') }}
    {%- endif -%}

    {#- and / or: a non-empty list of nodes, joined -#}
    {%- if 'and' in logical_keys or 'or' in logical_keys -%}
        {%- set connective = logical_keys[0] -%}
        {%- set children = node[connective] -%}
        {%- if children is string or children is mapping or children is not iterable -%}
            {%- do errors.append(path ~ "." ~ connective ~ ": expected a list of nodes, got "
                ~ member_tag_warehouse._segment_show(children)) -%}
            {{ return('') }}
        {%- elif children | length == 0 -%}
            {%- do errors.append(path ~ "." ~ connective ~ ": empty list; give at least one node") -%}
            {{ return('') }}
        {%- endif -%}
        {%- set parts = [] -%}
        {%- for child in children -%}
            {%- do parts.append(member_tag_warehouse._segment_rule_node(
                child, path ~ "." ~ connective ~ "[" ~ loop.index0 ~ "]", tags_by_code, qualifier, errors, tag_codes,
                depth + 1)) -%}
        {%- endfor -%}
        {{ return("(\n" ~ indent ~ (parts | join("\n" ~ indent ~ connective ~ " ")) ~ "\n" ~ closing_indent ~ ")") }}
    {%- endif -%}

    {#- not: one node -#}
    {%- if 'not' in logical_keys -%}
        {%- set child = node['not'] -%}
        {%- if child is not mapping -%}
            {%- do errors.append(path ~ ".not: expected one node (a mapping), got "
                ~ member_tag_warehouse._segment_show(child)) -%}
            {{ return('') }}
        {%- endif -%}
        {%- set inner = member_tag_warehouse._segment_rule_node(
            child, path ~ ".not", tags_by_code, qualifier, errors, tag_codes, depth + 1) -%}
        {#- a condition gets its own parentheses, so `not` never depends on operator precedence -#}
        {%- set operand = inner if inner.startswith('(') else '(' ~ inner ~ ')' -%}
        {{ return("(\n" ~ indent ~ "not " ~ operand ~ "\n" ~ closing_indent ~ ")") }}
    {%- endif -%}

    {#- a condition -#}
    {{ return(member_tag_warehouse._segment_rule_condition(node, path, tags_by_code, qualifier, errors, tag_codes)) }}
{%- endmacro %}


{#- Operators each kind of tag accepts. Multi-valued tags (values joined with '|') take contains and the NULL tests. -#}
{% macro _segment_rule_operators(value_type, multi_valued) -%}
    {%- set null_tests = ['is null', 'is not null'] -%}
    {%- if multi_valued -%}
        {{ return(['contains'] + null_tests) }}
    {%- elif value_type == 'string' -%}
        {{ return(['=', '!=', 'in', 'not in'] + null_tests) }}
    {%- elif value_type == 'boolean' -%}
        {{ return(['=', '!='] + null_tests) }}
    {%- elif value_type in ['integer', 'number', 'date'] -%}
        {{ return(['=', '!=', 'in', 'not in', '>', '>=', '<', '<=', 'between'] + null_tests) }}
    {%- else -%}
        {{ return([]) }}
    {%- endif -%}
{%- endmacro %}


{% macro _segment_rule_condition(node, path, tags_by_code, qualifier, errors, tag_codes) -%}
    {%- set error_count = errors | length -%}
    {%- if 'tag' not in node -%}
        {%- do errors.append(path ~ ": condition without 'tag'") -%}
    {%- endif -%}
    {%- if 'op' not in node -%}
        {%- do errors.append(path ~ ": condition without 'op'") -%}
    {%- endif -%}
    {%- if errors | length > error_count -%}
        {{ return('') }}
    {%- endif -%}

    {%- set code = node['tag'] -%}
    {%- set op = (node['op'] | string | lower).split() | join(' ') -%}
    {%- if code not in tags_by_code -%}
        {%- do errors.append(path ~ ": unknown tag '" ~ code ~ "' (known tags: "
            ~ (tags_by_code.keys() | sort | join(', ')) ~ ")") -%}
        {{ return('') }}
    {%- endif -%}
    {%- set tag = tags_by_code[code] -%}
    {%- set value_type = tag['value_type'] -%}
    {%- set multi_valued = tag.get('multi_valued') or false -%}
    {%- set operators = member_tag_warehouse._segment_rule_operators(value_type, multi_valued) -%}
    {%- if code not in tag_codes -%}
        {%- do tag_codes.append(code) -%}
    {%- endif -%}

    {%- if op not in operators -%}
        {%- do errors.append(path ~ ": operator '" ~ node['op'] ~ "' does not fit tag '" ~ code ~ "' ("
            ~ ('multi-valued ' if multi_valued else '') ~ value_type ~ "); use one of " ~ (operators | join(', '))) -%}
        {{ return('') }}
    {%- endif -%}

    {%- set column = (qualifier ~ '.' if qualifier else '') ~ code -%}

    {#- the NULL tests take no value -#}
    {%- if op in ['is null', 'is not null'] -%}
        {%- if 'value' in node -%}
            {%- do errors.append(path ~ ": operator '" ~ op ~ "' takes no value") -%}
        {%- endif -%}
        {{ return(column ~ " " ~ op) }}
    {%- endif -%}

    {%- if 'value' not in node or node['value'] is none -%}
        {%- do errors.append(path ~ ": operator '" ~ op ~ "' needs a value"
            ~ ("; use 'is null' to select missing values" if op in ['=', '!='] else '')) -%}
        {{ return('') }}
    {%- endif -%}
    {%- set value = node['value'] -%}
    {%- set is_list = value is not string and value is not mapping and value is iterable -%}

    {#- in / not in: a non-empty list -#}
    {%- if op in ['in', 'not in'] -%}
        {%- if not is_list or value | length == 0 -%}
            {%- do errors.append(path ~ ": operator '" ~ op ~ "' needs a non-empty list of values, got "
                ~ member_tag_warehouse._segment_show(value)) -%}
            {{ return('') }}
        {%- endif -%}
        {%- set literals = [] -%}
        {%- for item in value -%}
            {%- do literals.append(member_tag_warehouse._segment_rule_literal(
                item, tag, path ~ ".value[" ~ loop.index0 ~ "]", errors)) -%}
        {%- endfor -%}
        {{ return(column ~ " " ~ op ~ " (" ~ (literals | join(', ')) ~ ")") }}
    {%- endif -%}

    {#- between: exactly two values, low <= high, both ends included -#}
    {%- if op == 'between' -%}
        {%- if not is_list or value | length != 2 -%}
            {%- do errors.append(path ~ ": operator 'between' needs a list of exactly two values [low, high], got "
                ~ member_tag_warehouse._segment_show(value)) -%}
            {{ return('') }}
        {%- endif -%}
        {%- set low = member_tag_warehouse._segment_rule_literal(value[0], tag, path ~ ".value[0]", errors) -%}
        {%- set high = member_tag_warehouse._segment_rule_literal(value[1], tag, path ~ ".value[1]", errors) -%}
        {%- if errors | length == error_count and (value[0] | string) != (value[1] | string)
            and ((value_type == 'date' and (value[0] | string) > (value[1] | string))
                 or (value_type != 'date' and value[0] > value[1])) -%}
            {%- do errors.append(path ~ ": between's low end " ~ value[0] ~ " is above its high end " ~ value[1]) -%}
        {%- endif -%}
        {{ return(column ~ " between " ~ low ~ " and " ~ high) }}
    {%- endif -%}

    {#- the rest take one value -#}
    {%- if is_list or value is mapping -%}
        {%- do errors.append(path ~ ": operator '" ~ op ~ "' takes one value, got "
            ~ member_tag_warehouse._segment_show(value)
            ~ ("; use 'in' for a list" if op in ['=', '!='] and not multi_valued else '')) -%}
        {{ return('') }}
    {%- endif -%}
    {%- set literal = member_tag_warehouse._segment_rule_literal(value, tag, path ~ ".value", errors) -%}

    {%- if op == 'contains' -%}
        {#- '|a|b|c|' contains '|b|': exact element match, no partial hits ('b' does not match 'bb') -#}
        {%- if value is string and '|' in value -%}
            {%- do errors.append(path ~ ": a value of multi-valued tag '" ~ code ~ "' cannot contain '|'") -%}
        {%- endif -%}
        {#- position(x in y) is the SQL-standard form dbt.position renders, which DuckDB and Spark both parse; the
            case keeps a NULL tag NULL (DuckDB's concat would turn it into '||' and the test into false) -#}
        {%- set needle = member_tag_warehouse.segment_string_literal('|' ~ value ~ '|') -%}
        {%- set haystack = dbt.concat(["'|'", column, "'|'"]) | trim -%}
        {{ return("case when " ~ column ~ " is not null then position(" ~ needle ~ " in " ~ haystack ~ ") > 0 end") }}
    {%- endif -%}

    {{ return(column ~ " " ~ op ~ " " ~ literal) }}
{%- endmacro %}


{#- One value as a SQL literal of the tag's type, checked against the type and the tag's allowed values. -#}
{% macro _segment_rule_literal(value, tag, path, errors) -%}
    {%- set value_type = tag['value_type'] -%}
    {%- set allowed = tag.get('allowed_values') or [] -%}
    {%- set shown = member_tag_warehouse._segment_show(value) -%}
    {%- set date_pattern = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' -%}

    {%- if value is none -%}
        {%- do errors.append(path ~ ": NULL is not a value; use 'is null' or 'is not null'") -%}
        {{ return('') }}
    {%- elif tag.get('multi_valued') or value_type == 'string' -%}
        {%- if value is not string -%}
            {%- do errors.append(path ~ ": tag '" ~ tag['code'] ~ "' holds strings, got " ~ shown
                ~ " (quote it in the YAML)") -%}
            {{ return('') }}
        {%- endif -%}
        {%- set literal = member_tag_warehouse.segment_string_literal(value) -%}
    {%- elif value_type == 'boolean' -%}
        {%- if value is not boolean -%}
            {%- do errors.append(path ~ ": tag '" ~ tag['code'] ~ "' is boolean, got " ~ shown
                ~ " (write true or false, unquoted)") -%}
            {{ return('') }}
        {%- endif -%}
        {%- set literal = 'true' if value else 'false' -%}
    {%- elif value_type in ['integer', 'number'] -%}
        {%- if value is boolean or value is not number or (value_type == 'integer' and value != (value | int)) -%}
            {%- do errors.append(path ~ ": tag '" ~ tag['code'] ~ "' is " ~ value_type ~ ", got " ~ shown) -%}
            {{ return('') }}
        {%- endif -%}
        {%- set literal = (value | int | string) if value_type == 'integer' else (value | string) -%}
    {%- elif value_type == 'date' -%}
        {#- YAML may hand over an unquoted 2026-01-31 as a date object: its string form is the same -#}
        {%- set text = value | string -%}
        {%- if value is boolean or value is number or not modules.re.match(date_pattern, text) -%}
            {%- do errors.append(path ~ ": tag '" ~ tag['code'] ~ "' is a date, got " ~ shown
                ~ " (write 'YYYY-MM-DD')") -%}
            {{ return('') }}
        {%- endif -%}
        {%- set literal = "cast(" ~ member_tag_warehouse.segment_string_literal(text) ~ " as date)" -%}
    {%- else -%}
        {%- do errors.append(path ~ ": tag '" ~ tag['code'] ~ "' has an unsupported value_type '"
            ~ value_type ~ "'") -%}
        {{ return('') }}
    {%- endif -%}

    {#- booleans are fully checked by their type (allowed values 'true'/'false' would not match True) -#}
    {%- if value_type != 'boolean' and allowed and value not in allowed
        and (value | string) not in (allowed | map('string') | list) -%}
        {%- do errors.append(path ~ ": " ~ shown ~ " is not an allowed value of tag '" ~ tag['code'] ~ "' ("
            ~ (allowed | map('string') | join(', ')) ~ ")") -%}
    {%- endif -%}
    {{ return(literal) }}
{%- endmacro %}


{#- A value as it appears in an error message: JSON where possible (strings quoted), else its string form. -#}
{% macro _segment_show(value) -%}
    {{ return(tojson(value) or (value | string)) }}
{%- endmacro %}


{#- A string literal. DuckDB doubles a quote; Spark escapes quotes and backslashes with a backslash. -#}
{% macro segment_string_literal(value) -%}
    {{ return(adapter.dispatch('segment_string_literal', 'member_tag_warehouse')(value)) }}
{%- endmacro %}

{% macro default__segment_string_literal(value) -%}
    {{ return("'" ~ (value | string | replace('\\', '\\\\') | replace("'", "\\'")) ~ "'") }}
{%- endmacro %}

{% macro duckdb__segment_string_literal(value) -%}
    {{ return("'" ~ (value | string | replace("'", "''")) ~ "'") }}
{%- endmacro %}

{#- Every identifier seen in any source, one row per (identifier_type, scope, value), with a dense node_id for the
    graph algorithms, when and how often it was seen, and whether the blocklist or a manual correction bars it from
    linking anyone.

    The blocklist's patterns are read from the seed when the model runs (identity_blocklist_patterns()) and written
    into the SQL as constants: a regular expression taken from a column is compiled again for every row it is tried
    on (DuckDB: 200 s instead of 1 s for 1.7M mobiles against two patterns). -#}

{%- set blocklist_patterns = identity_blocklist_patterns() %}

with

-- the links are read twice, once per end, as two import CTEs: one CTE read twice would be materialized first
anchor_ends as (

    select
        anchor_type as identifier_type,
        anchor_scope as scope,
        anchor_value as value,
        edge_source,
        first_seen_at,
        last_seen_at
    from {{ ref('int_identity_links_unioned') }}

),

linked_ends as (

    select
        linked_type as identifier_type,
        linked_scope as scope,
        linked_value as value,
        edge_source,
        first_seen_at,
        last_seen_at
    from {{ ref('int_identity_links_unioned') }}
    where linked_value is not null

),

edge_sources_seen as (

    select distinct edge_source
    from {{ ref('int_identity_links_unioned') }}

),

blocklist as (

    select * from {{ ref('identity_blocklist') }}

),

manual_blocks as (

    select
        identifier_type,
        scope,
        value,
        reason,
        author
    from {{ ref('identity_manual_corrections') }}
    where action = 'block_value'

),

observations as (

    select * from anchor_ends
    union all
    select * from linked_ends

),

-- one bit per edge source (a few dozen sources, far below the 63 bits of a bigint): the number of sources that
-- assert an identifier is the number of bits set in the OR of its observations' bits, so a single aggregation
-- counts them (count(distinct), or a second aggregation per source, costs twice as much at millions of identifiers)
edge_source_bits as (

    select
        edge_source,
        cast(power(2, row_number() over (order by edge_source) - 1) as {{ dbt.type_bigint() }}) as source_bit
    from edge_sources_seen

),

identifiers as (

    select
        observations.identifier_type,
        observations.scope,
        observations.value,
        min(observations.first_seen_at) as first_seen_at,
        max(observations.last_seen_at) as last_seen_at,
        cast(bit_count(bit_or(edge_source_bits.source_bit)) as {{ dbt.type_bigint() }}) as edge_source_count,
        min(observations.edge_source) as first_edge_source
    from observations
    inner join edge_source_bits
        on observations.edge_source = edge_source_bits.edge_source
    group by observations.identifier_type, observations.scope, observations.value

),

blocklist_exact as (

    select
        identifier_type,
        lower(value) as value_lower,
        reason
    from blocklist
    where match_type = 'exact'

),

-- exact values: an equi-join on the lowercased value (a hash join, whatever the number of identifiers)
exact_matches as (

    select
        identifiers.identifier_type,
        identifiers.scope,
        identifiers.value,
        blocklist_exact.reason
    from identifiers
    inner join blocklist_exact
        on lower(identifiers.value) = blocklist_exact.value_lower
    where blocklist_exact.identifier_type = '*' or blocklist_exact.identifier_type = identifiers.identifier_type

),

-- patterns: one constant regular expression per blocklist row, tried only on identifiers of its type
pattern_matches as (

    {% for blocklisted in blocklist_patterns -%}
    select
        identifier_type,
        scope,
        value,
        '{{ blocklisted.reason }}' as reason
    from identifiers
    where
        {% if blocklisted.identifier_type != '*' -%}
        identifier_type = '{{ blocklisted.identifier_type }}'
        and {% endif -%}
        {{ regexp_full_match('value', blocklisted.pattern) }}
    {% if not loop.last %}union all
    {% endif %}
    {%- endfor %}
    {%- if blocklist_patterns | length == 0 -%}
    select
        identifier_type,
        scope,
        value,
        cast(null as {{ dbt.type_string() }}) as reason
    from identifiers
    where 1 = 0
    {%- endif %}

),

all_matches as (

    select * from exact_matches
    union all
    select * from pattern_matches

),

blocklist_matches as (

    select
        identifier_type,
        scope,
        value,
        min(reason) as block_reason
    from all_matches
    group by identifier_type, scope, value

),

-- node ids are numbered by (identifier type, scope, value): each type's block starts after the blocks of the types
-- before it, so one window per type does what one global sort would do, in parallel
type_offsets as (

    select
        identifier_type,
        sum(count(*)) over (order by identifier_type) - count(*) as node_id_offset
    from identifiers
    group by identifier_type

),

final as (

    select
        cast(type_offsets.node_id_offset + row_number() over (
            partition by identifiers.identifier_type order by identifiers.scope, identifiers.value
        ) as {{ dbt.type_bigint() }}) as node_id,
        identifiers.identifier_type,
        identifiers.scope,
        identifiers.value,
        {{ dbt.concat(['identifiers.identifier_type', "'|'", 'identifiers.scope', "'|'", 'identifiers.value']) }}
            as node_key,
        identifiers.first_seen_at,
        identifiers.last_seen_at,
        identifiers.edge_source_count,
        identifiers.first_edge_source,
        blocklist_matches.block_reason is not null or manual_blocks.value is not null as is_blocked,
        coalesce(
            blocklist_matches.block_reason,
            {{ dbt.concat(["'manual block by '", 'manual_blocks.author', "': '", 'manual_blocks.reason']) }}
        ) as block_reason
    from identifiers
    inner join type_offsets
        on identifiers.identifier_type = type_offsets.identifier_type
    left join blocklist_matches
        on identifiers.identifier_type = blocklist_matches.identifier_type
            and identifiers.scope = blocklist_matches.scope
            and identifiers.value = blocklist_matches.value
    left join manual_blocks
        on identifiers.identifier_type = manual_blocks.identifier_type
            and identifiers.scope = manual_blocks.scope
            and identifiers.value = manual_blocks.value

)

select * from final

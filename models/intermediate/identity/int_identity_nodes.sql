{#- Every identifier seen in any source, one row per (identifier_type, scope, value), with a dense node_id for the
    graph algorithms, when and how often it was seen, and whether the blocklist or a manual correction bars it from
    linking anyone. -#}

with

links as (

    select * from {{ ref('int_identity_links_unioned') }}

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

    select
        anchor_type as identifier_type,
        anchor_scope as scope,
        anchor_value as value,
        edge_source,
        first_seen_at,
        last_seen_at,
        row_count
    from links

    union all

    select
        linked_type as identifier_type,
        linked_scope as scope,
        linked_value as value,
        edge_source,
        first_seen_at,
        last_seen_at,
        row_count
    from links
    where linked_value is not null

),

identifiers as (

    select
        identifier_type,
        scope,
        value,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at,
        count(distinct edge_source) as edge_source_count,
        min(edge_source) as first_edge_source
    from observations
    group by identifier_type, scope, value

),

blocklist_matches as (

    select
        identifiers.identifier_type,
        identifiers.scope,
        identifiers.value,
        min(blocklist.reason) as block_reason
    from identifiers
    inner join blocklist
        on (blocklist.identifier_type = '*' or identifiers.identifier_type = blocklist.identifier_type)
            and (
                (blocklist.match_type = 'exact' and lower(identifiers.value) = lower(blocklist.value))
                or (
                    blocklist.match_type = 'pattern'
                    and {{ regexp_full_match_expression('identifiers.value', 'blocklist.value') }}
                )
            )
    group by identifiers.identifier_type, identifiers.scope, identifiers.value

),

final as (

    select
        row_number() over (
            order by identifiers.identifier_type, identifiers.scope, identifiers.value
        ) as node_id,
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

{#- Everything the identity resolution refused to use, and why: links cut by a guard (blocklist, manual split,
    degree cap), links refused by a per-member limit (alone or collectively within their tier), blocklisted
    identifiers, identifiers left without a member, and the manual force links that were applied. One row per
    finding; the ends are shown with the member each belongs to now. -#}

with

edges_guarded as (

    select * from {{ ref('int_identity_edges_guarded') }}

),

nodes as (

    select * from {{ ref('int_identity_nodes') }}

),

components as (

    select * from {{ ref('int_identity_components') }}

),

assignments as (

    select * from {{ ref('int_member_assignments') }}

),

{% for tier in [1, 2, 3] %}
tier_{{ tier }}_edges as (

    select * from {{ ref('int_identity_tier_' ~ tier ~ '_edges') }}

),

tier_{{ tier }}_components as (

    select * from {{ ref('int_identity_tier_' ~ tier ~ '_components') }}

),

tier_{{ tier }}_refusals as (

    select
        tier_{{ tier }}_edges.node_a,
        tier_{{ tier }}_edges.node_b,
        tier_{{ tier }}_edges.edge_source,
        case
            when tier_{{ tier }}_edges.limit_reason is not null then 'member_limit'
            else 'member_limit_collective'
        end as finding,
        coalesce(
            tier_{{ tier }}_edges.limit_reason,
            'member limit: the links of this tier together would break a limit'
        ) as reason
    from tier_{{ tier }}_edges
    inner join tier_{{ tier }}_components as components_a
        on tier_{{ tier }}_edges.node_a = components_a.node_id
    inner join tier_{{ tier }}_components as components_b
        on tier_{{ tier }}_edges.node_b = components_b.node_id
    where tier_{{ tier }}_edges.limit_reason is not null
        or components_a.component_id != components_b.component_id

),

{% endfor %}
edge_findings as (

    select
        node_a,
        node_b,
        edge_source,
        guard_status as finding,
        guard_reason as reason
    from edges_guarded
    where guard_status != 'kept'

    union all

    select
        node_a,
        node_b,
        edge_source,
        'manual_force_link' as finding,
        'applied manual force link' as reason
    from edges_guarded
    where edge_source = 'manual_force_link'

    {% for tier in [1, 2, 3] %}
    union all
    select
        node_a,
        node_b,
        edge_source,
        finding,
        reason
    from tier_{{ tier }}_refusals
    {% endfor %}

),

identifier_findings as (

    select
        node_id as node_a,
        cast(null as {{ dbt.type_bigint() }}) as node_b,
        cast(null as {{ dbt.type_string() }}) as edge_source,
        'blocklisted_identifier' as finding,
        block_reason as reason
    from nodes
    where is_blocked

    union all

    select
        nodes.node_id as node_a,
        cast(null as {{ dbt.type_bigint() }}) as node_b,
        cast(null as {{ dbt.type_string() }}) as edge_source,
        'unattached_identifier' as finding,
        'every link of this identifier was cut and it cannot stand for a member alone' as reason
    from nodes
    left join components
        on nodes.node_id = components.node_id
    where not nodes.is_blocked and components.node_id is null

),

findings as (

    select * from edge_findings
    union all
    select * from identifier_findings

),

final as (

    select
        {{ dbt.hash(dbt.concat([
            'findings.finding', "'|'", 'nodes_a.node_key', "'|'", "coalesce(nodes_b.node_key, '')", "'|'",
            "coalesce(findings.edge_source, '')"])) }} as audit_id,
        findings.finding,
        findings.reason,
        findings.edge_source,
        nodes_a.node_key as node_key_a,
        nodes_a.identifier_type as identifier_type_a,
        nodes_a.scope as scope_a,
        nodes_a.value as identifier_value_a,
        members_a.member_id as member_id_a,
        nodes_b.node_key as node_key_b,
        nodes_b.identifier_type as identifier_type_b,
        nodes_b.scope as scope_b,
        nodes_b.value as identifier_value_b,
        members_b.member_id as member_id_b
    from findings
    inner join nodes as nodes_a
        on findings.node_a = nodes_a.node_id
    left join nodes as nodes_b
        on findings.node_b = nodes_b.node_id
    left join assignments as members_a
        on findings.node_a = members_a.node_id
    left join assignments as members_b
        on findings.node_b = members_b.node_id

)

select * from final

{#- Connected components of an undirected graph, for identity resolution (OneID): every identifier that is linked,
    directly or through others, to another ends up with the same component_id, the smallest node_id of its component.

    Usage, in the body of a table model:

        {{ config(post_hook="{{ connected_components_drop_scratch() }}") }}
        {{ connected_components(ref('int_identity_edges'), ref('int_identity_nodes')) }}

    edges_relation has columns node_a, node_b (string node ids; an edge is undirected, self-loops and duplicates are
    harmless, a NULL end is ignored); nodes_relation (optional) has node_id and adds nodes without edges. The macro
    renders a SELECT of (node_id, component_id), one row per node. When the ids are integers already (OneID's dense
    node ids), pass integer_ids=true: they are used as keys as they are (component_id is then the numerically
    smallest node id), saving the cast to strings and the numbering on every engine.

    The graph is solved while the model is being compiled for execution (run, build, show): statements write scratch
    tables named <model>__cc_<invocation>_<part> in the model's schema (nodes with a key that sorts like the id,
    edges by key, and two label tables used in turn), and the model's SELECT reads the last labels. The
    post-hook drops them after the model is built; leftovers of a failed or `dbt show` invocation are dropped by the
    next execution of the same model. At parse and compile the macro renders an empty placeholder of the same shape.

    Algorithm: FastSV (Zhang, Azad and Hu, 2020), min-label propagation with pointer jumping. Every node keeps a parent
    pointer, initially its smallest neighbour (or itself). Each round, with gp(v) = parent(parent(v)) and mngp(v) the
    smallest gp over v's neighbours, all at once:
      - shortcutting:        parent(v)         <- min(parent(v), gp(v))        (pointer jumping, halves paths)
      - aggressive hooking:  parent(v)         <- min(parent(v), mngp(v))      (label propagation)
      - stochastic hooking:  parent(parent(v)) <- min(parent(parent(v)), mngp(v))   (joins whole trees)
    A parent never increases and is always a node of the same component with parent(v) <= v. When a round changes no
    parent, every tree is a star (gp = parent) and neighbours share their parent, so each component points at its
    smallest node. Rounds grow with the logarithm of the longest path (a 1,000-node chain takes about a dozen), not with
    its length as plain label propagation would.

    On DuckDB the default method is instead one recursive CTE with USING KEY (connected_components_recursive_sql):
    plain min-label propagation from the nodes that changed only, no scratch tables. Same answer; `method` or var
    connected_components_method chooses ('auto', 'fastsv', 'recursive_cte'). -#}

{% macro connected_components(edges_relation, nodes_relation=none, max_iterations=64, integer_ids=false,
    method=none) -%}
    {%- set method = method or var('connected_components_method', 'auto') -%}
    {%- if method not in ('auto', 'fastsv', 'recursive_cte') -%}
        {{ exceptions.raise_compiler_error(
            "connected_components(" ~ edges_relation ~ "): method '" ~ method ~ "' is not one of auto, fastsv, "
            ~ "recursive_cte (argument method or var connected_components_method)") }}
    {%- endif -%}
    {%- if method == 'auto' -%}
        {%- set method = member_tag_warehouse.connected_components_default_method() -%}
    {%- endif -%}
    {%- if method == 'recursive_cte' and target.type != 'duckdb' -%}
        {{ exceptions.raise_compiler_error(
            "connected_components(" ~ edges_relation ~ "): method 'recursive_cte' needs DuckDB (recursive CTE with "
            ~ "USING KEY); on " ~ target.type ~ " use fastsv") }}
    {%- endif -%}
    {%- if execute and flags.WHICH in ('run', 'build', 'show') -%}
        {%- if method == 'recursive_cte' -%}
            {{ return(member_tag_warehouse.connected_components_recursive_sql(
                edges_relation, nodes_relation, integer_ids)) }}
        {%- endif -%}
        {{ return(member_tag_warehouse.connected_components_solve(
            edges_relation, nodes_relation, max_iterations, integer_ids)) }}
    {%- endif -%}
    {#- Parse, compile, docs: nothing is executed, so render a valid empty SELECT of the right shape. -#}
    {%- set id_type = dbt.type_bigint() if integer_ids else dbt.type_string() %}
    select
        cast(null as {{ id_type }}) as node_id,
        cast(null as {{ id_type }}) as component_id
    from (select 1 as placeholder) as connected_components_placeholder
    where 1 = 0
{%- endmacro %}


{#- The method 'auto' stands for: the recursive CTE on DuckDB, FastSV elsewhere. -#}
{% macro connected_components_default_method() -%}
    {{ return(adapter.dispatch('connected_components_default_method', 'member_tag_warehouse')()) }}
{%- endmacro %}

{% macro default__connected_components_default_method() -%}
    {{ return('fastsv') }}
{%- endmacro %}

{% macro duckdb__connected_components_default_method() -%}
    {{ return('recursive_cte') }}
{%- endmacro %}


{#- DuckDB's fast path: min-label propagation as one recursive CTE with USING KEY. The CTE keeps one row per node
    (its current label); each iteration reads only the nodes whose label dropped in the previous one (the working
    table), offers their label to their neighbours and keeps an offer only where it is smaller than the neighbour's
    current label (read from the whole keyed table, `recurring`). Labels only ever decrease, so it always terminates,
    with every node labelled by the smallest id of its component: the same answer as FastSV. Iterations grow with the
    longest shortest path of a component rather than its logarithm, but each touches only the nodes that changed,
    which for identity graphs (small components) is far less work than FastSV's full rounds (1M members: 2.4 s
    instead of 4.4 s for tier 1). On a long chain or a giant component FastSV is faster (docs/identity.md). One
    statement, no scratch tables. -#}
{% macro connected_components_recursive_sql(edges_relation, nodes_relation, integer_ids=false) -%}
    with recursive

    edges as (
        {{ member_tag_warehouse.connected_components_directed_edges_sql(edges_relation, integer_ids) }}
    ),

    nodes as (
        {{ member_tag_warehouse.connected_components_node_ids_sql(edges_relation, nodes_relation, integer_ids) }}
    ),

    smallest_neighbours as (
        select
            source_id as node_id,
            min(target_id) as smallest_neighbour_id
        from edges
        group by source_id
    ),

    labels (node_id, component_id) using key (node_id) as (
        select
            nodes.node_id,
            case
                when smallest_neighbours.smallest_neighbour_id < nodes.node_id
                    then smallest_neighbours.smallest_neighbour_id
                else nodes.node_id
            end as component_id
        from nodes
        left join smallest_neighbours
            on nodes.node_id = smallest_neighbours.node_id

        union

        select
            edges.target_id as node_id,
            min(changed.component_id) as component_id
        from labels as changed
        inner join edges
            on changed.node_id = edges.source_id
        inner join recurring.labels as current_labels
            on edges.target_id = current_labels.node_id
        where changed.component_id < current_labels.component_id
        group by edges.target_id
    )

    select
        node_id,
        component_id
    from labels
{%- endmacro %}


{#- Runs the rounds and returns the SELECT over the final labels. -#}
{% macro connected_components_solve(edges_relation, nodes_relation, max_iterations, integer_ids=false) -%}
    {%- set materialized = config.get('materialized') -%}
    {%- if materialized in ('view', 'ephemeral') -%}
        {{ exceptions.raise_compiler_error(
            'connected_components(' ~ edges_relation ~ ') in model ' ~ this ~ ' reads scratch tables that its '
            ~ 'post-hook drops: materialize the model as a table or incremental model, not as a '
            ~ materialized ~ '.') }}
    {%- endif -%}
    {%- if flags.WHICH != 'show'
        and 'connected_components_drop_scratch' not in member_tag_warehouse.connected_components_post_hook_sql() -%}
        {{ exceptions.raise_compiler_error(
            'connected_components(' ~ edges_relation ~ ') in model ' ~ this ~ ' needs the post-hook that drops its '
            ~ 'scratch tables: {{ config(post_hook="{{ connected_components_drop_scratch() }}") }}') }}
    {%- endif -%}

    {%- set scratch = member_tag_warehouse.connected_components_scratch_relations() -%}
    {%- do member_tag_warehouse.connected_components_drop_stale_scratch() -%}
    {%- do adapter.create_schema(scratch.edges) -%}

    {#- Every node (an end of an edge, or listed in nodes_relation) with a key that sorts like its id. -#}
    {%- call statement('connected_components_nodes') -%}
        {{ member_tag_warehouse.connected_components_create_table(
            scratch.nodes, member_tag_warehouse.connected_components_nodes_sql(edges_relation, nodes_relation, integer_ids)) }}
    {%- endcall -%}

    {#- The undirected edges by key, both directions, distinct, without self-loops. -#}
    {%- call statement('connected_components_edges') -%}
        {{ member_tag_warehouse.connected_components_create_table(
            scratch.edges, member_tag_warehouse.connected_components_edges_sql(edges_relation, scratch.nodes, integer_ids)) }}
    {%- endcall -%}

    {#- Every node pointing at its smallest neighbour or itself. -#}
    {%- call statement('connected_components_labels_0') -%}
        {{ member_tag_warehouse.connected_components_create_table(
            scratch.labels_a, member_tag_warehouse.connected_components_initial_sql(scratch.nodes, scratch.edges)) }}
    {%- endcall -%}

    {%- set state = {'current': scratch.labels_a, 'next': scratch.labels_b, 'rounds': 0, 'converged': false} -%}
    {%- for round in range(1, max_iterations + 1) if not state.converged -%}
        {%- do adapter.drop_relation(state.next) -%}
        {%- call statement('connected_components_round') -%}
            {{ member_tag_warehouse.connected_components_create_table(
                state.next, member_tag_warehouse.connected_components_round_sql(state.current, scratch.edges)) }}
        {%- endcall -%}
        {%- set changed = run_query('select count(*) as changed_nodes from ' ~ state.next ~ ' where is_changed')
            .columns[0].values()[0] -%}
        {%- do state.update({'current': state.next, 'next': state.current, 'rounds': round,
            'converged': changed == 0}) -%}
    {%- endfor -%}

    {%- if not state.converged -%}
        {%- do member_tag_warehouse.connected_components_drop_scratch() -%}
        {{ exceptions.raise_compiler_error(
            'connected_components: the graph of ' ~ edges_relation ~ ' (model ' ~ this ~ ') did not converge within '
            ~ max_iterations ~ ' iterations; raise max_iterations.') }}
    {%- endif -%}
    {%- do adapter.drop_relation(state.next) -%}
    {%- do log('connected_components: ' ~ edges_relation ~ ' converged in ' ~ state.rounds ~ ' rounds (model '
        ~ this ~ ')', info=true) -%}

    {%- set final_sql -%}
    {%- if integer_ids %}
    select
        node_key as node_id,
        parent_key as component_id
    from {{ state.current }}
    {%- else %}
    select
        nodes.node_id,
        components.node_id as component_id
    from {{ state.current }} as labels
    inner join {{ scratch.nodes }} as nodes
        on labels.node_key = nodes.node_key
    inner join {{ scratch.nodes }} as components
        on labels.parent_key = components.node_key
    {%- endif %}
    {%- endset -%}
    {{ return(final_sql) }}
{%- endmacro %}


{#- The model's post-hooks as one string, whatever shape the config holds them in. -#}
{% macro connected_components_post_hook_sql() -%}
    {%- set hooks = config.get('post_hook') or [] -%}
    {%- set hooks = [hooks] if hooks is string or hooks is mapping else hooks -%}
    {%- set texts = [] -%}
    {%- for hook in hooks -%}
        {%- do texts.append(hook if hook is string else (hook.sql if hook.sql is defined else hook['sql'])) -%}
    {%- endfor -%}
    {{ return(texts | join(' ')) }}
{%- endmacro %}


{#- Post-hook of every model calling connected_components(): drops this invocation's scratch tables. Renders no SQL. -#}
{% macro connected_components_drop_scratch() -%}
    {%- if execute -%}
        {%- for relation in member_tag_warehouse.connected_components_scratch_relations().values() -%}
            {%- do adapter.drop_relation(relation) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}


{#- The scratch tables of the current model and invocation, by part. -#}
{% macro connected_components_scratch_relations() -%}
    {%- set prefix = member_tag_warehouse.connected_components_scratch_prefix() ~ invocation_id.replace('-', '')[:12]
        ~ '_' -%}
    {%- set relations = {} -%}
    {%- for part in ('nodes', 'edges', 'labels_a', 'labels_b') -%}
        {%- do relations.update({part: api.Relation.create(
            database=this.database, schema=this.schema, identifier=prefix ~ part, type='table')}) -%}
    {%- endfor -%}
    {{ return(relations) }}
{%- endmacro %}

{% macro connected_components_scratch_prefix() -%}
    {{ return((this.identifier ~ '__cc_') | lower) }}
{%- endmacro %}


{#- Drops scratch tables of earlier invocations of this model (a failed run, or `dbt show`, which runs no hooks). -#}
{% macro connected_components_drop_stale_scratch() -%}
    {%- set prefix = member_tag_warehouse.connected_components_scratch_prefix() -%}
    {%- set current = member_tag_warehouse.connected_components_scratch_relations().values()
        | map(attribute='identifier') | map('lower') | list -%}
    {%- if adapter.check_schema_exists(this.database, this.schema) -%}
        {%- for name in member_tag_warehouse.connected_components_list_tables(prefix) -%}
            {%- if name | lower not in current -%}
                {%- do adapter.drop_relation(api.Relation.create(
                    database=this.database, schema=this.schema, identifier=name, type='table')) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}


{#- The names of the tables in the model's schema that start with `prefix` (lowercase). -#}
{% macro connected_components_list_tables(prefix) -%}
    {%- set matching = [] -%}
    {%- for name in adapter.dispatch('connected_components_table_names', 'member_tag_warehouse')() -%}
        {%- if (name | lower).startswith(prefix) -%}
            {%- do matching.append(name | lower) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(matching) }}
{%- endmacro %}

{% macro default__connected_components_table_names() -%}
    {%- set tables = run_query(
        "select table_name from information_schema.tables where table_schema = '" ~ this.schema ~ "'"
        ~ (" and table_catalog = '" ~ this.database ~ "'" if this.database else '')) -%}
    {{ return(tables.columns[0].values() | list) }}
{%- endmacro %}

{% macro spark__connected_components_table_names() -%}
    {#- show tables gives namespace, tableName, isTemporary. -#}
    {%- set tables = run_query('show tables in ' ~ this.schema) -%}
    {{ return(tables.columns[1].values() | list) }}
{%- endmacro %}


{#- create table <relation> as <sql>, in a format every engine's session can write. -#}
{% macro connected_components_create_table(relation, sql) -%}
    {{ return(adapter.dispatch('connected_components_create_table', 'member_tag_warehouse')(relation, sql)) }}
{%- endmacro %}

{% macro default__connected_components_create_table(relation, sql) -%}
    create table {{ relation }} as
    {{ sql }}
{%- endmacro %}

{% macro spark__connected_components_create_table(relation, sql) -%}
    create table {{ relation }}
    using parquet
    as
    {{ sql }}
{%- endmacro %}


{#- Every node once: an end of an edge or a row of nodes_relation, NULLs left out. -#}
{% macro connected_components_node_ids_sql(edges_relation, nodes_relation, integer_ids=false) -%}
    {%- set id_type = dbt.type_bigint() if integer_ids else dbt.type_string() %}
    select distinct node_id
    from (
        select cast(node_a as {{ id_type }}) as node_id
        from {{ edges_relation }}
        union all
        select cast(node_b as {{ id_type }}) as node_id
        from {{ edges_relation }}
        {%- if nodes_relation is not none %}
        union all
        select cast(node_id as {{ id_type }}) as node_id
        from {{ nodes_relation }}
        {%- endif %}
    ) as endpoints
    where node_id is not null
{%- endmacro %}


{% macro connected_components_nodes_sql(edges_relation, nodes_relation, integer_ids=false) -%}
    with

    nodes as (
        {{ member_tag_warehouse.connected_components_node_ids_sql(edges_relation, nodes_relation, integer_ids) }}
    )

    select
        node_id,
        {% if integer_ids %}node_id{% else %}{{ member_tag_warehouse.connected_components_node_key('node_id') }}{% endif %}
            as node_key
    from nodes
{%- endmacro %}


{#- A key for each node that orders like node_id, so the smallest key is the smallest id. DuckDB numbers the nodes
    (joins on integers are about three times faster than on strings); Spark keeps the id itself, because numbering
    needs one global sort in a single partition. -#}
{% macro connected_components_node_key(node_id) -%}
    {{ return(adapter.dispatch('connected_components_node_key', 'member_tag_warehouse')(node_id)) }}
{%- endmacro %}

{% macro default__connected_components_node_key(node_id) -%}
    row_number() over (order by {{ node_id }})
{%- endmacro %}

{% macro spark__connected_components_node_key(node_id) -%}
    {{ node_id }}
{%- endmacro %}


{#- Every undirected edge as two directed pairs (source_id, target_id), each once, without self-loops or NULL ends. -#}
{% macro connected_components_directed_edges_sql(edges_relation, integer_ids=false) -%}
    {%- set id_type = dbt.type_bigint() if integer_ids else dbt.type_string() %}
    select distinct
        source_id,
        target_id
    from (
        select
            cast(node_a as {{ id_type }}) as source_id,
            cast(node_b as {{ id_type }}) as target_id
        from {{ edges_relation }}
        union all
        select
            cast(node_b as {{ id_type }}) as source_id,
            cast(node_a as {{ id_type }}) as target_id
        from {{ edges_relation }}
    ) as both_directions
    where source_id is not null and target_id is not null and source_id <> target_id
{%- endmacro %}


{% macro connected_components_edges_sql(edges_relation, scratch_nodes, integer_ids=false) -%}
    with

    distinct_edges as (
        {{ member_tag_warehouse.connected_components_directed_edges_sql(edges_relation, integer_ids) }}
    )

    {%- if integer_ids %}
    -- integer ids are their own keys
    select
        source_id as source_key,
        target_id as target_key
    from distinct_edges
    {%- else %}
    select
        sources.node_key as source_key,
        targets.node_key as target_key
    from distinct_edges
    inner join {{ scratch_nodes }} as sources
        on distinct_edges.source_id = sources.node_id
    inner join {{ scratch_nodes }} as targets
        on distinct_edges.target_id = targets.node_id
    {%- endif %}
{%- endmacro %}


{% macro connected_components_initial_sql(scratch_nodes, scratch_edges) -%}
    with

    smallest_neighbours as (
        select
            source_key as node_key,
            min(target_key) as smallest_neighbour_key
        from {{ scratch_edges }}
        group by source_key
    )

    select
        nodes.node_key,
        case
            when smallest_neighbours.smallest_neighbour_key < nodes.node_key
                then smallest_neighbours.smallest_neighbour_key
            else nodes.node_key
        end as parent_key,
        true as is_changed
    from {{ scratch_nodes }} as nodes
    left join smallest_neighbours
        on nodes.node_key = smallest_neighbours.node_key
{%- endmacro %}


{#- One FastSV round over the parent pointers in `labels`; is_changed says whether a node's parent moved. -#}
{% macro connected_components_round_sql(labels, scratch_edges) -%}
    with

    parents as (
        select
            node_key,
            parent_key
        from {{ labels }}
    ),

    grandparents as (
        select
            child.node_key,
            child.parent_key,
            parent.parent_key as grandparent_key
        from parents as child
        inner join parents as parent
            on child.parent_key = parent.node_key
    ),

    smallest_neighbour_grandparents as (
        select
            edges.source_key as node_key,
            min(grandparents.grandparent_key) as smallest_neighbour_grandparent_key
        from {{ scratch_edges }} as edges
        inner join grandparents
            on edges.target_key = grandparents.node_key
        group by edges.source_key
    ),

    candidates as (
        -- shortcutting: a node moves up to its grandparent
        select
            node_key,
            grandparent_key as candidate_key
        from grandparents
        union all
        -- aggressive hooking: a node moves to the smallest grandparent among its neighbours
        select
            node_key,
            smallest_neighbour_grandparent_key as candidate_key
        from smallest_neighbour_grandparents
        union all
        -- stochastic hooking: a node's parent moves there too, taking its whole tree along
        select
            grandparents.parent_key as node_key,
            smallest_neighbour_grandparents.smallest_neighbour_grandparent_key as candidate_key
        from grandparents
        inner join smallest_neighbour_grandparents
            on grandparents.node_key = smallest_neighbour_grandparents.node_key
    ),

    new_parents as (
        select
            node_key,
            min(candidate_key) as parent_key
        from candidates
        group by node_key
    )

    select
        new_parents.node_key,
        new_parents.parent_key,
        new_parents.parent_key <> grandparents.parent_key as is_changed
    from new_parents
    inner join grandparents
        on new_parents.node_key = grandparents.node_key
{%- endmacro %}

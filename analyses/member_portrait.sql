{#- The individual portrait of one member (macros/tags/member_portrait.sql; docs/tags.md, "Portrait").
    dbt compile --select member_portrait --vars '{portrait_member_id: M0000000042}' writes the query to
    target/compiled/.../analyses/member_portrait.sql; or print it directly:
    dbt run-operation print_member_portrait --args '{member_id: M0000000042}' -#}
{{ member_portrait_sql(var('portrait_member_id', 'M0000000001')) }}

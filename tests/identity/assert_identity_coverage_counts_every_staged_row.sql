{#- identity_coverage counts exactly the rows of the staging models: its staged_rows equal the staged rows that
    the row-conservation model stg_quality__row_counts reports for the same table, and no order or event table is
    missing from it. Returns the tables that disagree. -#}

with

coverage as (

    select * from {{ ref('identity_coverage') }}

),

row_counts as (

    select
        {{ dbt.concat(['source_name', "'.'", 'table_name']) }} as source_table,
        staged_rows
    from {{ ref('stg_quality__row_counts') }}
    where {{ dbt.concat(['source_name', "'.'", 'table_name']) }}
        in ('tmall.trades', 'jd.orders', 'wechat.mp_orders', 'pos.receipts', 'wechat.events')

)

select
    row_counts.source_table,
    row_counts.staged_rows as staged_rows_in_row_counts,
    coverage.staged_rows as staged_rows_in_coverage
from row_counts
left join coverage
    on row_counts.source_table = coverage.source_table
where coverage.staged_rows is null or coverage.staged_rows != row_counts.staged_rows

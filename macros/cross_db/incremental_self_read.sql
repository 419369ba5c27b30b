{#- The previous contents of an incremental model that reads itself (`from {{ this }}`). On DuckDB (delete+insert)
    that is the table itself. Spark cannot INSERT OVERWRITE a table the same query reads (UNSUPPORTED_OVERWRITE.TABLE,
    the insert_overwrite strategy of int_member_registry), so there the table is first copied to
    <model>__previous (a Parquet table, replaced on every incremental run, when the model is compiled just before it
    runs) and the model reads the copy. Call it only inside `{% if is_incremental() %}`. -#}

{% macro incremental_previous_relation() -%}
    {{ return(adapter.dispatch('incremental_previous_relation', 'member_tag_warehouse')()) }}
{%- endmacro %}

{% macro default__incremental_previous_relation() -%}
    {{ return(this) }}
{%- endmacro %}

{% macro spark__incremental_previous_relation() -%}
    {%- set copy = this.incorporate(path={'identifier': this.identifier ~ '__previous'}) -%}
    {%- if execute -%}
        {%- do run_query('drop table if exists ' ~ copy) -%}
        {%- do run_query('create table ' ~ copy ~ ' using parquet as select * from ' ~ this) -%}
    {%- endif -%}
    {{ return(copy) }}
{%- endmacro %}

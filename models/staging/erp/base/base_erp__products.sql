{#- Every raw ERP product row, typed, with the reason it cannot be used (NULL when it can).
    stg_erp__products keeps the usable rows, one per SKU; stg_quality__quarantined_rows keeps the rest. -#}

with

raw_products as (

    select * from {{ source('erp', 'products') }}

),

typed as (

    select
        -- ids
        nullif(trim(raw_products.sku), '') as sku,
        nullif(trim(raw_products.model_code), '') as model_code,

        -- text
        nullif(trim(raw_products.product_name), '') as product_name,
        nullif(trim(raw_products.category), '') as category,
        nullif(trim(raw_products.colour), '') as colour,
        nullif(trim(raw_products.size), '') as size,

        -- numerics
        cast(raw_products.list_price as {{ type_money() }}) as list_price,

        -- dates
        {{ try_parse_date('trim(raw_products.launch_date)', 'yyyy-MM-dd') }} as launched_on,

        -- raw values kept for the quarantine checks
        trim(raw_products.sku) as raw_key,
        raw_products.launch_date as raw_launch_date,
        {{ columns_as_json(['sku', 'model_code', 'product_name', 'category', 'colour', 'size', 'list_price',
            'launch_date'], 'raw_products') }} as raw_record

    from raw_products

),

classified as (

    select
        *,
        case
            when sku is null then 'missing sku'
            when list_price is null then 'missing list price'
            when list_price < 0 then 'negative amount'
            when raw_launch_date is not null and trim(raw_launch_date) != '' and launched_on is null
                then 'unparseable launch date'
        end as quarantine_reason
    from typed

)

select * from classified

with

products as (

    select * from {{ ref('base_erp__products') }}
    where quarantine_reason is null

),

versions_ranked as (

    -- the product master has no version key: a repeated SKU keeps its latest launch, then a stable order
    select
        *,
        row_number() over (
            partition by sku
            order by launched_on desc, list_price desc, model_code asc, product_name asc, raw_record asc
        ) as version_rank
    from products

),

latest_versions as (

    select
        -- ids
        sku,
        model_code,

        -- text
        product_name,
        category,
        colour,
        size,

        -- numerics
        list_price,

        -- dates
        launched_on

    from versions_ranked
    where version_rank = 1

)

select * from latest_versions

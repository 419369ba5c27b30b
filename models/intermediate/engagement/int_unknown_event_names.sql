{#- Every event name the seed event_types does not know, with how often and since when it is tracked: unknown
    names get no AIPL stage (never guessed) and are reported here instead. Add a name to seeds/event_types.csv to
    give it a stage. All staged events count, whatever the as-of date: this is a data-quality report. -#}

with

events as (

    select * from {{ ref('stg_wechat__events') }}

),

event_total as (

    select count(*) as total_event_count
    from events

),

unknown_names as (

    select
        event_name,
        count(*) as event_count,
        count(distinct coalesce(openid, unionid)) as identifier_count,
        min(event_at) as first_seen,
        max(event_at) as last_seen
    from events
    where not is_known_event_name
    group by event_name

),

final as (

    select
        unknown_names.event_name,
        unknown_names.event_count,
        unknown_names.identifier_count,
        cast(unknown_names.event_count as {{ type_double() }})
        / event_total.total_event_count as event_share,
        unknown_names.first_seen,
        unknown_names.last_seen
    from unknown_names
    cross join event_total

)

select * from final

{#- The relation int_member_churn reads BG/NBD parameters from (docs/churn_model.md, "On Spark"):
    - DuckDB with var churn_parameters_source = 'fitted' (default): the Python model bgnbd_parameters, fitted on
      this build's own data;
    - any other engine (dbt-spark runs no Python models in session mode), or churn_parameters_source = 'seed':
      the seed bgnbd_parameters_fallback (written by `python -m tagwarehouse.bgnbd`).
    The ref is only rendered for the relation in use, so on Spark nothing refers to the disabled Python model. -#}

{% macro churn_parameters_are_fitted() -%}
    {%- set source = var('churn_parameters_source') -%}
    {%- if source not in ['fitted', 'seed'] -%}
        {{ exceptions.raise_compiler_error("var churn_parameters_source must be 'fitted' or 'seed', got '" ~ source ~ "'") }}
    {%- endif -%}
    {{ return(target.type == 'duckdb' and source == 'fitted') }}
{%- endmacro %}

{% macro churn_parameters_relation() -%}
    {%- if churn_parameters_are_fitted() -%}
        {{ ref('bgnbd_parameters') }}
    {%- else -%}
        {{ ref('bgnbd_parameters_fallback') }}
    {%- endif -%}
{%- endmacro %}

{#- P(alive) of BG/NBD or MBG/NBD as one portable SQL expression (case, exp, ln, arithmetic) over parameter and
    history columns, the formula of tagwarehouse.bgnbd.p_alive:
      BG/NBD  1 / (1 + [x > 0] a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x))
      MBG/NBD 1 / (1 + a / (b + x) ((alpha + T) / (alpha + t_x))^(r + x))
    written as a logistic of the log-odds; log-odds above 700 give 0 instead of overflowing exp(). -#}

{% macro bgnbd_p_alive_sql(model, r, alpha, a, b, x, t_x, age) -%}
    {%- set r, alpha, a, b = '(' ~ r ~ ')', '(' ~ alpha ~ ')', '(' ~ a ~ ')', '(' ~ b ~ ')' -%}
    {%- set x, t_x, age = '(' ~ x ~ ')', '(' ~ t_x ~ ')', '(' ~ age ~ ')' -%}
    {%- set shift = ' - 1' if model == 'bgnbd' else '' -%}
    {%- set log_odds -%}
        (ln({{ a }}) - ln({{ b }} + {{ x }}{{ shift }}) + ({{ r }} + {{ x }}) * (ln({{ alpha }} + {{ age }}) - ln({{ alpha }} + {{ t_x }})))
    {%- endset -%}
    {%- if model == 'bgnbd' -%}
        case when {{ x }} = 0 then 1.0 when {{ log_odds }} > 700 then 0.0 else 1.0 / (1.0 + exp({{ log_odds }})) end
    {%- else -%}
        case when {{ log_odds }} > 700 then 0.0 else 1.0 / (1.0 + exp({{ log_odds }})) end
    {%- endif -%}
{%- endmacro %}

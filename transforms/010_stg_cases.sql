-- stg_cases: one row per current (not withdrawn) case with its calendar and fiscal periods, WCO region,
-- RILO, shipping environment and route. Optional dimensions a Member left empty read 'not_given' (not
-- zero, and not 'unknown', which is a code of its own).
-- Grain: case. Key: case_key (stable within one build), or (member, case_ref).
SELECT
    row_number() OVER (ORDER BY c.reporting_member, c.case_ref) AS case_key,
    c.reporting_member AS member,
    c.case_ref,
    c.seizure_date,
    year(c.seizure_date) AS year,
    month(c.seizure_date) AS month,
    strftime(c.seizure_date, '%Y-%m') AS year_month,
    -- US fiscal year, October to September: FY2025 = October 2024 to September 2025.
    year(c.seizure_date) + CASE WHEN month(c.seizure_date) >= 10 THEN 1 ELSE 0 END AS fiscal_year,
    coalesce(c.wco_region, 'not_given') AS wco_region,
    coalesce(c.rilo, 'not_given') AS rilo,
    c.location_type,
    c.conveyance,
    coalesce(e.shipping_environment, 'other') AS shipping_environment,
    coalesce(c.traffic, 'not_given') AS traffic,
    coalesce(c.direction, 'not_given') AS direction,
    coalesce(c.customs_procedure, 'not_given') AS customs_procedure,
    coalesce(c.detection_method, 'not_given') AS detection_method,
    coalesce(c.concealment_method, 'not_given') AS concealment_method,
    c.procedure_initiation,
    coalesce(c.outcome, 'not_given') AS outcome,
    coalesce(c.origin_country, 'not_given') AS origin_country,
    coalesce(c.departure_country, 'not_given') AS departure_country,
    coalesce(c.destination_country, 'not_given') AS destination_country,
    coalesce(c.transit_countries, '') AS transit_countries,
    coalesce(c.departure_country, 'not_given') || '->' || coalesce(c.destination_country, 'not_given') AS route,
    coalesce(c.departure_country, 'not_given')
        || CASE WHEN coalesce(c.transit_countries, '') = '' THEN '' ELSE '->' || replace(c.transit_countries, '|', '->') END
        || '->' || coalesce(c.destination_country, 'not_given') AS route_transit,
    CASE WHEN c.small_consignment IS NULL THEN 'not_given' WHEN c.small_consignment THEN 'yes' ELSE 'no' END
        AS small_consignment,
    CASE WHEN c.ecommerce IS NULL THEN 'not_given' WHEN c.ecommerce THEN 'yes' ELSE 'no' END AS ecommerce
FROM current_cases c
LEFT JOIN conveyance_environments e ON e.conveyance = c.conveyance

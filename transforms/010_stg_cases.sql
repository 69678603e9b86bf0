-- stg_cases: one row per current (not withdrawn) case with its calendar and fiscal periods, WCO region,
-- RILO, shipping environment and route. Optional dimensions a Member left empty read 'not_given' (not
-- zero, and not 'unknown', which is a code of its own).
-- Grain: case. Key: case_key, or (member, case_ref). case_key is the row of the case's current version in
-- the store's `cases` table: unique and stable between two ingests, and it needs no sort of every case.
-- Built as a view: its columns are cheap expressions over the stored case, and a table of millions of
-- cases would cost more to write than every read of it together.
SELECT
    c.rowid AS case_key,
    c.reporting_member AS member,
    c.case_ref,
    c.seizure_date,
    year(c.seizure_date) AS year,
    month(c.seizure_date) AS month,
    strftime(c.seizure_date, '%Y-%m') AS year_month,
    -- US fiscal year, October to September: FY2025 = October 2024 to September 2025.
    year(c.seizure_date) + CASE WHEN month(c.seizure_date) >= 10 THEN 1 ELSE 0 END AS fiscal_year,
    coalesce(m.wco_region, 'not_given') AS wco_region,
    coalesce(m.rilo, 'not_given') AS rilo,
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
-- The rule of the store's current_cases view, read from the table itself so that its row can be the key.
FROM cases c
LEFT JOIN members m ON m.code = c.reporting_member
LEFT JOIN conveyance_environments e ON e.conveyance = c.conveyance
WHERE c.is_current AND NOT c.withdrawn

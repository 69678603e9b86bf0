-- ipr_type_lists: each list of IPR types a goods line carries ('trade_mark|design') with the types in it,
-- each once, and the bit of each type, so that the types of a case fit in one integer (ipr_type_mask in
-- case_line_totals). A handful of rows: lists are split here once instead of on every goods line.
-- Grain: ipr_types x ipr_type.
WITH lists AS (
    SELECT DISTINCT ipr_types FROM goods_lines WHERE ipr_types IS NOT NULL
), types AS (
    SELECT DISTINCT ipr_types, trim(t.ipr_type) AS ipr_type
    FROM (SELECT ipr_types, unnest(string_split(ipr_types, '|')) AS ipr_type FROM lists) t
    WHERE trim(t.ipr_type) <> ''
)
SELECT
    ipr_types,
    ipr_type,
    CASE WHEN bit < 64 THEN bit ELSE error('more than 64 IPR types: widen ipr_type_mask') END::UTINYINT AS bit
FROM (SELECT ipr_types, ipr_type, dense_rank() OVER (ORDER BY ipr_type) - 1 AS bit FROM types)

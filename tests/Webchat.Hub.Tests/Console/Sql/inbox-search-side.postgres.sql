-- @matching={ '3', '5', '8' } (DbType = Object)
-- @p='1001'
SELECT t."Id"
FROM "Tasks" AS t
WHERE t."Number" = ANY (@matching)
LIMIT @p

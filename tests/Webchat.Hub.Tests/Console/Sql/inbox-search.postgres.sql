-- @status='0'
-- @matching={ '3', '5', '8' } (DbType = Object)
-- @p3='51'
-- @p='0'
SELECT t."Id"
FROM "Tasks" AS t
WHERE t."Status" = @status AND t."Number" = ANY (@matching)
ORDER BY t."LastMessageId" DESC, t."Id" DESC
LIMIT @p3 OFFSET @p

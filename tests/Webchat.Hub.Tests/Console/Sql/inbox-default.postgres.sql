-- @status='0'
-- @p2='51'
-- @p='0'
SELECT t."Id"
FROM "Tasks" AS t
WHERE t."Status" = @status
ORDER BY t."LastMessageId" DESC, t."Id" DESC
LIMIT @p2 OFFSET @p

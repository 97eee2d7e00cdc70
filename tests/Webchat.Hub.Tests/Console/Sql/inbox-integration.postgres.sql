-- @status='0'
-- @integration='1'
-- @p3='51'
-- @p='0'
SELECT t."Id"
FROM "Tasks" AS t
WHERE t."Status" = @status AND t."IntegrationId" = @integration
ORDER BY t."LastMessageId" DESC, t."Id" DESC
LIMIT @p3 OFFSET @p

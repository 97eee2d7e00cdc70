-- @status='0'
-- @channel='telegram'
-- @p4='51'
-- @p='0'
SELECT t."Id"
FROM "Tasks" AS t
WHERE t."Status" = @status AND EXISTS (
    SELECT 1
    FROM "Chats" AS c
    WHERE c."Id" = t."ChatId" AND c."Channel" = @channel)
ORDER BY t."LastMessageId" DESC, t."Id" DESC
LIMIT @p4 OFFSET @p

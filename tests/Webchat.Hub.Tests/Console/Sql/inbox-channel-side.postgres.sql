-- @channel='telegram'
-- @p='1001'
SELECT t."Id"
FROM "Chats" AS c
INNER JOIN "Tasks" AS t ON c."Id" = t."ChatId"
WHERE c."Channel" = @channel
LIMIT @p

-- @status='0'
-- @p3='51'
-- @p='0'
SELECT t."Id"
FROM "Tasks" AS t
WHERE t."Status" = @status AND NOT EXISTS (
    SELECT 1
    FROM "TaskAssignments" AS t0
    WHERE t0."TaskId" = t."Id")
ORDER BY t."LastMessageId" DESC, t."Id" DESC
LIMIT @p3 OFFSET @p

-- @taskIds={ '10', '11', '12' } (DbType = Object)
-- @status='0'
-- @channel='telegram'
-- @employeeId='2'
SELECT t."Id", t."LastMessageId"
FROM "Tasks" AS t
WHERE t."Id" = ANY (@taskIds) AND t."Status" = @status AND EXISTS (
    SELECT 1
    FROM "Chats" AS c
    WHERE c."Id" = t."ChatId" AND c."Channel" = @channel) AND EXISTS (
    SELECT 1
    FROM "TaskAssignments" AS t0
    WHERE t0."TaskId" = t."Id" AND t0."EmployeeId" = @employeeId)

.param set @taskIds1 10
.param set @taskIds2 11
.param set @taskIds3 12
.param set @status 0
.param set @channel 'telegram'
.param set @employeeId 2

SELECT "t"."Id", "t"."LastMessageId"
FROM "Tasks" AS "t"
WHERE "t"."Id" IN (@taskIds1, @taskIds2, @taskIds3) AND "t"."Status" = @status AND EXISTS (
    SELECT 1
    FROM "Chats" AS "c"
    WHERE "c"."Id" = "t"."ChatId" AND "c"."Channel" = @channel) AND EXISTS (
    SELECT 1
    FROM "TaskAssignments" AS "t0"
    WHERE "t0"."TaskId" = "t"."Id" AND "t0"."EmployeeId" = @employeeId)

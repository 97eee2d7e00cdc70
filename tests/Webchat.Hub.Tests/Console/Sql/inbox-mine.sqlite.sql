.param set @status 0
.param set @employeeId 2
.param set @p4 51
.param set @p 0

SELECT "t"."Id"
FROM "Tasks" AS "t"
WHERE "t"."Status" = @status AND EXISTS (
    SELECT 1
    FROM "TaskAssignments" AS "t0"
    WHERE "t0"."TaskId" = "t"."Id" AND "t0"."EmployeeId" = @employeeId)
ORDER BY "t"."LastMessageId" DESC, "t"."Id" DESC
LIMIT @p4 OFFSET @p

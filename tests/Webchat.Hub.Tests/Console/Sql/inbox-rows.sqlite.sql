.param set @employeeId 2
.param set @ids1 10
.param set @ids2 11
.param set @ids3 12

SELECT "t"."Id", "t"."Number", "t"."Name", "t"."Status", "t"."IntegrationId", "c0"."Channel", "c"."Number", "c"."Name", "c"."LastName", "c"."Ico", "t"."LastMessageId", "t0"."EmployeeId", (
    SELECT COUNT(*)
    FROM "Messages" AS "m"
    WHERE "m"."TaskId" = "t"."Id" AND "m"."Direction" = 0 AND "m"."Id" > CASE
        WHEN "t2"."EmployeeId" IS NULL OR "t2"."TaskId" IS NULL THEN 0
        ELSE "t2"."LastReadMessageId"
    END)
FROM "Tasks" AS "t"
INNER JOIN "Contacts" AS "c" ON "t"."ContactId" = "c"."Id"
LEFT JOIN "Chats" AS "c0" ON "t"."ChatId" = "c0"."Id"
LEFT JOIN "TaskAssignments" AS "t0" ON "t"."Id" = "t0"."TaskId"
LEFT JOIN (
    SELECT "t1"."EmployeeId", "t1"."TaskId", "t1"."LastReadMessageId"
    FROM "TaskReads" AS "t1"
    WHERE "t1"."EmployeeId" = @employeeId
) AS "t2" ON "t"."Id" = "t2"."TaskId"
WHERE "t"."Id" IN (@ids1, @ids2, @ids3)

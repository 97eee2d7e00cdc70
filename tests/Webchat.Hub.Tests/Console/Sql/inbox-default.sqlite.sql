.param set @status 0
.param set @p2 51
.param set @p 0

SELECT "t"."Id"
FROM "Tasks" AS "t"
WHERE "t"."Status" = @status
ORDER BY "t"."LastMessageId" DESC, "t"."Id" DESC
LIMIT @p2 OFFSET @p

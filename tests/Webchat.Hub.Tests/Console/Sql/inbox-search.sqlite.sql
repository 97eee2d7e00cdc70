.param set @status 0
.param set @matching1 3
.param set @matching2 5
.param set @matching3 8
.param set @p3 51
.param set @p 0

SELECT "t"."Id"
FROM "Tasks" AS "t"
WHERE "t"."Status" = @status AND "t"."Number" IN (@matching1, @matching2, @matching3)
ORDER BY "t"."LastMessageId" DESC, "t"."Id" DESC
LIMIT @p3 OFFSET @p

.param set @p1 51
.param set @p 100

SELECT "t"."Id"
FROM "Tasks" AS "t"
ORDER BY "t"."LastMessageId" DESC, "t"."Id" DESC
LIMIT @p1 OFFSET @p

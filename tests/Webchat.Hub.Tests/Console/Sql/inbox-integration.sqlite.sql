.param set @status 0
.param set @integration 1
.param set @p3 51
.param set @p 0

SELECT "t"."Id"
FROM "Tasks" AS "t"
WHERE "t"."Status" = @status AND "t"."IntegrationId" = @integration
ORDER BY "t"."LastMessageId" DESC, "t"."Id" DESC
LIMIT @p3 OFFSET @p

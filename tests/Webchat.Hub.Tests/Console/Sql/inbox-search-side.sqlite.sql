.param set @matching1 3
.param set @matching2 5
.param set @matching3 8
.param set @p 1001

SELECT "t"."Id"
FROM "Tasks" AS "t"
WHERE "t"."Number" IN (@matching1, @matching2, @matching3)
LIMIT @p

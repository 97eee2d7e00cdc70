.param set @messageIds1 100
.param set @messageIds2 110
.param set @messageIds3 120

SELECT "m"."Id", substr("m"."Text", 0 + 1, 141), "m"."Direction", "m"."CreatedAt", (
    SELECT COUNT(*)
    FROM "MessageAttachments" AS "m0"
    WHERE "m"."Id" = "m0"."MessageId")
FROM "Messages" AS "m"
WHERE "m"."Id" IN (@messageIds1, @messageIds2, @messageIds3)

-- @messageIds={ '100', '110', '120' } (DbType = Object)
SELECT m."Id", substring(m."Text", 1, 141), m."Direction", m."CreatedAt", (
    SELECT count(*)::int
    FROM "MessageAttachments" AS m0
    WHERE m."Id" = m0."MessageId")
FROM "Messages" AS m
WHERE m."Id" = ANY (@messageIds)

WITH RECURSIVE "Found"("Channel", "Depth") AS (
    SELECT (SELECT "Channel" FROM "Chats" WHERE "Channel" IS NOT NULL ORDER BY "Channel" LIMIT 1), 1
    UNION ALL
    SELECT (SELECT c."Channel" FROM "Chats" c WHERE c."Channel" > f."Channel" ORDER BY c."Channel" LIMIT 1), f."Depth" + 1
    FROM "Found" f
    WHERE f."Channel" IS NOT NULL AND f."Depth" < 50
)
SELECT "Channel" AS "Value" FROM "Found" WHERE "Channel" IS NOT NULL

-- @employeeId='2'
-- @p='1001'
SELECT t."TaskId"
FROM "TaskAssignments" AS t
WHERE t."EmployeeId" = @employeeId
LIMIT @p

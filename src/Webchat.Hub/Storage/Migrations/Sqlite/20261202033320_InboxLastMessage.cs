using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Webchat.Hub.Storage.Migrations.Sqlite
{
    /// <summary>
    /// The inbox's order: each task's newest message id, kept by a trigger on <c>Messages</c> so the
    /// inbox's first page is an index read instead of a max over every task's messages.
    /// </summary>
    public partial class InboxLastMessage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LastMessageId",
                table: "Tasks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // The tasks already stored: their newest message, before the indexes are built over it.
            migrationBuilder.Sql("""
                UPDATE "Tasks" SET "LastMessageId" = coalesce((SELECT max(m."Id") FROM "Messages" m WHERE m."TaskId" = "Tasks"."Id"), 0);
                """);

            // Every write path (EF Core and the hand-written ingest SQL alike) keeps the task's newest
            // message; messages never move between tasks or get deleted, so inserts are all there is.
            migrationBuilder.Sql("""
                CREATE TRIGGER "Messages_TaskLast" AFTER INSERT ON "Messages" BEGIN
                    UPDATE "Tasks" SET "LastMessageId" = new."Id" WHERE "Id" = new."TaskId" AND "LastMessageId" < new."Id";
                END;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_LastMessageId_Id",
                table: "Tasks",
                columns: new[] { "LastMessageId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_Status_LastMessageId_Id",
                table: "Tasks",
                columns: new[] { "Status", "LastMessageId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "Messages_TaskLast";""");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_LastMessageId_Id",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_Status_LastMessageId_Id",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "LastMessageId",
                table: "Tasks");
        }
    }
}

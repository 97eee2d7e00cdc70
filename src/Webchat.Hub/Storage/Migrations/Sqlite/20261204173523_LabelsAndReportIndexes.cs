using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Webchat.Hub.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LabelsAndReportIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TaskLabels",
                columns: table => new
                {
                    TaskId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaskLabels", x => new { x.TaskId, x.Name });
                    table.ForeignKey(
                        name: "FK_TaskLabels_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_CompletedAt",
                table: "Tasks",
                column: "CompletedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_CreatedAt",
                table: "Tasks",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_CreatedAt_Direction_TaskId_AuthorEmployeeId",
                table: "Messages",
                columns: new[] { "CreatedAt", "Direction", "TaskId", "AuthorEmployeeId" });

            migrationBuilder.CreateIndex(
                name: "IX_TaskLabels_Name_TaskId",
                table: "TaskLabels",
                columns: new[] { "Name", "TaskId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TaskLabels");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_CompletedAt",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_CreatedAt",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Messages_CreatedAt_Direction_TaskId_AuthorEmployeeId",
                table: "Messages");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Webchat.Hub.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConsolePageIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tasks_ContactId",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_IntegrationId_Status",
                table: "Tasks");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_ContactId_Number",
                table: "Tasks",
                columns: new[] { "ContactId", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_IntegrationId_Status_LastMessageId_Id",
                table: "Tasks",
                columns: new[] { "IntegrationId", "Status", "LastMessageId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Chats_Channel",
                table: "Chats",
                column: "Channel");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tasks_ContactId_Number",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_IntegrationId_Status_LastMessageId_Id",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Chats_Channel",
                table: "Chats");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_ContactId",
                table: "Tasks",
                column: "ContactId");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_IntegrationId_Status",
                table: "Tasks",
                columns: new[] { "IntegrationId", "Status" });
        }
    }
}

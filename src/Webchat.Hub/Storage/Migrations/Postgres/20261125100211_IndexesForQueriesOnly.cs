using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Webchat.Hub.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class IndexesForQueriesOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Messages_AuthorContactId",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_AuthorEmployeeId",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Chats_CurrentTaskId",
                table: "Chats");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Messages_AuthorContactId",
                table: "Messages",
                column: "AuthorContactId");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_AuthorEmployeeId",
                table: "Messages",
                column: "AuthorEmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_Chats_CurrentTaskId",
                table: "Chats",
                column: "CurrentTaskId");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Webchat.Hub.Storage.Migrations.Postgres
{
    /// <summary>
    /// Full-text search: GIN indexes over the <c>tsvector</c> of messages' text and of contacts'
    /// names, e-mails and phones. They are expression indexes, so every write path keeps them
    /// current and the rows already stored are indexed when they are built. The expressions must
    /// stay exactly as <c>Search/SearchSql.cs</c> queries them.
    /// </summary>
    public partial class SearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The 'simple' configuration keeps every word as written (no stemming, any language). It
            // lowercases by the database's locale, which may be C (no Cyrillic case folding): the
            // text is lowercased by ICU first, "ё" read as "е", and punctuation inside e-mails,
            // phones and links made spaces, so the words match the ones the search looks for.
            migrationBuilder.Sql("""
                CREATE INDEX "IX_Messages_Search" ON "Messages" USING GIN (
                    to_tsvector('simple'::regconfig, translate(lower("Text" COLLATE "und-x-icu"), '@.+-_/:ё', '       е')));
                """);
            migrationBuilder.Sql("""
                CREATE INDEX "IX_Contacts_Search" ON "Contacts" USING GIN (
                    to_tsvector('simple'::regconfig, translate(lower(
                        coalesce("Name", '') || ' ' || coalesce("LastName", '') || ' ' || coalesce("Email", '') || ' ' || coalesce("Phone", '')
                        || ' ' || regexp_replace(coalesce("Phone", ''), '[^0-9]', '', 'g') COLLATE "und-x-icu"), '@.+-_/:ё', '       е')));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_Contacts_Search";""");
            migrationBuilder.Sql("""DROP INDEX "IX_Messages_Search";""");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Webchat.Hub.Storage.Migrations.Sqlite
{
    /// <summary>
    /// Full-text search (FTS5): messages' text, and contacts' names, e-mails and phones. Triggers
    /// keep both indexes in step with every write path (EF Core and the hand-written ingest SQL
    /// alike); the rows already stored are indexed here.
    /// </summary>
    public partial class SearchIndex : Migration
    {
        // unicode61 folds case (Cyrillic too); remove_diacritics folds Latin accents only, so "ё" is
        // indexed as "е" by the triggers (the search folds it the same way).
        private const string Tokenizer = "tokenize='unicode61 remove_diacritics 2'";

        // Digits only, so "+7 (999) 123-45-67" is found by "7999123".
        private const string NewPhoneDigits = """replace(replace(replace(replace(replace(replace(new."Phone", '+', ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', '')""";

        private static string Fold(string text) => $"replace(replace({text}, 'ё', 'е'), 'Ё', 'Е')";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // External content: the text stays in Messages only; the index refers to it by Id. What is
            // indexed is the folded text, so it is filled and emptied by these statements, never by 'rebuild'.
            migrationBuilder.Sql($"""
                CREATE VIRTUAL TABLE "MessageSearch" USING fts5("Text", content='Messages', content_rowid='Id', {Tokenizer});
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "Messages_SearchInsert" AFTER INSERT ON "Messages" BEGIN
                    INSERT INTO "MessageSearch"(rowid, "Text") VALUES (new."Id", {Fold("new.\"Text\"")});
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "Messages_SearchDelete" AFTER DELETE ON "Messages" BEGIN
                    INSERT INTO "MessageSearch"("MessageSearch", rowid, "Text") VALUES ('delete', old."Id", {Fold("old.\"Text\"")});
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "Messages_SearchUpdate" AFTER UPDATE OF "Text" ON "Messages" BEGIN
                    INSERT INTO "MessageSearch"("MessageSearch", rowid, "Text") VALUES ('delete', old."Id", {Fold("old.\"Text\"")});
                    INSERT INTO "MessageSearch"(rowid, "Text") VALUES (new."Id", {Fold("new.\"Text\"")});
                END;
                """);
            migrationBuilder.Sql($"""INSERT INTO "MessageSearch"(rowid, "Text") SELECT "Id", {Fold("\"Text\"")} FROM "Messages";""");

            // Contacts are few next to messages: the index keeps its own copy, with the phone's digits beside it.
            migrationBuilder.Sql($"""
                CREATE VIRTUAL TABLE "ContactSearch" USING fts5("Name", "LastName", "Email", "Phone", "PhoneDigits", {Tokenizer});
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "Contacts_SearchInsert" AFTER INSERT ON "Contacts" BEGIN
                    INSERT INTO "ContactSearch"(rowid, "Name", "LastName", "Email", "Phone", "PhoneDigits")
                    VALUES (new."Id", {Fold("new.\"Name\"")}, {Fold("new.\"LastName\"")}, new."Email", new."Phone", {NewPhoneDigits});
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "Contacts_SearchUpdate" AFTER UPDATE OF "Name", "LastName", "Email", "Phone" ON "Contacts" BEGIN
                    DELETE FROM "ContactSearch" WHERE rowid = old."Id";
                    INSERT INTO "ContactSearch"(rowid, "Name", "LastName", "Email", "Phone", "PhoneDigits")
                    VALUES (new."Id", {Fold("new.\"Name\"")}, {Fold("new.\"LastName\"")}, new."Email", new."Phone", {NewPhoneDigits});
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Contacts_SearchDelete" AFTER DELETE ON "Contacts" BEGIN
                    DELETE FROM "ContactSearch" WHERE rowid = old."Id";
                END;
                """);
            migrationBuilder.Sql($"""
                INSERT INTO "ContactSearch"(rowid, "Name", "LastName", "Email", "Phone", "PhoneDigits")
                SELECT "Id", {Fold("\"Name\"")}, {Fold("\"LastName\"")}, "Email", "Phone", {NewPhoneDigits.Replace("new.", "", StringComparison.Ordinal)} FROM "Contacts";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "Contacts_SearchDelete";""");
            migrationBuilder.Sql("""DROP TRIGGER "Contacts_SearchUpdate";""");
            migrationBuilder.Sql("""DROP TRIGGER "Contacts_SearchInsert";""");
            migrationBuilder.Sql("""DROP TABLE "ContactSearch";""");
            migrationBuilder.Sql("""DROP TRIGGER "Messages_SearchUpdate";""");
            migrationBuilder.Sql("""DROP TRIGGER "Messages_SearchDelete";""");
            migrationBuilder.Sql("""DROP TRIGGER "Messages_SearchInsert";""");
            migrationBuilder.Sql("""DROP TABLE "MessageSearch";""");
        }
    }
}

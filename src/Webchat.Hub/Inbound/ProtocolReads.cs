using System.Data.Common;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;
using Webchat.Protocol;

namespace Webchat.Hub.Inbound;

/// <summary>A provider's reads (<c>getTask</c>, <c>getContact</c>): one indexed lookup each, through <see cref="KeptReads"/>.</summary>
public sealed class ProtocolReads(KeptReads reads)
{
    private const string TaskSql = """
        SELECT t."Number", t."Status" FROM "Chats" c JOIN "Tasks" t ON t."Id" = c."CurrentTaskId"
        WHERE c."IntegrationId" = @integration AND c."ExternalId" = @external
        """;

    private const string ContactSql = """
        SELECT "Number" FROM "Contacts" WHERE "IntegrationId" = @integration AND "ExternalId" = @external
        """;

    /// <summary>The chat's current task, or null when the integration has no such chat.</summary>
    public Task<TaskNumberData?> TaskAsync(int integrationId, string chatId, CancellationToken cancellationToken) =>
        reads.ReadAsync(TaskSql, Bind(integrationId, chatId), reader => new TaskNumberData(reader.GetInt64(0), reader.GetInt32(1) == (int)ChatTaskStatus.Active), cancellationToken);

    /// <summary>The contact's number, or null when the integration has no such contact.</summary>
    public async Task<long?> ContactNumberAsync(int integrationId, string contactId, CancellationToken cancellationToken) =>
        (await reads.ReadAsync(ContactSql, Bind(integrationId, contactId), reader => new ContactNumberData(reader.GetInt64(0)), cancellationToken))?.Number;

    private static Action<DbCommand> Bind(int integrationId, string external) => command =>
    {
        command.Set("integration", integrationId);
        command.Set("external", external);
    };
}

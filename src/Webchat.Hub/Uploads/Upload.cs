namespace Webchat.Hub.Uploads;

/// <summary>A file an employee uploaded with a reply, kept on disk and served at <c>/files/{Id}/{Name}</c>.</summary>
public sealed class Upload
{
    /// <summary>128 random bits as hex: the secret that makes the file's URL unguessable.</summary>
    public required string Id { get; set; }

    public required string Name { get; set; }

    public required string ContentType { get; set; }

    public long Length { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

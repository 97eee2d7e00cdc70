using System.Threading.Channels;

namespace Webchat.DemoProvider.Conversations;

/// <summary>
/// One visitor's chat: who they said they are, the last lines, and the pages that have it open.
/// Bounded: the oldest lines go first, and a slow page loses its oldest unsent lines (a reload shows them).
/// </summary>
public sealed class Conversation(string chatId, string contactId, DateTimeOffset created)
{
    public const int MaxEntries = 200;
    public const int MaxPages = 10;
    private const int PageBuffer = 100;

    private readonly Lock _lock = new();
    private readonly List<ChatEntry> _entries = [];
    private readonly List<Channel<ChatEntry>> _pages = [];
    private readonly HashSet<string> _readReported = new(StringComparer.Ordinal);
    private long _nextId = 1;

    /// <summary>The chat's id at the hub (<c>chatId</c>).</summary>
    public string ChatId { get; } = chatId;

    /// <summary>The visitor's id at the hub (<c>contactId</c>).</summary>
    public string ContactId { get; } = contactId;

    public VisitorDetails Visitor { get; private set; } = new(null, null, null);

    /// <summary>True once the hub has a task for this chat: the title goes with the first message only.</summary>
    public bool Started { get; private set; }

    public DateTimeOffset LastActivity { get; private set; } = created;

    /// <summary>True until the visitor comes back with their cookie (or the hub names the chat): such a conversation may be pushed out by others like it.</summary>
    public bool Anonymous { get; private set; } = true;

    public void MarkKnown()
    {
        lock (_lock)
        {
            Anonymous = false;
        }
    }

    public void Introduce(VisitorDetails visitor)
    {
        lock (_lock)
        {
            Visitor = visitor;
        }
    }

    public void MarkStarted()
    {
        lock (_lock)
        {
            Started = true;
        }
    }

    /// <summary>Adds a line and sends it to every open page.</summary>
    public ChatEntry Add(Func<long, ChatEntry> create, DateTimeOffset now)
    {
        lock (_lock)
        {
            var entry = create(_nextId++);
            _entries.Add(entry);
            if (_entries.Count > MaxEntries)
            {
                _entries.RemoveAt(0);
            }

            LastActivity = now;
            foreach (var page in _pages)
            {
                page.Writer.TryWrite(entry);
            }

            return entry;
        }
    }

    public IReadOnlyList<ChatEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>A page opens the chat: it gets every line so far, then each new one, with nothing in between lost.</summary>
    public (IReadOnlyList<ChatEntry> Snapshot, ChannelReader<ChatEntry> Live, Action Close) Open()
    {
        var page = Channel.CreateBounded<ChatEntry>(new BoundedChannelOptions(PageBuffer) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_lock)
        {
            _pages.Add(page);
            if (_pages.Count > MaxPages)
            {
                _pages[0].Writer.TryComplete();
                _pages.RemoveAt(0);
            }

            return ([.. _entries], page.Reader, () => Close(page));
        }
    }

    /// <summary>True when the employee's message <paramref name="hubMessageId"/> is in this conversation.</summary>
    public bool HasEmployeeMessage(string hubMessageId)
    {
        lock (_lock)
        {
            return _entries.Any(e => e.HubMessageId == hubMessageId);
        }
    }

    /// <summary>True the first time the employee's message <paramref name="hubMessageId"/> is reported read.</summary>
    public bool TryMarkRead(string hubMessageId)
    {
        lock (_lock)
        {
            return _readReported.Add(hubMessageId);
        }
    }

    /// <summary>The read report did not reach the hub: it may be sent again.</summary>
    public void UnmarkRead(string hubMessageId)
    {
        lock (_lock)
        {
            _readReported.Remove(hubMessageId);
        }
    }

    private void Close(Channel<ChatEntry> page)
    {
        lock (_lock)
        {
            _pages.Remove(page);
        }

        page.Writer.TryComplete();
    }
}

/// <summary>What the visitor told about themselves in the widget.</summary>
public sealed record VisitorDetails(string? Name, string? Email, string? Phone);

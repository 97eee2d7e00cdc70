using Microsoft.Extensions.Time.Testing;
using Webchat.DemoProvider.Conversations;

namespace Webchat.DemoProvider.Tests.Conversations;

/// <summary>The demo keeps conversations in memory: bounded in lines, in open pages and in conversations.</summary>
public sealed class ConversationStoreTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_conversation_keeps_its_latest_lines()
    {
        var conversation = new ConversationStore(Clock).ForVisitor(ConversationStore.NewVisitorId());

        for (var i = 0; i < Conversation.MaxEntries + 5; i++)
        {
            conversation.Add(id => new ChatEntry(id, ChatAuthor.Visitor, "Ivan", $"line {id}", [], Clock.GetUtcNow()), Clock.GetUtcNow());
        }

        Assert.Equal(Conversation.MaxEntries, conversation.Entries.Count);
        Assert.Equal("line 6", conversation.Entries[0].Text);
        Assert.Equal($"line {Conversation.MaxEntries + 5}", conversation.Entries[^1].Text);
    }

    [Fact]
    public async Task An_open_page_gets_the_lines_so_far_then_each_new_one_and_the_oldest_page_is_closed_past_the_limit()
    {
        var conversation = new ConversationStore(Clock).ForVisitor(ConversationStore.NewVisitorId());
        conversation.Add(id => new ChatEntry(id, ChatAuthor.Visitor, "Ivan", "before", [], Clock.GetUtcNow()), Clock.GetUtcNow());

        var (snapshot, live, _) = conversation.Open();
        conversation.Add(id => new ChatEntry(id, ChatAuthor.Employee, "Anna", "after", [], Clock.GetUtcNow(), "41"), Clock.GetUtcNow());

        Assert.Equal(["before"], snapshot.Select(e => e.Text));
        Assert.Equal("after", (await live.ReadAsync(TestContext.Current.CancellationToken)).Text);
        for (var i = 0; i < Conversation.MaxPages; i++)
        {
            conversation.Open();
        }

        Assert.False(await live.WaitToReadAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Past_the_limit_the_conversation_quiet_the_longest_is_forgotten()
    {
        var store = new ConversationStore(Clock);
        var oldest = store.ForVisitor("a");
        Clock.Advance(TimeSpan.FromMinutes(1));
        for (var i = 1; i < ConversationStore.MaxConversations; i++)
        {
            store.ForVisitor($"v{i}");
        }

        Assert.Same(oldest, store.ForVisitor("a"));
        store.ForVisitor("one-more");

        Assert.NotSame(oldest, store.ForVisitor("a"));
    }

    [Fact]
    public void A_first_message_to_a_phone_opens_a_conversation_of_its_own_even_when_a_visitor_typed_that_phone()
    {
        var store = new ConversationStore(Clock);
        var visitor = store.ForVisitor(ConversationStore.NewVisitorId());
        visitor.Introduce(new VisitorDetails("Ivan", null, "+79051234567"));

        var fromHub = store.ForPhone("+79051234567");

        Assert.NotSame(visitor, fromHub);
        Assert.NotEqual(visitor.ChatId, fromHub.ChatId);
        Assert.Equal("+79051234567", fromHub.Visitor.Phone);
        Assert.NotSame(fromHub, store.ForPhone("+79051234567"));
    }

    [Fact]
    public void Cookie_less_requests_push_out_only_conversations_like_theirs_never_a_returning_visitors()
    {
        var store = new ConversationStore(Clock);
        var visitor = store.ForVisitor("returning");
        Clock.Advance(TimeSpan.FromMinutes(1));

        // A flood of cookie-less requests, each a new "visitor", more than the store holds.
        for (var i = 0; i < ConversationStore.MaxConversations + 100; i++)
        {
            Assert.NotNull(store.ForAnonymous($"flood-{i}"));
        }

        Assert.Same(visitor, store.ForVisitor("returning"));

        // A store full of returning visitors' conversations takes no anonymous newcomer at all.
        var full = new ConversationStore(Clock);
        for (var i = 0; i < ConversationStore.MaxConversations; i++)
        {
            full.ForVisitor($"known-{i}");
        }

        Assert.Null(full.ForAnonymous("flood"));
        Assert.NotNull(full.ForVisitor("another-returning"));
    }
}

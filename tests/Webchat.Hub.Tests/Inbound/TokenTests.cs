using System.Net;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Inbound;

/// <summary>The key is checked first, and a key opens only its own integration.</summary>
public sealed class TokenTests
{
    [Theory]
    [MemberData(nameof(SampleCommands.Names), MemberType = typeof(SampleCommands))]
    public async Task A_wrong_missing_or_empty_token_is_refused_for_every_command(string cmd)
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var provider = hub.Provider();
        var form = ProviderForm.Of(SampleCommands.Of(cmd));

        (await provider.CallAsync(form.Set("planfix_token", "wrong-token-0123456789"))).ShouldBeInvalidToken();
        (await provider.CallAsync(form.Set("planfix_token", TestData.Token.ToUpperInvariant()))).ShouldBeInvalidToken();
        (await provider.CallAsync(form.Set("planfix_token", TestData.Token + " "))).ShouldBeInvalidToken();
        (await provider.CallAsync(form.Set("planfix_token", ""))).ShouldBeInvalidToken();
        (await provider.CallAsync(form.Remove("planfix_token"))).ShouldBeInvalidToken();
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_token_field_is_accepted_when_planfix_token_is_absent(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();

        (await provider.CallAsync(ProviderForm.Of(TestData.Message()).Remove("planfix_token").Add("token", TestData.Token))).ShouldBeOk();

        Assert.Single(await hub.MessagesAsync(1));
    }

    [Fact]
    public async Task A_right_token_field_does_not_rescue_a_wrong_planfix_token()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var provider = hub.Provider();

        (await provider.CallAsync(ProviderForm.Of(TestData.Message()).Set("planfix_token", "wrong-token-0123456789").Add("token", TestData.Token)))
            .ShouldBeInvalidToken();
    }

    [Theory]
    [InlineData("cmd", null)]
    [InlineData("cmd", "deleteEverything")]
    [InlineData("providerId", null)]
    [InlineData("providerId", "super~chat")]
    [InlineData("chatId", null)]
    [InlineData("contactId", null)]
    [InlineData("attachments[name]", "lonely.png")]
    public async Task Without_the_right_token_a_malformed_command_is_still_only_told_Invalid_token(string field, string? value)
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var provider = hub.Provider();
        var form = ProviderForm.Of(TestData.Message()).Set("planfix_token", "wrong-token-0123456789");
        form = value is null ? form.Remove(field) : form.Set(field, value);

        (await provider.CallAsync(form)).ShouldBeInvalidToken();
        (await provider.CallAsync(form.Remove("planfix_token"))).ShouldBeInvalidToken();
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_token_used_with_another_integrations_providerId_is_refused_and_nothing_is_stored(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();

        (await provider.CallAsync(TestData.Message() with { ProviderId = TestData.OtherProviderId })).ShouldBeInvalidToken();
        (await provider.CallAsync(TestData.Message() with { ProviderId = "nobody" })).ShouldBeInvalidToken();
        (await provider.CallAsync(new UpdateContactCommand(TestData.OtherProviderId, new("contact-1", "Ivan")))).ShouldBeInvalidToken();

        Assert.Empty(await hub.TasksAsync());
        Assert.Empty(await hub.ContactsAsync());
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task One_provider_never_sees_another_providers_chats_or_contacts(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        using var other = hub.Provider(TestData.OtherToken);
        (await provider.CallAsync(TestData.Message("chat-1", "contact-1"))).ShouldBeOk();

        (await other.CallAsync(new GetTaskCommand(TestData.OtherProviderId, "chat-1"))).ShouldBeError(HttpStatusCode.BadRequest, ProtocolErrors.TaskNotFound);
        (await other.CallAsync(new GetContactCommand(TestData.OtherProviderId, "contact-1"))).ShouldBeError(HttpStatusCode.BadRequest, ProtocolErrors.UnknownContact);

        // The same ids from the other provider are its own chat and contact.
        var others = (await other.CallAsync(TestData.Message("chat-1", "contact-1") with { ProviderId = TestData.OtherProviderId, Contact = new("contact-1", "Someone", "Else") })).ShouldBeOk();
        Assert.Equal((2, 2), (others.Number, others.ContactNumber));
        (await provider.CallAsync(new GetTaskCommand(TestData.ProviderId, "chat-1"))).ShouldBeOk().ShouldBeJson("""{"data":{"number":1,"statusIsActive":true}}""");
        Assert.Equal("Ivanov", (await hub.ContactAsync("contact-1")).LastName);
        Assert.Equal("Else", (await hub.ContactAsync("contact-1", TestData.OtherProviderId)).LastName);
        Assert.Single(await hub.MessagesAsync(1));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task No_token_or_key_ever_appears_in_the_hubs_logs_at_any_level(StoreKind store)
    {
        var logs = new CapturedLogs();
        await using var hub = await HubHost.StartAsync(store, customize: logs.AddTo);
        using var provider = hub.Provider();
        using var other = hub.Provider(TestData.OtherToken);
        const string wrongToken = "wrong-but-secret-0123456789";
        var message = ProviderForm.Of(TestData.Message());

        (await provider.CallAsync(message)).ShouldBeOk();
        (await provider.CallAsync(ProviderForm.Of(TestData.Message()).Remove("planfix_token").Add("token", TestData.Token))).ShouldBeOk();
        await provider.CallAsync(ProviderForm.Of(TestData.Message()).Set("planfix_token", wrongToken));
        await provider.CallAsync(ProviderForm.Of(TestData.Message()).Set("cmd", "deleteEverything"));
        await provider.CallAsync(ProviderForm.Of(TestData.Message()).Remove("chatId"));
        await provider.CallAsync(ProviderForm.Of(TestData.Message()).Add("data_utm_campaign", "x"));
        await other.CallAsync(TestData.Message());
        await provider.CallAsync(ProviderForm.Raw(System.Text.Encoding.ASCII.GetBytes(message.Encode() + "&broken=%ZZ")));
        await provider.CallAsync(message.ToMultipart());
        using (var operators = hub.Operator())
        {
            await operators.GetAsync(new Uri("/api/tasks", UriKind.Relative), TestContext.Current.CancellationToken);
        }

        using (var intruder = hub.Operator(wrongToken))
        {
            await intruder.GetAsync(new Uri("/api/tasks", UriKind.Relative), TestContext.Current.CancellationToken);
        }

        Assert.NotEmpty(logs.Entries);
        string[] secrets = [TestData.Token, TestData.OtherToken, TestData.ProviderToken, TestData.ApiKey, wrongToken];
        Assert.Empty(logs.Entries.Where(entry => secrets.Any(secret => entry.AllText.Contains(secret, StringComparison.Ordinal))).Select(entry => entry.AllText));
    }
}

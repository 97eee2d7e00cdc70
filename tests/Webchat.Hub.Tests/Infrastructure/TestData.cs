using Webchat.Protocol;

namespace Webchat.Hub.Tests.Infrastructure;

/// <summary>The hub every test starts with, unless it says otherwise: two employees, two integrations, an operator's and an administrator's API key.</summary>
public static class TestData
{
    public const string ProviderId = "superchat";
    public const string Token = "303cb962ac59075b964b07152d234b70";
    public const string ProviderToken = "provider-secret-0123456789";

    public const string OtherProviderId = "otherchat";
    public const string OtherToken = "other-token-0123456789abcdef";

    public const string ApiKey = "operator-key-0123456789";

    /// <summary>A key of <c>Hub:AdminApiKeys</c>: employee management too.</summary>
    public const string AdminApiKey = "administrator-key-0123456789";

    public const string OwnerEmail = "owner@example.com";
    public const string AgentEmail = "agent@example.com";

    /// <summary>The task template's custom fields of <see cref="ProviderId"/>.</summary>
    public static readonly string[] TaskFields = ["utm_source", "utm_medium"];

    /// <summary>Configuration keys of the default hub; a test may change or add any of them.</summary>
    public static Dictionary<string, string?> Settings() => new()
    {
        ["Hub:ApiKeys:0"] = ApiKey,
        ["Hub:AdminApiKeys:0"] = AdminApiKey,
        ["Hub:Employees:0:Email"] = OwnerEmail,
        ["Hub:Employees:0:Name"] = "Olga",
        ["Hub:Employees:0:LastName"] = "Owner",
        ["Hub:Employees:0:Ico"] = "https://example.com/olga.png",
        ["Hub:Employees:1:Email"] = AgentEmail,
        ["Hub:Employees:1:Name"] = "Anton",
        ["Hub:Employees:1:LastName"] = "Agent",
        ["Hub:Integrations:0:ProviderId"] = ProviderId,
        ["Hub:Integrations:0:PlanfixToken"] = Token,
        ["Hub:Integrations:0:ProviderToken"] = ProviderToken,
        ["Hub:Integrations:0:OwnerEmail"] = OwnerEmail,
        ["Hub:Integrations:0:TaskFields:0"] = TaskFields[0],
        ["Hub:Integrations:0:TaskFields:1"] = TaskFields[1],
        ["Hub:Integrations:1:ProviderId"] = OtherProviderId,
        ["Hub:Integrations:1:PlanfixToken"] = OtherToken,
        ["Hub:Integrations:1:OwnerEmail"] = OwnerEmail,
    };

    /// <summary>A contact's message to a chat of <see cref="ProviderId"/>.</summary>
    public static NewMessageCommand Message(string chatId = "chat-1", string contactId = "contact-1", string text = "Hello, I have a question") =>
        new(ProviderId, chatId, text, new ContactDetails(contactId, "Ivan", "Ivanov"));
}

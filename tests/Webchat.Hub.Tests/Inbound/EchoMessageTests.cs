using Webchat.Hub.Messages;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Inbound;

/// <summary><c>newMessage</c> with <c>isEcho</c>: an employee's message written on the provider's side, and who its author is.</summary>
public sealed class EchoMessageTests
{
    private static ProviderForm Echo(string isEcho = "1", string? userEmail = null)
    {
        var form = ProviderForm.Of(TestData.Message(text: "We will call you at 5")).Set("isEcho", isEcho);
        return userEmail is null ? form : form.Set("userEmail", userEmail);
    }

    private static void UseDefaultEmployee(Dictionary<string, string?> settings) =>
        settings["Hub:Integrations:0:DefaultEmployeeEmail"] = TestData.AgentEmail;

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task An_echo_is_written_by_the_employee_with_its_userEmail(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store, UseDefaultEmployee);
        using var provider = hub.Provider();

        // Employees are matched by e-mail whatever its case.
        (await provider.CallAsync(Echo(userEmail: "OWNER@example.com"))).ShouldBeOk();

        var message = Assert.Single(await hub.MessagesAsync(1));
        Assert.Equal(MessageDirection.Echo, message.Direction);
        Assert.Equal(await hub.EmployeeIdAsync(TestData.OwnerEmail), message.AuthorEmployeeId);
        Assert.Null(message.AuthorContactId);
        Assert.Equal("We will call you at 5", message.Text);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task An_echo_without_userEmail_is_written_by_the_integrations_default_employee(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store, UseDefaultEmployee);
        using var provider = hub.Provider();

        (await provider.CallAsync(Echo())).ShouldBeOk();

        Assert.Equal(await hub.EmployeeIdAsync(TestData.AgentEmail), Assert.Single(await hub.MessagesAsync(1)).AuthorEmployeeId);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task An_echo_whose_userEmail_names_no_employee_falls_back_to_the_default_employee(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store, UseDefaultEmployee);
        using var provider = hub.Provider();

        (await provider.CallAsync(Echo(userEmail: "stranger@example.com"))).ShouldBeOk();

        Assert.Equal(await hub.EmployeeIdAsync(TestData.AgentEmail), Assert.Single(await hub.MessagesAsync(1)).AuthorEmployeeId);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Without_a_default_employee_an_echo_is_written_by_the_employee_who_set_the_integration_up(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();

        (await provider.CallAsync(Echo())).ShouldBeOk();
        (await provider.CallAsync(Echo(userEmail: "stranger@example.com"))).ShouldBeOk();

        var owner = await hub.EmployeeIdAsync(TestData.OwnerEmail);
        Assert.All(await hub.MessagesAsync(1), m => Assert.Equal(owner, m.AuthorEmployeeId));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task IsEcho_is_true_for_true_1_and_on_and_false_for_anything_else(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        string[] values = ["true", "1", "on", "TRUE", "0", "false", "off", ""];

        foreach (var value in values)
        {
            (await provider.CallAsync(Echo(value))).ShouldBeOk();
        }

        var messages = await hub.MessagesAsync(1);
        Assert.Equal(
            [true, true, true, true, false, false, false, false],
            messages.Select(m => m.Direction == MessageDirection.Echo));
        Assert.All(messages.Where(m => m.Direction == MessageDirection.FromContact), m => Assert.NotNull(m.AuthorContactId));
    }
}

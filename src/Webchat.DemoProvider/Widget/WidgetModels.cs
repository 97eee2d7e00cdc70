namespace Webchat.DemoProvider.Widget;

/// <summary>What the widget posts when the visitor presses "Send".</summary>
public sealed record SendMessageForm(string? Name, string? Email, string? Phone, string? Message);

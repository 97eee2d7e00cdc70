namespace Webchat.Hub.Contacts;

/// <summary>How a person's name is written wherever the hub shows one: a contact's or an employee's.</summary>
public static class PersonName
{
    /// <summary>The first name, then the last name when there is one.</summary>
    public static string Full(string name, string? lastName) => string.IsNullOrEmpty(lastName) ? name : $"{name} {lastName}";
}

using Microsoft.Extensions.Options;

namespace Webchat.Hub.Configuration;

/// <summary>Checks the whole <c>Hub</c> section at start, naming each bad setting by its configuration path.</summary>
public sealed class HubOptionsValidator(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<HubOptions>
{
    public ValidateOptionsResult Validate(string? name, HubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var emails = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        // The binder skips a list entry it cannot convert (NewTaskIfNoActiveTask=maybe) without a word,
        // which would leave a whole integration out; each entry is read alone here to name the setting.
        CheckEntriesBind<IntegrationOptions>("Hub:Integrations", failures);
        CheckEntriesBind<EmployeeOptions>("Hub:Employees", failures);

        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            if (options.ApiKeys[i].Length < 16)
            {
                failures.Add($"Hub:ApiKeys:{i} must be at least 16 characters long.");
            }
        }

        for (var i = 0; i < options.AdminApiKeys.Count; i++)
        {
            if (options.AdminApiKeys[i].Length < 16)
            {
                failures.Add($"Hub:AdminApiKeys:{i} must be at least 16 characters long.");
            }
            else if (options.ApiKeys.Contains(options.AdminApiKeys[i], StringComparer.Ordinal))
            {
                failures.Add($"Hub:AdminApiKeys:{i} is one of Hub:ApiKeys too: an administrator's key must be a key of its own.");
            }
        }

        if (options.PublicUrl is { } publicUrl
            && (!publicUrl.IsAbsoluteUri || publicUrl.Scheme is not ("http" or "https") || publicUrl.Query.Length > 0 || publicUrl.Fragment.Length > 0))
        {
            failures.Add("Hub:PublicUrl must be an absolute http or https URL without a query, e.g. https://hub.example.com/.");
        }
        else if (options.PublicUrl is null && !environment.IsDevelopment())
        {
            // Else the links to uploaded files would follow the request's Host header, which anyone who reaches the hub chooses.
            failures.Add($"Hub:PublicUrl must be set outside Development (the environment is {environment.EnvironmentName}): the hub's address as providers reach it, e.g. https://hub.example.com/, the base of the links to uploaded files.");
        }

        if (options.Storage.MaxQueuedWrites is < 1 or > 1_000_000)
        {
            failures.Add("Hub:Storage:MaxQueuedWrites must be between 1 and 1000000.");
        }

        if (options.Storage.Writers is < 1 or > 64)
        {
            failures.Add($"Hub:Storage:Writers must be between 1 and 64 (it is {options.Storage.Writers}); each writer holds one database connection.");
        }

        for (var i = 0; i < options.Employees.Count; i++)
        {
            var employee = options.Employees[i];
            if (!IsEmail(employee.Email))
            {
                failures.Add($"Hub:Employees:{i}:Email must be an e-mail address.");
            }
            else if (!emails.Add(employee.Email))
            {
                failures.Add($"Hub:Employees:{i}:Email '{employee.Email}' is listed twice.");
            }

            if (string.IsNullOrWhiteSpace(employee.Name))
            {
                failures.Add($"Hub:Employees:{i}:Name is required.");
            }
        }

        var providerIds = new HashSet<string>(StringComparer.Ordinal);
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Integrations.Count; i++)
        {
            var integration = options.Integrations[i];
            var path = $"Hub:Integrations:{i}";
            if (string.IsNullOrWhiteSpace(integration.ProviderId))
            {
                failures.Add($"{path}:ProviderId is required.");
            }
            else if (integration.ProviderId.Contains('~', StringComparison.Ordinal))
            {
                failures.Add($"{path}:ProviderId must not contain '~'.");
            }
            else if (!providerIds.Add(integration.ProviderId))
            {
                failures.Add($"{path}:ProviderId '{integration.ProviderId}' is used by another integration.");
            }

            if (integration.PlanfixToken.Length < 16)
            {
                failures.Add($"{path}:PlanfixToken must be at least 16 characters long.");
            }
            else if (!tokens.Add(integration.PlanfixToken))
            {
                failures.Add($"{path}:PlanfixToken is the same as another integration's: give each integration its own.");
            }

            if (integration.ProviderUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
            {
                failures.Add($"{path}:ProviderUrl must be an absolute http or https URL.");
            }

            if (!emails.Contains(integration.OwnerEmail))
            {
                failures.Add($"{path}:OwnerEmail must name one of Hub:Employees (the employee who set the integration up).");
            }

            if (integration.DefaultEmployeeEmail is { Length: > 0 } defaultEmail && !emails.Contains(defaultEmail))
            {
                failures.Add($"{path}:DefaultEmployeeEmail must name one of Hub:Employees.");
            }

            for (var f = 0; f < integration.TaskFields.Count; f++)
            {
                if (string.IsNullOrWhiteSpace(integration.TaskFields[f]))
                {
                    failures.Add($"{path}:TaskFields:{f} must not be empty.");
                }
            }
        }

        if (options.Inbound.MaxBodyBytes is < 1024 or > 64 * 1024 * 1024)
        {
            failures.Add("Hub:Inbound:MaxBodyBytes must be between 1024 and 67108864.");
        }

        if (options.Inbound.MaxAttachments is < 1 or > 1000)
        {
            failures.Add("Hub:Inbound:MaxAttachments must be between 1 and 1000.");
        }

        if (options.Inbound.MaxMessageLength is < 1 or > 10_000_000)
        {
            failures.Add("Hub:Inbound:MaxMessageLength must be between 1 and 10000000.");
        }

        if (options.Numbering.FirstTaskNumber < 1)
        {
            failures.Add("Hub:Numbering:FirstTaskNumber must be 1 or more.");
        }

        if (options.Numbering.FirstContactNumber < 1)
        {
            failures.Add("Hub:Numbering:FirstContactNumber must be 1 or more.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void CheckEntriesBind<T>(string path, List<string> failures)
    {
        foreach (var entry in configuration.GetSection(path).GetChildren())
        {
            try
            {
                entry.Get<T>();
            }
            catch (InvalidOperationException exception)
            {
                // The binder's message names the setting and its (never secret: not a string) value.
                failures.Add(exception.Message);
            }
        }
    }

    private static bool IsEmail(string value) => value.Length is > 2 and <= 255 && value.IndexOf('@', StringComparison.Ordinal) is > 0 && !value.EndsWith('@');
}

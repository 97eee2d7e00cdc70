using Microsoft.Extensions.Options;
using Webchat.DemoProvider;

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddDemoProvider();
    var app = builder.Build();
    app.MapDemoProvider();
    await app.RunAsync();
}
catch (OptionsValidationException exception)
{
    // A bad setting is the operator's to fix: say which, without a stack trace.
    await Console.Error.WriteLineAsync($"The demo provider cannot start: fix these settings:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", exception.Failures)}");
    return 2;
}

return 0;

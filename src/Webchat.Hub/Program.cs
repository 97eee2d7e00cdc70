using Webchat.Hub;

var builder = WebApplication.CreateBuilder(args);
builder.AddHub();

var app = builder.Build();
app.MapHub();
app.Run();

/// <summary>The hub's entry point; public so tests can start the real application.</summary>
public partial class Program;

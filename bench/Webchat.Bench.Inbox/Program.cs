using System.Globalization;
using Webchat.Bench.Inbox;

// bench/Webchat.Bench.Inbox --hub <url> --api-key <key> --provider-id <id> --token <planfix token>
//     [--email <e-mail> --password <password>] [--hub-pid <pid>] [--chats 100000] [--messages 1000000] ...
// Against a hub over a store seeded by Webchat.Bench.Seed: search through the operator API, the inbox and
// a task of 200 messages through the API and (when the hub has its console and the sign-in works) as the
// console's pages, a probe message reaching an open console's live stream and inbox under ingest load, and
// the hub's memory with --consoles consoles open. One "INBOX name=…" line per measurement, one
// "INBOX_MEMORY …" line. With --bare <url>: the same client's latency for a newMessage to the bare endpoint.
if (args is ["--bare", var bareUrl, ..])
{
    return await MeasureBareAsync(new Uri(bareUrl), args);
}

if (!InboxOptions.TryParse(args, out var options, out var problem))
{
    await Console.Error.WriteLineAsync($"inbox: {problem}");
    await Console.Error.WriteLineAsync(InboxOptions.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
var ct = stop.Token;
using var hub = new HubClients(options);

// A task of 200 messages, as the target names.
long longTask = 0;
for (var i = 1; i <= 200; i++)
{
    longTask = await hub.SendMessageAsync("bench-long-chat", "bench-long-contact", $"Message {i} of a long conversation about the order", "Longchat", ct)
        ?? throw new InvalidOperationException("The hub refused a message of the long chat.");
}

await Console.Error.WriteLineAsync($"inbox: task {longTask} has 200 messages");

// Search: what people type. A rare word (one message's number), a contact's last name, a prefix being
// typed (4 digits: about a hundred messages), and a word in every message (the worst case).
var random = new Random(42);

// One message's number, in one message only: the last word typed matches as a prefix, so a number with
// fewer digits than the largest also finds the longer ones it begins (12 finds 120–129, 1200–1299, …), and
// a page of those costs what it shows. Drawn from the top tenth of the numbers, where none is a prefix of another.
string RareNumber() => random.Next((options.Messages / 10) + 1, options.Messages + 1).ToString(CultureInfo.InvariantCulture);
var searches = new (string Name, Func<string> Query)[]
{
    ("search-rare-word", RareNumber),
    ("search-contact-name", () => $"Contact {random.Next(1, options.Chats + 1)}"),
    ("search-prefix", () => random.Next(1000, 10000).ToString(CultureInfo.InvariantCulture)),
    ("search-common-word", () => "seeded message"),
};
foreach (var (name, query) in searches)
{
    var latency = await Latency.MeasureAsync(name, options.Warmup, options.Samples, (_, token) =>
        HubClients.GetAsync(hub.Api, "/api/tasks?q=" + Uri.EscapeDataString(query()), token), ct);
    Report(latency.ToLine());
}

Report((await Latency.MeasureAsync("api-inbox", options.Warmup, options.Samples, (_, token) => HubClients.GetAsync(hub.Api, "/api/tasks?page=1&pageSize=20", token), ct)).ToLine());
Report((await Latency.MeasureAsync("api-task-200", options.Warmup, options.Samples, (_, token) => HubClients.GetAsync(hub.Api, $"/api/tasks/{longTask}", token), ct)).ToLine());

using var console = await hub.SignInAsync(ct);
if (console is null)
{
    Report("INBOX name=console missing=1");
    return 0;
}

// Every console page with each of the inbox's filters: what an operator opens. The same rows run on a
// store of 100 tasks and of 100,000, and bench/console-step compares the two.
var pages = new (string Name, Func<string> Path)[]
{
    ("console-inbox", () => "/"),
    ("console-inbox-page-2", () => "/?page=2"),
    ("console-inbox-all", () => "/?status=all"),
    ("console-inbox-completed", () => "/?status=completed"),
    ("console-inbox-mine", () => "/?who=mine"),
    ("console-inbox-unassigned", () => "/?who=unassigned"),
    ("console-inbox-integration", () => "/?integration=" + Uri.EscapeDataString(options.ProviderId)),
    ("console-inbox-channel", () => "/?channel=bench"),
    ("console-search", () => "/?q=" + RareNumber()),
    ("console-task-200", () => $"/tasks/{longTask}"),
    ("console-contacts", () => "/contacts"),
    ("console-contacts-search", () => "/contacts?q=" + Uri.EscapeDataString($"Contact {random.Next(1, options.Chats + 1)}")),
    ("console-contact", () => "/contacts/" + random.Next(1, options.Chats + 1).ToString(CultureInfo.InvariantCulture)),
    ("console-deliveries", () => "/deliveries"),
    ("console-admin-employees", () => "/admin/employees"),
    ("console-admin-integrations", () => "/admin/integrations"),
};
foreach (var (name, path) in pages)
{
    Report((await Latency.MeasureAsync(name, options.Warmup, options.Samples, (_, token) => HubClients.GetAsync(console, path(), token), ct)).ToLine());
}

var (onEvent, onInbox, onTask, note) = await new LiveProbe(options, hub).RunAsync(console, ct);
Report(onEvent.ToLine(note));
Report(onInbox.ToLine(note));
Report(onTask.ToLine(note));

if (options.HubPid > 0)
{
    Report(await OpenConsoles.MeasureAsync(options, hub, ct));
}

return 0;

static void Report(string line) => Console.WriteLine(line);

static async Task<int> MeasureBareAsync(Uri bare, string[] args)
{
    var options = new InboxOptions(bare, "-", "benchchat", "-", null, null, 0, "seed-", 1000, 1000, 200, 20, 1, 1, 1);
    if (args.Length >= 4 && args[2] == "--samples" && int.TryParse(args[3], CultureInfo.InvariantCulture, out var samples))
    {
        options = options with { Samples = samples };
    }

    using var hub = new HubClients(options);
    var latency = await Latency.MeasureAsync("bare", options.Warmup, options.Samples, async (i, token) =>
        await hub.SendMessageAsync($"seed-chat-{i % 1000 + 1}", $"seed-contact-{i % 1000 + 1}", "Hello from the benchmark", "Seeded", token) is not null, CancellationToken.None);
    Console.WriteLine(latency.ToLine());
    return 0;
}

using System.Net;
using Webchat.Bench.Outbound;

// bench/Webchat.Bench.Outbound --hub <url> --port <receiver port> --api-key <key> --provider-id <id>
//     --token <planfix token> --author <employee e-mail> [--chats 200] [--rate 500] [--seconds 10]
//     [--warmup 3] [--concurrency 64] [--drain-seconds 60]
// The hub must be configured to deliver to http://127.0.0.1:<port>/provider. Opens --chats chats, then
// posts replies in their tasks: --warmup seconds at --rate replies/s, --seconds at --rate, --seconds as
// fast as --concurrency callers go. Prints one "OUTBOUND load=…" line per phase (warm-up included);
// exits 1 when a reply was refused, or a delivery is missing, came twice or was never asked for.
if (!OutboundOptions.TryParse(args, out var options, out var problem))
{
    await Console.Error.WriteLineAsync($"outbound: {problem}");
    await Console.Error.WriteLineAsync(OutboundOptions.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

await using var receiver = await Receiver.StartAsync(options.Port, stop.Token);
using var client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseCookies = false })
{
    Timeout = TimeSpan.FromSeconds(30),
};
var sender = new Sender(client, options);
var tally = new Tally(receiver);
var drain = TimeSpan.FromSeconds(options.DrainSeconds);

await sender.SeedAsync(stop.Token);
await Console.Error.WriteLineAsync($"outbound: {options.Chats} chats opened");

var results = new List<PhaseResult>();
if (options.Warmup > 0)
{
    var warmup = await sender.AtRateAsync("warm-up", options.Rate, TimeSpan.FromSeconds(options.Warmup), stop.Token);
    var warmed = await tally.SettleAsync(warmup, "warm-up", drain, stop.Token);
    Console.WriteLine(warmed.ToLine());
    results.Add(warmed);
}

var measured = new List<PhaseResult>
{
    await tally.SettleAsync(await sender.AtRateAsync("rate", options.Rate, TimeSpan.FromSeconds(options.Seconds), stop.Token), $"{options.Rate}/s", drain, stop.Token),
    await tally.SettleAsync(await sender.AtMaxAsync("max", options.Concurrency, TimeSpan.FromSeconds(options.Seconds), stop.Token), "max", drain, stop.Token),
};
results.AddRange(measured);
foreach (var result in measured)
{
    Console.WriteLine(result.ToLine());
}

var faults = 0;
foreach (var result in results.Where(r => r.Errors > 0))
{
    faults++;
    await Console.Error.WriteLineAsync(
        $"outbound: error: {result.Load}: {result.Sent} sent, {result.Accepted} accepted, {result.Received} delivered: "
        + $"{result.Rejected} refused, {result.Missing} never delivered, {result.Duplicates} delivered more than once, {result.Unexpected} delivered but never accepted"
        + (result.FirstRejection is { } why ? $"; the first refusal: {why}" : string.Empty));
}

if (receiver.Unreadable > 0)
{
    faults++;
    await Console.Error.WriteLineAsync($"outbound: error: {receiver.Unreadable} deliveries had no readable messageId");
}

return faults == 0 ? 0 : 1;

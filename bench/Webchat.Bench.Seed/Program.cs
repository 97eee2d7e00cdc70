using System.Diagnostics;
using Webchat.Bench.Seed;

// bench/Webchat.Bench.Seed --store sqlite|postgres --connection <connection string> [--provider-id benchchat]
//     [--prefix seed-] [--chats 100000] [--messages 1000000]
// Drops the store, creates it with the hub's own migrations, and fills it: one contact, chat and active
// task per chat (ids <prefix>chat-N / <prefix>contact-N, N = 1..chats) and the messages spread over the
// chats round-robin, as a busy hub would have interleaved them.
if (!SeedOptions.TryParse(args, out var options, out var problem))
{
    await Console.Error.WriteLineAsync($"seed: {problem}");
    await Console.Error.WriteLineAsync(SeedOptions.Usage);
    return 2;
}

var clock = Stopwatch.StartNew();
await using (var db = options.CreateContext())
{
    await new Seeder(db, options, TimeProvider.System).RunAsync(CancellationToken.None);
}

Console.WriteLine($"seed: {options.Chats} chats, {options.Messages} messages and {options.Messages / 10} deliveries stored ({options.Store}) in {clock.Elapsed.TotalSeconds:F1} s");
return 0;

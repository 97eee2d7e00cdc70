using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Webchat.Bench.Micro;

// dotnet run -c Release --project bench/Webchat.Bench.Micro -- --filter '*'
// Unless jobs are named (--job short, …), one default job runs in this process: building the usual
// child process costs more time than the measuring on a small machine shared with others.
var config = DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default);
if (!args.Any(arg => arg is "--job" or "-j"))
{
    config = config.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance));
}

BenchmarkSwitcher.FromAssembly(typeof(ProtocolBenchmarks).Assembly).Run(args, config);

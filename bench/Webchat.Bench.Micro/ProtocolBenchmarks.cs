using BenchmarkDotNet.Attributes;
using Webchat.Protocol;

namespace Webchat.Bench.Micro;

/// <summary>What every request to <c>/webchat/api</c> pays before it reaches the store: the form, then the command.</summary>
public class ProtocolBenchmarks
{
    private readonly byte[] _body = Samples.Body(Samples.NewMessage("seed-chat-42", "seed-contact-42"));
    private FormFields _form = null!;

    [GlobalSetup]
    public void Setup()
    {
        if (!FormUrlEncoding.TryDecode(_body, out _form, out var error))
        {
            throw new InvalidOperationException($"The sample body does not decode: {error}");
        }
    }

    [Benchmark(Description = "FormUrlEncoding.TryDecode (newMessage body)")]
    public FormFields DecodeForm()
    {
        FormUrlEncoding.TryDecode(_body, out var form, out _);
        return form;
    }

    [Benchmark(Description = "HubCommandCodec.TryDecode (newMessage)")]
    public HubCommand? DecodeCommand()
    {
        HubCommandCodec.TryDecode(_form, ProtocolLimits.Default, out var command, out _);
        return command;
    }
}

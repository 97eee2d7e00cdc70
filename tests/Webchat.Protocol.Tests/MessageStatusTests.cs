namespace Webchat.Protocol.Tests;

public sealed class MessageStatusTests
{
    [Theory]
    [InlineData("error", DeliveryStatus.Error)]
    [InlineData("read", DeliveryStatus.Read)]
    [InlineData("sent", DeliveryStatus.Sent)]
    public void TheThreeNamedStatusesKeepTheirMeaning(string status, DeliveryStatus expected)
    {
        var command = new MessageStatusCommand("superchat", "4188849", status);

        Assert.Equal(expected, command.NormalizedStatus);
    }

    [Theory]
    [InlineData("delivered")]
    [InlineData("pending")]
    [InlineData("failed")]
    [InlineData("2")]
    [InlineData("прочитано")]
    [InlineData("")]
    public void AnyOtherStatusCountsAsSent(string status)
    {
        var command = new MessageStatusCommand("superchat", "4188849", status);

        Assert.Equal(DeliveryStatus.Sent, command.NormalizedStatus);
    }

    [Fact]
    public void ADecodedUnknownStatusIsKeptAsSentAndShowsOneTick()
    {
        var form = Forms.FromSample(SpecSamples.MessageStatus).With("messageStatus", "delivered");

        Assert.True(HubCommandCodec.TryDecode(form, ProtocolLimits.Default, out var command, out var reason), reason);
        var status = Assert.IsType<MessageStatusCommand>(command);

        Assert.Equal("delivered", status.Status);
        Assert.Equal(DeliveryStatus.Sent, status.NormalizedStatus);
    }
}

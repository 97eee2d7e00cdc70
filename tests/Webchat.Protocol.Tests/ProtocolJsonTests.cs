using System.Text.Json;

namespace Webchat.Protocol.Tests;

public sealed class ProtocolJsonTests
{
    private static readonly ProtocolJsonContext Json = ProtocolJsonContext.Default;

    [Theory]
    [InlineData(ProtocolErrors.InvalidToken, """{"error":"Invalid token"}""")]
    [InlineData(ProtocolErrors.InvalidParameters, """{"error":"Invalid parameters"}""")]
    [InlineData(ProtocolErrors.TaskNotFound, """{"error":"task not found"}""")]
    [InlineData(ProtocolErrors.UnknownContact, """{"error":"unknown contact"}""")]
    [InlineData(ProtocolErrors.TemporarilyUnavailable, """{"error":"Temporarily unavailable"}""")]
    public void AnErrorAnswerIsAnObjectWithItsText(string error, string expected)
    {
        Assert.Equal(expected, JsonSerializer.Serialize(new ErrorAnswer(error), Json.ErrorAnswer));
    }

    [Fact]
    public void AGetTaskAnswerCarriesTheNumberAndWhetherTheTaskIsActive()
    {
        var json = JsonSerializer.Serialize(new DataAnswer<TaskNumberData>(new TaskNumberData(1014, true)), Json.DataAnswerTaskNumberData);

        Assert.Equal("""{"data":{"number":1014,"statusIsActive":true}}""", json);
    }

    [Fact]
    public void AGetContactAnswerCarriesTheNumber()
    {
        var json = JsonSerializer.Serialize(new DataAnswer<ContactNumberData>(new ContactNumberData(1058)), Json.DataAnswerContactNumberData);

        Assert.Equal("""{"data":{"number":1058}}""", json);
    }

    [Fact]
    public void ANewMessageAnswerCarriesTheTaskAndContactNumbers()
    {
        var json = JsonSerializer.Serialize(new DataAnswer<MessageAcceptedData>(new MessageAcceptedData(1014, 1058)), Json.DataAnswerMessageAcceptedData);

        Assert.Equal("""{"data":{"number":1014,"contactNumber":1058}}""", json);
    }

    [Fact]
    public void AnEmptyAnswerIsAnEmptyObject()
    {
        Assert.Equal("{}", JsonSerializer.Serialize(new EmptyAnswer(), Json.EmptyAnswer));
    }

    [Fact]
    public void AProviderAnswerCarriesTheChatAndContact()
    {
        var json = JsonSerializer.Serialize(new ProviderAnswer("EFHASFN1239351", "57487124"), Json.ProviderAnswer);

        Assert.Equal("""{"chatId":"EFHASFN1239351","contactId":"57487124"}""", json);
    }

    [Fact]
    public void AProviderAnswerLeavesOutWhatItDoesNotKnow()
    {
        Assert.Equal("""{"chatId":"c"}""", JsonSerializer.Serialize(new ProviderAnswer("c", null), Json.ProviderAnswer));
    }

    [Fact]
    public void AProvidersAnswerIsReadIgnoringExtraFields()
    {
        var answer = JsonSerializer.Deserialize("""{"chatId":"EFHASFN1239351","contactId":"57487124","ok":true}""", Json.ProviderAnswer);

        Assert.Equal(new ProviderAnswer("EFHASFN1239351", "57487124"), answer);
    }

    [Fact]
    public void AProvidersAnswerWithoutIdsReadsAsNulls()
    {
        var answer = JsonSerializer.Deserialize("{}", Json.ProviderAnswer);

        Assert.Equal(new ProviderAnswer(null, null), answer);
    }

    [Fact]
    public void AnErrorAnswerIsReadBack()
    {
        var answer = JsonSerializer.Deserialize("""{"error":"Invalid token"}""", Json.ErrorAnswer);

        Assert.Equal(new ErrorAnswer(ProtocolErrors.InvalidToken), answer);
    }

    [Fact]
    public void ATaskNumberSentAsAStringIsRead()
    {
        var answer = JsonSerializer.Deserialize("""{"data":{"number":"1014","statusIsActive":false}}""", Json.DataAnswerTaskNumberData);

        Assert.NotNull(answer);
        Assert.Equal(new TaskNumberData(1014, false), answer.Data);
    }

    [Fact]
    public void AContactNumberIsReadBack()
    {
        var answer = JsonSerializer.Deserialize("""{"data":{"number":1058}}""", Json.DataAnswerContactNumberData);

        Assert.NotNull(answer);
        Assert.Equal(1058, answer.Data.Number);
    }
}

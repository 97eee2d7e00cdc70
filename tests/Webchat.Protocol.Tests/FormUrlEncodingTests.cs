using System.Text;

namespace Webchat.Protocol.Tests;

public sealed class FormUrlEncodingTests
{
    private static bool TryDecode(string body, out FormFields fields, out string? error) =>
        FormUrlEncoding.TryDecode(Encoding.UTF8.GetBytes(body), out fields, out error);

    [Fact]
    public void FieldsDecodeInArrivalOrderWithTheirValues()
    {
        var form = Forms.Parse("cmd=getTask&providerId=superchat&chatId=EFHASFN1239351");

        Assert.Equal(
            [new("cmd", "getTask"), new("providerId", "superchat"), new("chatId", "EFHASFN1239351")],
            form.All);
    }

    [Fact]
    public void APlusDecodesToASpace()
    {
        var form = Forms.Parse("message=Hello+there+friend");

        Assert.Equal("Hello there friend", form["message"]);
    }

    [Fact]
    public void AnEscapedPlusStaysAPlus()
    {
        var form = Forms.Parse("contactPhone=%2B79051234567");

        Assert.Equal("+79051234567", form["contactPhone"]);
    }

    [Fact]
    public void PercentEncodedCyrillicDecodesFromUtf8()
    {
        var form = Forms.Parse("message=%D0%97%D0%B4%D1%80%D0%B0%D0%B2%D1%81%D1%82%D0%B2%D1%83%D0%B9%D1%82%D0%B5%2C+%D0%B5%D1%81%D1%82%D1%8C+%D0%B2%D0%BE%D0%BF%D1%80%D0%BE%D1%81");

        Assert.Equal("Здравствуйте, есть вопрос", form["message"]);
    }

    [Fact]
    public void LowercaseHexDigitsDecodeLikeUppercaseOnes()
    {
        var form = Forms.Parse("contactName=%d0%98%d0%b2%d0%b0%d0%bd");

        Assert.Equal("Иван", form["contactName"]);
    }

    [Fact]
    public void UnescapedUtf8BytesAreAcceptedAsText()
    {
        var form = Forms.Parse("contactName=Пётр");

        Assert.Equal("Пётр", form["contactName"]);
    }

    [Fact]
    public void AnEmojiOutsideTheBasicPlaneDecodes()
    {
        var form = Forms.Parse("message=%F0%9F%91%8D");

        Assert.Equal("👍", form["message"]);
    }

    [Fact]
    public void EscapedDelimitersInsideAValueDoNotSplitIt()
    {
        var form = Forms.Parse("contactIco=https%3A%2F%2Fx.io%2F%3Fa%3D1%26b%3D2&chatId=7");

        Assert.Equal("https://x.io/?a=1&b=2", form["contactIco"]);
        Assert.Equal("7", form["chatId"]);
    }

    [Theory]
    [InlineData("message=%")]
    [InlineData("message=%4")]
    [InlineData("message=%ZZ")]
    [InlineData("message=%G1")]
    [InlineData("message=%1G")]
    [InlineData("message=100%")]
    [InlineData("message=100%+sure")]
    [InlineData("mess%age=hello")]
    [InlineData("chatId=1&message=ok%")]
    public void ABrokenPercentSequenceRejectsTheWholeBody(string body)
    {
        Assert.False(TryDecode(body, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("message=%FF")]
    [InlineData("message=%D0")]
    [InlineData("message=%D0%41")]
    [InlineData("message=%C0%AF")]
    [InlineData("message=%ED%A0%80")]
    [InlineData("message=%F8%88%80%80%80")]
    [InlineData("%FF=value")]
    public void BytesThatAreNotUtf8RejectTheWholeBody(string body)
    {
        Assert.False(TryDecode(body, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void ARawByteThatIsNotUtf8RejectsTheWholeBody()
    {
        byte[] body = [.. "message="u8, 0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2];

        Assert.False(FormUrlEncoding.TryDecode(body, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("&&chatId=1&&&message=hi&")]
    [InlineData("chatId=1&message=hi")]
    [InlineData("&chatId=1&message=hi")]
    public void EmptyPairsAreSkipped(string body)
    {
        var form = Forms.Parse(body);

        Assert.Equal([new("chatId", "1"), new("message", "hi")], form.All);
    }

    [Fact]
    public void AnEmptyBodyHasNoFields()
    {
        var form = Forms.Parse(string.Empty);

        Assert.Empty(form.All);
    }

    [Theory]
    [InlineData("=value")]
    [InlineData("chatId=1&=value")]
    [InlineData("=")]
    public void AFieldWithNoNameIsRejected(string body)
    {
        Assert.False(TryDecode(body, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void AFieldWithoutAnEqualsSignHasAnEmptyValue()
    {
        var form = Forms.Parse("isEcho&chatId=1");

        Assert.Equal([new("isEcho", string.Empty), new("chatId", "1")], form.All);
    }

    [Fact]
    public void OnlyTheFirstEqualsSignSeparatesNameFromValue()
    {
        var form = Forms.Parse("data_formula=a=b=c");

        Assert.Equal("a=b=c", form["data_formula"]);
    }

    [Fact]
    public void RepeatedKeysKeepEveryValueInArrivalOrder()
    {
        var form = Forms.Parse("attachments%5Bname%5D=a.jpg&attachments[url]=u1&attachments[name]=b.jpg&attachments[url]=u2");

        Assert.Equal(["a.jpg", "b.jpg"], form.GetAll("attachments[name]"));
        Assert.Equal(["u1", "u2"], form.GetAll("attachments[url]"));
        Assert.Equal("a.jpg", form["attachments[name]"]);
    }

    [Fact]
    public void LookupsAreCaseSensitive()
    {
        var form = Forms.Parse("chatid=lower&chatId=camel");

        Assert.Equal("camel", form["chatId"]);
        Assert.Equal("lower", form["chatid"]);
        Assert.Null(form["CHATID"]);
        Assert.Empty(form.GetAll("ChatId"));
    }

    [Fact]
    public void EncodingWritesSpacesAsPlusAndEscapesEverythingReserved()
    {
        var form = Forms.Of(("message", "a b&c=d+e%f"), ("contactIco", "https://x.io/p?q=1"));

        Assert.Equal("message=a+b%26c%3Dd%2Be%25f&contactIco=https%3A%2F%2Fx.io%2Fp%3Fq%3D1", form.Encode());
    }

    [Fact]
    public void EncodingWritesCyrillicAsPercentEncodedUtf8()
    {
        var form = Forms.Of(("contactName", "Иван"));

        Assert.Equal("contactName=%D0%98%D0%B2%D0%B0%D0%BD", form.Encode());
    }

    [Fact]
    public void EncodingEscapesBracketsInKeys()
    {
        var form = Forms.Of(("attachments[name]", "фото1.jpg"));

        Assert.Equal("attachments%5Bname%5D=%D1%84%D0%BE%D1%82%D0%BE1.jpg", form.Encode());
    }

    [Fact]
    public void EncodedFieldsDecodeBackToTheSameFields()
    {
        var original = Forms.Of(
            ("cmd", "newMessage"),
            ("message", "Здравствуйте, есть вопрос!\r\nСтрока 2\t👍 100% + «кавычки» & a=b; ~*'()"),
            ("attachments[name]", "фото 1.jpg"),
            ("attachments[url]", "https://superchat.io/files/5444.jpg?size=big&v=2"),
            ("attachments[name]", "фото 2.jpg"),
            ("attachments[url]", "https://superchat.io/files/5445.jpg"),
            ("empty", string.Empty),
            ("data_utm source", "яндекс+директ"));

        var decoded = Forms.Parse(original.Encode());

        Assert.Equal(original.All, decoded.All);
    }

    [Fact]
    public void ABodyLargerThanOneBufferDecodes()
    {
        var text = string.Concat(Enumerable.Repeat("Привет, мир! ", 5_000));

        var decoded = Forms.Parse(Forms.Of(("message", text), ("chatId", "1")).Encode());

        Assert.Equal(text, decoded["message"]);
        Assert.Equal("1", decoded["chatId"]);
    }
}

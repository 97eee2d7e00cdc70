using System.Net;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Cli.Tests.CheckProvider;

/// <summary>
/// How a hand-written provider answers the hub: the right way, and the ways providers get it wrong, one
/// defect at a time. Each is a <see cref="ProviderReceiver"/> behaviour: a real endpoint on loopback.
/// </summary>
public static class Providers
{
    public const string Token = TestData.ProviderToken;

    /// <summary>As the protocol says: 401 for a wrong or missing token, a new chat's ids for a first message, 200 {} otherwise.</summary>
    public static ReceiverAnswer Correct(ReceivedCall call) =>
        call.Form["token"] != Token ? ReceiverAnswer.Error(401, "Invalid token")
        : string.IsNullOrEmpty(call.ChatId) ? ReceiverAnswer.Opened("chat-" + call.MessageId, "contact-" + call.Form["contactPhone"])
        : ReceiverAnswer.Ok();

    /// <summary>Compares the token with the wrong key: refuses the hub's calls too.</summary>
    public static ReceiverAnswer RefusesRightToken(ReceivedCall call) =>
        call.Form["token"] != "some-other-key" ? ReceiverAnswer.Error(401, "Invalid token") : ReceiverAnswer.Ok();

    /// <summary>Never looks at the token.</summary>
    public static ReceiverAnswer IgnoresToken(ReceivedCall call) => Correct(WithToken(call));

    /// <summary>Checks the token only when one was sent.</summary>
    public static ReceiverAnswer AcceptsMissingToken(ReceivedCall call) =>
        call.Form["token"] is null ? Correct(WithToken(call)) : Correct(call);

    /// <summary>Answers a first message like any other: no chat ids.</summary>
    public static ReceiverAnswer ForgetsFirstMessage(ReceivedCall call) =>
        call.Form["token"] != Token ? ReceiverAnswer.Error(401, "Invalid token") : ReceiverAnswer.Ok();

    /// <summary>Keeps one attachment only, as PHP's $_POST does, and refuses a message that has more.</summary>
    public static ReceiverAnswer RefusesSeveralAttachments(ReceivedCall call) =>
        call.Form.GetAll("attachments[name]").Count > 1 ? ReceiverAnswer.Error(400, "Invalid parameters") : Correct(call);

    /// <summary>Opens the chat for a first message so slowly that the hub has given up.</summary>
    public static ReceiverAnswer HangsOnFirstMessage(ReceivedCall call) =>
        string.IsNullOrEmpty(call.ChatId) ? ReceiverAnswer.Silence() : Correct(call);

    /// <summary>Right in every required way, but refuses a messageId it has seen and answers with an empty body.</summary>
    public static Func<ReceivedCall, ReceiverAnswer> SloppyButConformant()
    {
        var seen = new HashSet<string>();
        return call =>
        {
            var answer = Correct(call);
            if (answer.Status != (int)HttpStatusCode.OK)
            {
                return answer;
            }

            lock (seen)
            {
                if (!seen.Add(call.MessageId!))
                {
                    return ReceiverAnswer.Error(409, "Duplicate");
                }
            }

            return string.IsNullOrEmpty(call.ChatId) ? answer : answer with { Body = string.Empty };
        };
    }

    private static ReceivedCall WithToken(ReceivedCall call) =>
        new(new Webchat.Protocol.FormFields(call.Form.All.Where(f => f.Key != "token").Append(new("token", Token))), call.ContentType);
}

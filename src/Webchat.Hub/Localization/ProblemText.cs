namespace Webchat.Hub.Localization;

/// <summary>The hub's ProblemDetails titles and details: <c>ProblemText.resx</c> and one file per other language.</summary>
public sealed class ProblemText
{
    private ProblemText()
    {
    }
}

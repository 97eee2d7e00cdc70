namespace Webchat.Cli.Common;

/// <summary>The tool's exit codes, as the README documents them.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The hub or provider answered with an error, could not be reached, or a check failed.</summary>
    public const int Failure = 1;

    /// <summary>Bad usage, or the hub's <c>Invalid parameters</c>.</summary>
    public const int Usage = 2;

    /// <summary>The hub's <c>Invalid token</c>.</summary>
    public const int InvalidToken = 3;
}

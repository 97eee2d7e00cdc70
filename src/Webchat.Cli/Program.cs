using Webchat.Cli;
using Webchat.Cli.Common;

return await WebchatCli.RunAsync(args, CliEnvironment.Process());

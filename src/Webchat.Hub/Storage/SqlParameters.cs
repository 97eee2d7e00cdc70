using System.Data.Common;

namespace Webchat.Hub.Storage;

/// <summary>Parameters of the reused hot-path commands (<see cref="HubDbContext.Command"/>).</summary>
internal static class SqlParameters
{
    /// <summary>Sets parameter <paramref name="name"/>, created on the command's first use and kept for every later one.</summary>
    public static void Set(this DbCommand command, string name, object? value)
    {
        var parameters = command.Parameters;
        DbParameter parameter;
        if (parameters.Contains(name))
        {
            parameter = parameters[name];
        }
        else
        {
            parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameters.Add(parameter);
        }

        parameter.Value = value ?? DBNull.Value;
    }

    /// <summary>Adds parameter <paramref name="name"/> to a batch's statement, made afresh for each batch.</summary>
    public static void Set(this DbBatchCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}

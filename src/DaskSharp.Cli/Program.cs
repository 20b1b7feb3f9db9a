using System.CommandLine;
using DaskSharp.Cli;

// The `dask` command, as distributed's: `dask scheduler` and `dask worker`.
var root = new RootCommand("DaskSharp: parallel and distributed computing for .NET. Start a scheduler, then workers that join it.")
{
    SchedulerCommand.Create(),
    WorkerCommand.Create(),
};
return await root.Parse(args).InvokeAsync();

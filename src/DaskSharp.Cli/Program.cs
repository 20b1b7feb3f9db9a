using System.CommandLine;
using System.CommandLine.Help;
using DaskSharp.Cli;

// The `dask` command, as distributed's: `dask scheduler` and `dask worker`. The root is named
// "dask" whatever the host file is called (DaskSharp.Cli.dll, or the `dask` tool shim).
var root = new Command("dask", "DaskSharp: parallel and distributed computing for .NET. Start a scheduler, then workers that join it.")
{
    new HelpOption(),
    SchedulerCommand.Create(),
    WorkerCommand.Create(),
};
return await root.Parse(args).InvokeAsync();

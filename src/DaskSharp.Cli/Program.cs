using System.CommandLine;
using System.CommandLine.Help;
using DaskSharp.Cli;
using DaskSharp.Serialization;

// Workers hold the values of every collection installed beside the host (arrays, dataframes):
// load those assemblies now, so their codecs are registered before the first value arrives.
ValueSerializer.LoadCodecAssemblies(AppContext.BaseDirectory);

// The `dask` command, as distributed's: `dask scheduler` and `dask worker`. The root is named
// "dask" whatever the host file is called (DaskSharp.Cli.dll, or the `dask` tool shim).
var root = new Command("dask", "DaskSharp: parallel and distributed computing for .NET. Start a scheduler, then workers that join it.")
{
    new HelpOption(),
    SchedulerCommand.Create(),
    WorkerCommand.Create(),
    MpiCommand.Create(),
};
return await root.Parse(args).InvokeAsync();

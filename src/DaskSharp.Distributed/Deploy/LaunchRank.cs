using System.Globalization;

namespace DaskSharp.Distributed.Deploy;

/// <summary>
/// Which process of a parallel launch this is, read from the launcher's environment rather than
/// from an MPI library (Dask itself uses MPI only to find its rank and hand out the scheduler's
/// address; here the scheduler file does the second): <c>mpirun</c> (Open MPI's
/// <c>OMPI_COMM_WORLD_RANK</c>, PMIx's <c>PMIX_RANK</c>, MPICH/Hydra's <c>PMI_RANK</c>) or SLURM's
/// <c>srun</c> (<c>SLURM_PROCID</c>).
/// </summary>
/// <param name="Rank">This process's rank, 0 to <paramref name="Size"/> - 1.</param>
/// <param name="Size">How many processes the launch started.</param>
/// <param name="LaunchId">
/// What every process of this launch, and no other launch, shares (Open MPI's job namespace, SLURM's
/// job and step id), so a scheduler file left by an earlier launch is never taken for this one's
/// (dask-mpi#45); null when the launcher gives none (<see cref="LaunchIdVariable"/> supplies one).
/// </param>
/// <param name="Launcher">The variable the rank came from, for messages.</param>
public sealed record LaunchRank(int Rank, int Size, string? LaunchId, string Launcher)
{
    /// <summary>An environment variable that names the launch when the launcher does not: <c>mpirun -x DASKSHARP_LAUNCH_ID=$RANDOM ...</c>.</summary>
    public const string LaunchIdVariable = "DASKSHARP_LAUNCH_ID";

    // Rank and size variables, most specific first: Open MPI sets PMIX_RANK too, and an mpirun inside
    // a SLURM allocation still has the allocation's SLURM_PROCID, so the MPI launcher's own come first.
    private static readonly (string Rank, string[] Size)[] s_launchers =
    [
        ("OMPI_COMM_WORLD_RANK", ["OMPI_COMM_WORLD_SIZE"]),
        ("PMIX_RANK", ["OMPI_COMM_WORLD_SIZE", "PMIX_SIZE", "PMI_SIZE"]),
        ("PMI_RANK", ["PMI_SIZE"]),
        ("SLURM_PROCID", ["SLURM_NTASKS", "SLURM_NPROCS"]),
    ];

    /// <summary>Reads this process's rank from its environment.</summary>
    /// <exception cref="InvalidOperationException">when no launcher variable is set, or one is not a rank within its size.</exception>
    public static LaunchRank FromEnvironment() => Detect(Environment.GetEnvironmentVariable);

    /// <summary>Reads a rank from <paramref name="environment"/> (a lookup of variable to value, null when unset).</summary>
    /// <exception cref="InvalidOperationException">when no launcher variable is set, or one is not a rank within its size.</exception>
    public static LaunchRank Detect(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        foreach ((string rankVariable, string[] sizeVariables) in s_launchers)
        {
            if (Value(environment, rankVariable) is not { } rankText)
            {
                continue;
            }

            string? sizeVariable = sizeVariables.FirstOrDefault(v => Value(environment, v) is not null);
            if (sizeVariable is null)
            {
                throw new InvalidOperationException($"{rankVariable}={rankText} is set but none of {string.Join(", ", sizeVariables)} says how many processes the launch has.");
            }

            int rank = Number(rankVariable, rankText);
            int size = Number(sizeVariable, Value(environment, sizeVariable)!);
            if (size < 1 || rank >= size)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{rankVariable}={rank} is not a rank of a launch of {sizeVariable}={size} processes."));
            }

            return new LaunchRank(rank, size, LaunchIdOf(environment, rankVariable), rankVariable);
        }

        throw new InvalidOperationException(
            "This process was not started by mpirun or srun: none of OMPI_COMM_WORLD_RANK, PMIX_RANK, PMI_RANK or SLURM_PROCID is set. "
            + "Start it as, for example, mpirun -np 4 dask mpi --scheduler-file scheduler.json, or srun -n 4 dask mpi --scheduler-file scheduler.json.");
    }

    /// <summary>The launch's id: the user's <see cref="LaunchIdVariable"/>, else the launcher's job (Open MPI/PMIx namespace, SLURM job and step).</summary>
    private static string? LaunchIdOf(Func<string, string?> environment, string rankVariable)
    {
        if (Value(environment, LaunchIdVariable) is { } given)
        {
            return given;
        }

        if (rankVariable != "SLURM_PROCID")
        {
            return Value(environment, "PMIX_NAMESPACE") ?? Value(environment, "OMPI_MCA_ess_base_jobid") ?? Value(environment, "PMI_KVSNAME");
        }

        return Value(environment, "SLURM_JOB_ID") is { } job ? $"slurm-{job}.{Value(environment, "SLURM_STEP_ID") ?? "0"}" : null;
    }

    private static string? Value(Func<string, string?> environment, string name) => environment(name) is { Length: > 0 } v ? v.Trim() : null;

    private static int Number(string variable, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            ? n
            : throw new InvalidOperationException($"{variable}={text} is not a process number.");
}

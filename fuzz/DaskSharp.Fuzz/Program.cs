using DaskSharp.Fuzz;

// The fuzz harness. Modes:
//   afl <target>                       under afl-fuzz (run.sh instruments the assemblies and starts it)
//   random <target> [--seconds N] [--corpus DIR] [--crashes DIR] [--seed S]
//                                      a plain in-process mutation loop over the corpus, no instrumentation
//   replay <target> <file|dir>...      each input once, printing its outcome; exit 1 if any escapes
//   triage <target> <findings> <dest>  the smallest crashing input of each cause, copied to dest
//   seeds <corpus-dir>                 writes valid encodings of real messages as each target's seeds
if (args.Length < 2)
{
    Console.Error.WriteLine($"usage: afl|random|replay <target> ... | seeds <corpus-dir>; targets: {string.Join(", ", FuzzTargets.Names)}");
    return 2;
}

string mode = args[0];
if (mode == "seeds")
{
    int written = Seeds.Write(args[1]);
    Console.WriteLine($"wrote {written} seed files under {args[1]}");
    return 0;
}

string target = args[1];
if (!FuzzTargets.Names.Contains(target))
{
    Console.Error.WriteLine($"unknown target '{target}'; the targets are {string.Join(", ", FuzzTargets.Names)}");
    return 2;
}

switch (mode)
{
    case "afl":
        SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
        {
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            FuzzTargets.Run(target, bytes.ToArray());
        });
        return 0;
    case "random":
        return MutationFuzzer.Run(target, new Options(args[2..]));
    case "replay":
        return Replay.Run(target, args[2..]);
    case "triage" when args.Length == 4:
        return Triage.Run(target, args[2], args[3]);
    default:
        Console.Error.WriteLine($"unknown mode '{mode}'");
        return 2;
}

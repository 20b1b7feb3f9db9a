using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Protocol;

/// <summary>
/// A graph node still in its serialised form. The scheduler never runs user code, so it keeps and
/// forwards tasks as these bytes; only a worker turns them back into a <see cref="GraphNode"/>.
/// Functions are kept apart from the node (the header refers to them by index): a map over a
/// million items has one function, and each message carries each distinct function once.
/// </summary>
public sealed record SerializedTask(byte[] Header, ReadOnlyMemory<byte>[] Frames, byte[][] Functions);

/// <summary>
/// One task of a client's <c>update-graph</c>: its node (a <see cref="GraphNode"/> in process, a
/// <see cref="SerializedTask"/> after TCP), the keys it reads, its place in the static order and
/// its retries.
/// </summary>
public sealed record SubmittedTask(Key Key, object Node, Key[] Dependencies, int Order, int Retries);

/// <summary>One task of the scheduler's <c>compute-tasks</c> to a worker, with where each input lives.</summary>
public sealed record TaskAssignment(Key Key, long Generation, int Order, object Node, Key[] Dependencies, string[][] Holders);

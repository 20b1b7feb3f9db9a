using DaskSharp.DataFrames.Serialization;
using DaskSharp.Serialization;

[assembly: ValueCodecs(typeof(DataFrameCodecs))]

namespace DaskSharp.DataFrames.Serialization;

/// <summary>
/// Every value a dataframe graph carries between processes: partitions (Arrow IPC) and the plans
/// tasks run (<see cref="PlanSerializer"/>), and the memory a partition holds. Registered with
/// Core's registry when this assembly loads; Distributed does not know dataframes.
/// </summary>
internal sealed class DataFrameCodecs : IValueCodecRegistration
{
    public void Register()
    {
        ValueSerializer.Register(new PartitionSerializer());
        ValueSerializer.Register(new PlanSerializer());
        ValueSerializer.Register(new ReadParquetSerializer());
        ValueSerializer.Register(new CsvSourceSerializer());
        ValueSerializer.Register(new TimeSeriesSerializer());
        SizeOf.Register<Partition>(p => 64 + PartitionSerializer.Bytes(p));
    }
}

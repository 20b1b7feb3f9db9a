using System.Linq.Expressions;
using System.Reflection;
using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Interop;

/// <summary>
/// Objects to Arrow columns (<c>Dd.FromRecords</c>): each public readable property of
/// <typeparamref name="T"/> becomes a typed column, read through a compiled getter (no boxing):
/// int → int32, long → int64, float → float32, double → float64, bool → bool, string → string,
/// DateTime → datetime64[ns] (local times converted to UTC, unspecified ones taken as UTC, as
/// pandas' naive datetimes), DateTimeOffset → datetime64[ns, UTC] (the instant); a nullable form
/// (or a null string) gives nulls.
/// </summary>
internal static class RecordColumns<T>
{
    private static readonly TimestampType s_naive = new(TimeUnit.Nanosecond, (string?)null);
    private static readonly TimestampType s_utc = new(TimeUnit.Nanosecond, "UTC");

    /// <summary>The types a property may have, as the error for any other lists them.</summary>
    public const string Supported = "int, long, float, double, bool, string, DateTime, DateTimeOffset (or their nullable forms)";

    /// <summary>The properties that become columns, in declaration order.</summary>
    /// <exception cref="NotSupportedException">naming a property whose type has no column type.</exception>
    public static PropertyInfo[] Properties()
    {
        PropertyInfo[] properties = [.. typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0).OrderBy(p => p.MetadataToken)];
        if (properties.Length == 0)
        {
            throw new ArgumentException($"{typeof(T).Name} has no public properties to make columns of.", nameof(T));
        }

        foreach (PropertyInfo p in properties)
        {
            if (ArrowType(p.PropertyType) is null)
            {
                throw new NotSupportedException($"Property {typeof(T).Name}.{p.Name} is a {ClrTypes.Describe(p.PropertyType)}, which has no column type; the supported types are {Supported}.");
            }
        }

        return properties;
    }

    /// <summary>The table of <paramref name="records"/>, one column per property.</summary>
    public static RecordBatch Table(IReadOnlyList<T> records)
    {
        PropertyInfo[] properties = Properties();
        var fields = new Field[properties.Length];
        var columns = new IArrowArray[properties.Length];
        for (int c = 0; c < properties.Length; c++)
        {
            PropertyInfo p = properties[c];
            columns[c] = Build(records, p);
            fields[c] = new Field(p.Name, columns[c].Data.DataType, nullable: true);
        }

        return new RecordBatch(new Schema(fields, null), columns, records.Count);
    }

    /// <summary>The column type of a property type, or null when there is none.</summary>
    public static IArrowType? ArrowType(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) => Int32Type.Default,
        var t when t == typeof(long) => Int64Type.Default,
        var t when t == typeof(float) => FloatType.Default,
        var t when t == typeof(double) => DoubleType.Default,
        var t when t == typeof(bool) => BooleanType.Default,
        var t when t == typeof(string) => StringType.Default,
        var t when t == typeof(DateTime) => s_naive,
        var t when t == typeof(DateTimeOffset) => s_utc,
        _ => null,
    };

    private static IArrowArray Build(IReadOnlyList<T> records, PropertyInfo property)
    {
        Type type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (type == typeof(string))
        {
            Func<T, string?> get = Getter<string?>(property);
            var strings = new StringArray.Builder();
            for (int i = 0; i < records.Count; i++)
            {
                if (get(records[i]) is { } s) { strings.Append(s); } else { strings.AppendNull(); }
            }

            return strings.Build();
        }

        if (type == typeof(bool))
        {
            Func<T, bool?> get = Getter<bool?>(property);
            var valid = new bool[records.Count];
            var flags = new bool[records.Count];
            for (int i = 0; i < flags.Length; i++)
            {
                bool? v = get(records[i]);
                valid[i] = v.HasValue;
                flags[i] = v == true;
            }

            (byte[]? bits, int nulls) = ArrayBuild.Validity(valid);
            return ArrayBuild.Boolean(flags, bits, nulls);
        }

        return type switch
        {
            _ when type == typeof(int) => Primitive(records, Getter<int?>(property), Int32Type.Default, static v => v),
            _ when type == typeof(long) => Primitive(records, Getter<long?>(property), Int64Type.Default, static v => v),
            _ when type == typeof(float) => Primitive(records, Getter<float?>(property), FloatType.Default, static v => v),
            _ when type == typeof(double) => Primitive(records, Getter<double?>(property), DoubleType.Default, static v => v),
            _ when type == typeof(DateTime) => Primitive(records, Getter<DateTime?>(property), s_naive, ClrTypes.Nanoseconds),
            _ => Primitive(records, Getter<DateTimeOffset?>(property), s_utc, static v => (v.UtcTicks - DateTime.UnixEpoch.Ticks) * 100),
        };
    }

    // The property read as TResult (an int property as int?), compiled once, so values are not boxed.
    private static Func<T, TResult> Getter<TResult>(PropertyInfo property)
    {
        ParameterExpression record = Expression.Parameter(typeof(T), "record");
        return Expression.Lambda<Func<T, TResult>>(Expression.Convert(Expression.Property(record, property), typeof(TResult)), record).Compile();
    }

    private static IArrowArray Primitive<TValue, TStored>(IReadOnlyList<T> records, Func<T, TValue?> get, IArrowType arrowType, Func<TValue, TStored> store)
        where TValue : struct
        where TStored : unmanaged
    {
        var values = new TStored[records.Count];
        var valid = new bool[records.Count];
        for (int i = 0; i < values.Length; i++)
        {
            if (get(records[i]) is { } v)
            {
                valid[i] = true;
                values[i] = store(v);
            }
        }

        (byte[]? bits, int nulls) = ArrayBuild.Validity(valid);
        return ArrayBuild.Primitive(arrowType, values, values.Length, bits, nulls);
    }
}

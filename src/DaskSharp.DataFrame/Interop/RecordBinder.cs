using System.Globalization;
using System.Reflection;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Interop;

/// <summary>
/// Rows to objects (<c>LocalFrame.ToRecords</c>): columns bind to <typeparamref name="T"/>'s
/// constructor parameters and settable properties by name, ignoring case. The constructor is the
/// public one with the most parameters that all have a column (or a default); settable properties
/// it does not cover get theirs after it. Each bound member must have a column of a type that
/// converts to it without losing the kind of value (integers widen; integers and floats go to
/// float or double; no float to integer); a null goes to a nullable member, a float null also to
/// a plain double or float as NaN (pandas' missing float).
/// </summary>
internal sealed class RecordBinder<T>
{
    private readonly ConstructorInfo? _constructor;
    private readonly Member[] _arguments;
    private readonly (PropertyInfo Property, Member Member)[] _properties;

    private readonly record struct Member(string Name, Type Type, IArrowArray? Column, string ColumnName, object? Default);

    public RecordBinder(RecordBatch batch)
    {
        string[] names = [.. batch.Schema.FieldsList.Select(f => f.Name)];
        IArrowArray? Find(string member, out string column)
        {
            int i = System.Array.FindIndex(names, n => string.Equals(n, member, StringComparison.Ordinal));
            i = i >= 0 ? i : System.Array.FindIndex(names, n => string.Equals(n, member, StringComparison.OrdinalIgnoreCase));
            column = i >= 0 ? names[i] : member;
            return i >= 0 ? batch.Column(i) : null;
        }

        Type type = typeof(T);
        ConstructorInfo[] constructors = [.. type.GetConstructors().OrderByDescending(c => c.GetParameters().Length)];
        _constructor = constructors.FirstOrDefault(c => c.GetParameters().All(p => p.HasDefaultValue || Find(p.Name!, out _) is not null));
        if (_constructor is null && !type.IsValueType)
        {
            if (constructors.Length == 0)
            {
                throw new ArgumentException($"{type.Name} has no public constructor to make records with.");
            }

            ParameterInfo missing = constructors[0].GetParameters().First(p => !p.HasDefaultValue && Find(p.Name!, out _) is null);
            throw new KeyNotFoundException($"{type.Name}'s constructor parameter '{missing.Name}' has no column: {FrameSchema.MissingColumn(missing.Name!, names).Message}");
        }

        _arguments = [.. (_constructor?.GetParameters() ?? []).Select(p => Bind(p.Name!, p.ParameterType, Find(p.Name!, out string c), c, p.HasDefaultValue ? p.DefaultValue : null))];
        var covered = new HashSet<string>(_arguments.Select(a => a.Name), StringComparer.OrdinalIgnoreCase);
        PropertyInfo[] settable = [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.SetMethod!.IsPublic && p.GetIndexParameters().Length == 0 && !covered.Contains(p.Name))];
        _properties = [.. settable.Select(p =>
        {
            IArrowArray column = Find(p.Name, out string c) ?? throw new KeyNotFoundException($"{type.Name}.{p.Name} has no column: {FrameSchema.MissingColumn(p.Name, names).Message}");
            return (p, Bind(p.Name, p.PropertyType, column, c, null));
        })];
    }

    /// <summary>One object per row.</summary>
    public List<T> Read(int rows)
    {
        var records = new List<T>(rows);
        var args = new object?[_arguments.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int a = 0; a < args.Length; a++)
            {
                args[a] = Value(_arguments[a], r);
            }

            object record = _constructor is null ? Activator.CreateInstance(typeof(T))! : _constructor.Invoke(args);
            foreach ((PropertyInfo property, Member member) in _properties)
            {
                property.SetValue(record, Value(member, r));
            }

            records.Add((T)record);
        }

        return records;
    }

    private static Member Bind(string name, Type type, IArrowArray? column, string columnName, object? fallback)
    {
        if (column is not null && !Converts(column.Data.DataType, Nullable.GetUnderlyingType(type) ?? type))
        {
            throw new InvalidCastException($"Column '{columnName}' is {Dtype.Name(column.Data.DataType)}, which does not convert to {typeof(T).Name}.{name} ({ClrTypes.Describe(type)}).");
        }

        return new Member(name, type, column, columnName, fallback);
    }

    private static bool Converts(IArrowType from, Type to) => from switch
    {
        _ when to == typeof(object) => true,
        Int32Type or Int64Type => to == typeof(long) || to == typeof(int) || to == typeof(double) || to == typeof(float),
        FloatType or DoubleType => to == typeof(double) || to == typeof(float),
        BooleanType => to == typeof(bool),
        StringType or DictionaryType { ValueType: StringType } => to == typeof(string),
        TimestampType => to == typeof(DateTime) || to == typeof(DateTimeOffset),
        _ => false,
    };

    private static object? Value(Member member, int row)
    {
        if (member.Column is null)
        {
            return member.Default;
        }

        object? v = LocalFrame.Value(member.Column, row);
        Type target = Nullable.GetUnderlyingType(member.Type) ?? member.Type;
        if (v is null)
        {
            bool nullable = !member.Type.IsValueType || Nullable.GetUnderlyingType(member.Type) is not null;
            if (nullable)
            {
                return null;
            }

            if (member.Column is DoubleArray or FloatArray && (target == typeof(double) || target == typeof(float)))
            {
                return target == typeof(double) ? double.NaN : float.NaN;
            }

            throw new InvalidOperationException($"Column '{member.ColumnName}' is null in row {row}, and {typeof(T).Name}.{member.Name} ({ClrTypes.Describe(member.Type)}) cannot hold a null; make it {ClrTypes.Describe(member.Type)}? to receive nulls.");
        }

        if (target == typeof(DateTimeOffset))
        {
            return new DateTimeOffset((DateTime)v, TimeSpan.Zero);
        }

        if (target == typeof(object) || v.GetType() == target)
        {
            return v;
        }

        try
        {
            return Convert.ChangeType(v, target, CultureInfo.InvariantCulture);
        }
        catch (OverflowException e)
        {
            throw new OverflowException($"Column '{member.ColumnName}' row {row} holds {v}, which does not fit {typeof(T).Name}.{member.Name} ({ClrTypes.Describe(member.Type)}).", e);
        }
    }
}

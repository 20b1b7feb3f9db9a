using System.Text;
using System.Text.Json;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.IO;

/// <summary>
/// The "pandas" key of a Parquet file's key-value metadata, which pandas, pyarrow and Dask write
/// and read to know which column is the index: written with a frame's index, read for it.
/// </summary>
internal static class PandasMetadata
{
    /// <summary>The metadata key.</summary>
    public const string Key = "pandas";

    /// <summary>The index column <paramref name="json"/> names, if it names exactly one (a range index, a multi-index or malformed metadata give none).</summary>
    public static string? Index(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("index_columns", out JsonElement index)
                && index.ValueKind == JsonValueKind.Array
                && index.GetArrayLength() == 1
                && index[0].ValueKind == JsonValueKind.String)
            {
                return index[0].GetString();
            }
        }
        catch (JsonException)
        {
            // Another writer's malformed metadata: the frame simply has no index.
        }

        return null;
    }

    /// <summary>The metadata pandas writes for a frame of <paramref name="schema"/>.</summary>
    public static string For(FrameSchema schema)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("index_columns");
            if (schema.Index is { } index)
            {
                json.WriteStringValue(index);
            }

            json.WriteEndArray();
            json.WriteStartArray("column_indexes");
            json.WriteEndArray();
            json.WriteStartArray("columns");
            foreach (Apache.Arrow.Field f in schema.Arrow.FieldsList)
            {
                (string pandas, string numpy) = Types(f.DataType);
                json.WriteStartObject();
                json.WriteString("name", f.Name);
                json.WriteString("field_name", f.Name);
                json.WriteString("pandas_type", pandas);
                json.WriteString("numpy_type", numpy);
                if (f.DataType is TimestampType { Timezone: { Length: > 0 } tz })
                {
                    json.WriteStartObject("metadata");
                    json.WriteString("timezone", tz);
                    json.WriteEndObject();
                }
                else
                {
                    json.WriteNull("metadata");
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("creator");
            json.WriteString("library", "DaskSharp");
            json.WriteString("version", typeof(PandasMetadata).Assembly.GetName().Version?.ToString() ?? "0");
            json.WriteEndObject();
            json.WriteString("pandas_version", "2.2.3");
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static (string Pandas, string Numpy) Types(IArrowType type) => type switch
    {
        Int32Type => ("int32", "int32"),
        Int64Type => ("int64", "int64"),
        FloatType => ("float32", "float32"),
        DoubleType => ("float64", "float64"),
        BooleanType => ("bool", "bool"),
        DictionaryType => ("categorical", "int32"),
        TimestampType { Timezone: { Length: > 0 } } => ("datetimetz", "datetime64[ns]"),
        TimestampType => ("datetime", "datetime64[ns]"),
        _ => ("unicode", "object"),
    };
}

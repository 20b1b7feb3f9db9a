using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Expressions;
using DaskSharp.DataFrames.Plan.Operators;
using MessagePack;

namespace DaskSharp.DataFrames.Serialization;

/// <summary>
/// The wire form of the column-level expressions (isna, fillna, where/mask, between, isin, astype,
/// unary math, round, .str, .dt) and of the map and rename steps, for <see cref="PlanSerializer"/>:
/// each is an array of its kind and the values that define it.
/// </summary>
internal static class ColumnCodecs
{
    private static readonly Dictionary<string, int> s_fields = new(StringComparer.Ordinal)
    {
        ["isna"] = 3, ["fillna"] = 3, ["where"] = 5, ["unary"] = 3, ["round"] = 3, ["between"] = 5,
        ["isin"] = 3, ["astype"] = 3, ["strm"] = 6, ["dt"] = 3, ["dtfloor"] = 3,
    };

    public static bool TryWrite(ref MessagePackWriter writer, ColumnExpr expr)
    {
        switch (expr)
        {
            case IsNa e:
                Head(ref writer, "isna");
                writer.Write(e.Missing);
                PlanSerializer.WriteExpr(ref writer, e.Operand);
                return true;
            case FillNa e:
                Head(ref writer, "fillna");
                PlanSerializer.WriteExpr(ref writer, e.Operand);
                PlanSerializer.WriteExpr(ref writer, e.Value);
                return true;
            case WhereMask e:
                Head(ref writer, "where");
                writer.Write(e.Mask);
                PlanSerializer.WriteExpr(ref writer, e.Operand);
                PlanSerializer.WriteExpr(ref writer, e.Condition);
                if (e.Other is null)
                {
                    writer.WriteNil();
                }
                else
                {
                    PlanSerializer.WriteExpr(ref writer, e.Other);
                }

                return true;
            case UnaryMath e:
                Head(ref writer, "unary");
                writer.Write((int)e.Operator);
                PlanSerializer.WriteExpr(ref writer, e.Operand);
                return true;
            case Round e:
                Head(ref writer, "round");
                writer.Write(e.Decimals);
                PlanSerializer.WriteExpr(ref writer, e.Operand);
                return true;
            case Between e:
                Head(ref writer, "between");
                PlanSerializer.WriteExpr(ref writer, e.Operand);
                PlanSerializer.WriteExpr(ref writer, e.Left);
                PlanSerializer.WriteExpr(ref writer, e.Right);
                writer.Write(e.Inclusive);
                return true;
            case IsIn e:
                Head(ref writer, "isin");
                PlanSerializer.WriteExpr(ref writer, e.Operand);
                writer.WriteArrayHeader(e.Values.Count);
                foreach (object v in e.Values)
                {
                    PlanSerializer.WriteExpr(ref writer, new Literal(v));
                }

                return true;
            case AsType e:
                Head(ref writer, "astype");
                PlanSerializer.WriteExpr(ref writer, e.Operand);
                writer.Write(e.Dtype);
                return true;
            case StringMethod e:
                Head(ref writer, "strm");
                writer.Write((int)e.Operation);
                PlanSerializer.WriteExpr(ref writer, e.Operand);
                writer.Write(e.Pattern);
                writer.Write(e.Regex);
                writer.Write(e.CaseSensitive);
                return true;
            case DatetimePart e:
                Head(ref writer, "dt");
                writer.Write((int)e.Field);
                PlanSerializer.WriteExpr(ref writer, e.Operand);
                return true;
            case DatetimeFloor e:
                Head(ref writer, "dtfloor");
                PlanSerializer.WriteExpr(ref writer, e.Operand);
                writer.Write(e.Freq);
                return true;
            default:
                return false;
        }
    }

    private static void Head(ref MessagePackWriter writer, string kind)
    {
        writer.WriteArrayHeader(s_fields[kind]);
        writer.Write(kind);
    }

    /// <summary>True when <paramref name="kind"/> with <paramref name="fields"/> fields is one of these expressions.</summary>
    public static bool Reads(string? kind, int fields) => kind is not null && s_fields.TryGetValue(kind, out int n) && n == fields;

    /// <summary>The expression of <paramref name="kind"/>, its kind and field count already read.</summary>
    public static ColumnExpr Read(ref MessagePackReader reader, string kind)
    {
        switch (kind)
        {
            case "isna":
            {
                bool missing = reader.ReadBoolean();
                return new IsNa(PlanSerializer.ReadExpr(ref reader), missing);
            }

            case "fillna":
            {
                ColumnExpr operand = PlanSerializer.ReadExpr(ref reader);
                return new FillNa(operand, ReadLiteral(ref reader));
            }

            case "where":
            {
                bool mask = reader.ReadBoolean();
                ColumnExpr operand = PlanSerializer.ReadExpr(ref reader), condition = PlanSerializer.ReadExpr(ref reader);
                ColumnExpr? other = reader.TryReadNil() ? null : PlanSerializer.ReadExpr(ref reader);
                return new WhereMask(operand, condition, other, mask);
            }

            case "unary":
            {
                var op = (UnaryMathOperator)reader.ReadInt32();
                return Enum.IsDefined(op) ? new UnaryMath(op, PlanSerializer.ReadExpr(ref reader)) : throw new InvalidDataException($"Unknown unary operator {(int)op}.");
            }

            case "round":
            {
                int decimals = reader.ReadInt32();
                return new Round(PlanSerializer.ReadExpr(ref reader), decimals);
            }

            case "between":
            {
                ColumnExpr operand = PlanSerializer.ReadExpr(ref reader);
                Literal left = ReadLiteral(ref reader), right = ReadLiteral(ref reader);
                return new Between(operand, left, right, WireFields.Text(ref reader, "inclusive"));
            }

            case "isin":
            {
                ColumnExpr operand = PlanSerializer.ReadExpr(ref reader);
                var values = new object[reader.ReadArrayHeader()];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = ReadLiteral(ref reader).Value;
                }

                return new IsIn(operand, values);
            }

            case "astype":
            {
                ColumnExpr operand = PlanSerializer.ReadExpr(ref reader);
                return new AsType(operand, WireFields.Text(ref reader, "dtype"));
            }

            case "strm":
            {
                var op = (StringOperation)reader.ReadInt32();
                if (!Enum.IsDefined(op))
                {
                    throw new InvalidDataException($"Unknown string method {(int)op}.");
                }

                ColumnExpr operand = PlanSerializer.ReadExpr(ref reader);
                string? pattern = reader.ReadString();
                bool regex = reader.ReadBoolean();
                return new StringMethod(op, operand, pattern, regex, reader.ReadBoolean());
            }

            case "dt":
            {
                var field = (DatetimeField)reader.ReadInt32();
                return Enum.IsDefined(field) ? new DatetimePart(field, PlanSerializer.ReadExpr(ref reader)) : throw new InvalidDataException($"Unknown datetime field {(int)field}.");
            }

            default:
            {
                ColumnExpr operand = PlanSerializer.ReadExpr(ref reader);
                return new DatetimeFloor(operand, WireFields.Text(ref reader, "frequency"));
            }
        }
    }

    private static Literal ReadLiteral(ref MessagePackReader reader) =>
        PlanSerializer.ReadExpr(ref reader) as Literal ?? throw new InvalidDataException("A constant was expected on the wire, not an expression.");

    /// <summary>A <see cref="DateTimeKind"/> from the wire, refused when unknown.</summary>
    public static DateTimeKind Kind(int kind) => Enum.IsDefined((DateTimeKind)kind) ? (DateTimeKind)kind : throw new InvalidDataException($"Unknown DateTimeKind {kind}.");

    /// <summary>A map step, its kind read.</summary>
    public static MapColumnsStep ReadMap(ref MessagePackReader reader)
    {
        string label = WireFields.Text(ref reader, "label");
        var values = new (string, ColumnExpr)[reader.ReadArrayHeader()];
        for (int i = 0; i < values.Length; i++)
        {
            WireFields.Expect(ref reader, 2, "a mapped column");
            string column = WireFields.Text(ref reader, "column name");
            values[i] = (column, PlanSerializer.ReadExpr(ref reader));
        }

        return new MapColumnsStep(label, values);
    }

    /// <summary>A rename step, its kind read.</summary>
    public static RenameStep ReadRename(ref MessagePackReader reader)
    {
        var names = new (string, string)[reader.ReadArrayHeader()];
        for (int i = 0; i < names.Length; i++)
        {
            WireFields.Expect(ref reader, 2, "a renamed column");
            string from = WireFields.Text(ref reader, "column name");
            names[i] = (from, WireFields.Text(ref reader, "column name"));
        }

        return new RenameStep(names);
    }
}

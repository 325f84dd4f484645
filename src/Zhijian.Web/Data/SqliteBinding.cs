using System.Buffers;
using System.Globalization;
using System.Text;
using SQLitePCL;

namespace Zhijian.Web.Data;

/// <summary>
/// Binds a provider value to a positional parameter of a raw SQLite statement the way Microsoft.Data.Sqlite binds
/// it (integers and booleans as INTEGER, floating point as REAL, strings as TEXT, <see cref="DateOnly"/> as
/// <c>yyyy-MM-dd</c> TEXT, null as NULL), for <see cref="BulkInsert"/>. Types the entities written in bulk do not use
/// are refused when the statement is built, not guessed.
/// </summary>
public static class SqliteBinding
{
    /// <summary>Binds <c>value</c> (a provider value or null) to parameter <c>index</c> (1-based); returns SQLite's result code.</summary>
    public delegate int Binder(sqlite3_stmt statement, int index, object? value);

    public static Binder For(Type providerType, string column)
    {
        var type = Nullable.GetUnderlyingType(providerType) ?? providerType;
        Func<sqlite3_stmt, int, object, int> bind =
            type == typeof(string) ? (s, i, v) => BindText(s, i, (string)v)
            : type == typeof(long) ? (s, i, v) => raw.sqlite3_bind_int64(s, i, (long)v)
            : type == typeof(int) ? (s, i, v) => raw.sqlite3_bind_int64(s, i, (int)v)
            : type == typeof(short) ? (s, i, v) => raw.sqlite3_bind_int64(s, i, (short)v)
            : type == typeof(byte) ? (s, i, v) => raw.sqlite3_bind_int64(s, i, (byte)v)
            : type == typeof(bool) ? (s, i, v) => raw.sqlite3_bind_int64(s, i, (bool)v ? 1 : 0)
            : type == typeof(double) ? (s, i, v) => raw.sqlite3_bind_double(s, i, (double)v)
            : type == typeof(float) ? (s, i, v) => raw.sqlite3_bind_double(s, i, (float)v)
            : type == typeof(DateOnly) ? (s, i, v) => BindDate(s, i, (DateOnly)v)
            : throw new NotSupportedException($"Bulk insert on SQLite: column {column} has the unsupported type {type.Name}.");
        return (s, i, v) => v is null ? raw.sqlite3_bind_null(s, i) : bind(s, i, v);
    }

    /// <summary>
    /// Text as UTF-8 encoded on the stack (or in a rented buffer when long); SQLite copies it. SQLitePCL's string overload
    /// allocated a byte array for every value, two million of them in a 100,000-member import.
    /// </summary>
    private static int BindText(sqlite3_stmt statement, int index, string value)
    {
        var most = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (most <= 1024)
        {
            Span<byte> buffer = stackalloc byte[1024];
            return raw.sqlite3_bind_text(statement, index, buffer[..Encoding.UTF8.GetBytes(value, buffer)]);
        }

        var rented = ArrayPool<byte>.Shared.Rent(most);
        try
        {
            return raw.sqlite3_bind_text(statement, index, rented.AsSpan(0, Encoding.UTF8.GetBytes(value, rented)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int BindDate(sqlite3_stmt statement, int index, DateOnly value)
    {
        Span<byte> buffer = stackalloc byte[16];
        value.TryFormat(buffer, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return raw.sqlite3_bind_text(statement, index, buffer[..written]);
    }
}

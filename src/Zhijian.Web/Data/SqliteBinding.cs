using System.Globalization;
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
            type == typeof(string) ? (s, i, v) => raw.sqlite3_bind_text(s, i, (string)v)
            : type == typeof(long) ? (s, i, v) => raw.sqlite3_bind_int64(s, i, (long)v)
            : type == typeof(int) ? (s, i, v) => raw.sqlite3_bind_int64(s, i, (int)v)
            : type == typeof(short) ? (s, i, v) => raw.sqlite3_bind_int64(s, i, (short)v)
            : type == typeof(byte) ? (s, i, v) => raw.sqlite3_bind_int64(s, i, (byte)v)
            : type == typeof(bool) ? (s, i, v) => raw.sqlite3_bind_int64(s, i, (bool)v ? 1 : 0)
            : type == typeof(double) ? (s, i, v) => raw.sqlite3_bind_double(s, i, (double)v)
            : type == typeof(float) ? (s, i, v) => raw.sqlite3_bind_double(s, i, (float)v)
            : type == typeof(DateOnly) ? (s, i, v) => raw.sqlite3_bind_text(s, i,
                ((DateOnly)v).ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture))
            : throw new NotSupportedException($"Bulk insert on SQLite: column {column} has the unsupported type {type.Name}.");
        return (s, i, v) => v is null ? raw.sqlite3_bind_null(s, i) : bind(s, i, v);
    }
}

using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Data;

/// <summary>
/// Inserts many new entities of one type inside the current transaction without the change tracker, the
/// columns and value conversions taken from the EF model (so a new property needs no change here):
/// PostgreSQL takes ids from the identity sequence and binary COPY; SQLite continues the table's ids in
/// prepared multi-row <c>INSERT</c>s with positional parameters. Generated ids are written back to the entities.
/// </summary>
public static partial class BulkInsert
{
    private sealed record Column(IProperty Property, string Name, ValueConverter? Converter, string StoreType, Type ProviderType);

    private sealed record ValueConverter(Func<object?, object?> ToProvider);

    public static async Task InsertAsync<T>(this ZhijianDbContext db, IReadOnlyList<T> rows, CancellationToken ct = default)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Bulk inserts run inside the caller's transaction.");
        }

        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var columns = entity.GetProperties().Where(p => p != key).Select(p =>
        {
            if (p.IsShadowProperty())
            {
                throw new InvalidOperationException($"{typeof(T).Name}.{p.Name} is a shadow property; bulk inserts need CLR properties.");
            }

            var mapping = p.GetRelationalTypeMapping();
            var converter = mapping.Converter is { } c ? new ValueConverter(c.ConvertToProvider) : null;
            var provider = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
            return new Column(p, p.GetColumnName(store)!, converter, mapping.StoreType, Nullable.GetUnderlyingType(provider) ?? provider);
        }).ToList();

        RefuseUnstorableText(columns, rows);
        switch (db.Database.GetDbConnection())
        {
            case NpgsqlConnection npgsql:
                await CopyAsync(npgsql, table, key, key.GetColumnName(store)!, columns, rows, ct);
                break;
            case SqliteConnection sqlite:
                await InsertChunkedAsync(sqlite, table, key, key.GetColumnName(store)!, columns, rows, ct);
                break;
            case var other:
                throw new NotSupportedException($"Bulk insert: no path for {other.GetType().Name}.");
        }
    }

    /// <summary>What <see cref="StoredTextGuard"/> does for SaveChanges, before the first row is written.</summary>
    private static void RefuseUnstorableText<T>(List<Column> columns, IReadOnlyList<T> rows)
        where T : class
    {
        var text = columns.Where(c => c.Property.ClrType == typeof(string)).ToArray();
        foreach (var row in rows)
        {
            foreach (var column in text)
            {
                if (column.Property.GetGetter().GetClrValue(row) is string value
                    && StoredTextGuard.Problem(column.Property, value) is { } message)
                {
                    throw DomainException.Validation(StoredTextGuard.FieldName(column.Property), message);
                }
            }
        }
    }

    private static object? ValueOf(Column column, object row)
    {
        var value = column.Property.GetGetter().GetClrValue(row);
        return value is null || column.Converter is null ? value : column.Converter.ToProvider(value);
    }

    private static async Task CopyAsync<T>(NpgsqlConnection connection, string table, IProperty key, string keyColumn,
        List<Column> columns, IReadOnlyList<T> rows, CancellationToken ct)
        where T : class
    {
        // Ids from the identity sequence first, so that dependants can point at them. The sequence is looked up once, by
        // its OID: pg_get_serial_sequence in the select list was evaluated for every row, six times the cost of the
        // nextval calls themselves (0.8 s of a 100,000-member import).
        uint sequence;
        await using (var find = new NpgsqlCommand("SELECT pg_get_serial_sequence(@table, @column)::regclass::oid", connection))
        {
            find.Parameters.AddWithValue("table", $"\"{table}\"");
            find.Parameters.AddWithValue("column", keyColumn);
            sequence = (uint)(await find.ExecuteScalarAsync(ct))!;
        }

        var ids = new List<long>(rows.Count);
        await using (var next = new NpgsqlCommand("SELECT nextval(@sequence::regclass) FROM generate_series(1, @n)", connection))
        {
            next.Parameters.Add(new NpgsqlParameter("sequence", NpgsqlDbType.Oid) { Value = sequence });
            next.Parameters.AddWithValue("n", rows.Count);
            await using var reader = await next.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        var writers = columns.Select(Writer).ToArray();
        var list = string.Join(",", columns.Select(c => $"\"{c.Name}\"").Prepend($"\"{keyColumn}\""));
        await using var w = await connection.BeginBinaryImportAsync($"COPY \"{table}\" ({list}) FROM STDIN (FORMAT BINARY)", ct);
        for (var i = 0; i < rows.Count; i++)
        {
            key.PropertyInfo!.SetValue(rows[i], ids[i]);
            await w.StartRowAsync(ct);
            await w.WriteAsync(ids[i], NpgsqlDbType.Bigint, ct);
            for (var c = 0; c < columns.Count; c++)
            {
                var value = ValueOf(columns[c], rows[i]);
                if (value is null)
                {
                    await w.WriteNullAsync(ct);
                }
                else
                {
                    await writers[c](w, value, ct);
                }
            }
        }

        await w.CompleteAsync(ct);
    }

    /// <summary>Rows per multi-row <c>INSERT</c> on SQLite (parameters stay far below its 32,766 limit).</summary>
    private const int SqliteRowsPerStatement = 100;

    /// <summary>
    /// SQLite: ids continue from the table's largest (on SQLite the caller's transaction began with BEGIN IMMEDIATE, so
    /// it holds the database's single write lock, and the primary key would refuse a clash anyway), then prepared
    /// multi-row <c>INSERT</c>s stepped through the SQLite handle with positional parameters. Microsoft.Data.Sqlite
    /// binds every parameter by name (a UTF-8 conversion and a linear search per value), which took three quarters of
    /// a 100,000-row import; one row per statement also paid the AUTOINCREMENT bookkeeping for every row. Values are
    /// bound as Microsoft.Data.Sqlite binds them (<see cref="SqliteBinding"/>; a unit test compares the two).
    /// </summary>
    private static async Task InsertChunkedAsync<T>(SqliteConnection connection, string table, IProperty key, string keyColumn,
        List<Column> columns, IReadOnlyList<T> rows, CancellationToken ct)
        where T : class
    {
        long nextId;
        await using (var max = connection.CreateCommand())
        {
            max.CommandText = $"SELECT coalesce(max(\"{keyColumn}\"), 0) FROM \"{table}\"";
            nextId = (long)(await max.ExecuteScalarAsync(ct))! + 1;
        }

        var handle = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var binders = columns.Select(c => SqliteBinding.For(c.ProviderType, c.Name)).ToArray();
        var width = columns.Count + 1;
        var head = $"INSERT INTO \"{table}\" ({string.Join(",", columns.Select(c => $"\"{c.Name}\"").Prepend($"\"{keyColumn}\""))}) VALUES ";
        var tuple = "(" + string.Join(",", Enumerable.Repeat("?", width)) + ")";
        SQLitePCL.sqlite3_stmt? statement = null;
        var statementRows = 0;
        try
        {
            for (var start = 0; start < rows.Count; start += SqliteRowsPerStatement)
            {
                ct.ThrowIfCancellationRequested();
                var count = Math.Min(SqliteRowsPerStatement, rows.Count - start);
                if (statement is null || statementRows != count)
                {
                    statement?.Dispose();
                    Check(raw.sqlite3_prepare_v2(handle, head + string.Join(",", Enumerable.Repeat(tuple, count)), out statement), handle);
                    statementRows = count;
                }

                for (var r = 0; r < count; r++)
                {
                    var row = rows[start + r];
                    var id = nextId++;
                    key.PropertyInfo!.SetValue(row, id);
                    var first = r * width + 1;
                    Check(raw.sqlite3_bind_int64(statement, first, id), handle);
                    for (var c = 0; c < columns.Count; c++)
                    {
                        Check(binders[c](statement, first + c + 1, ValueOf(columns[c], row)), handle);
                    }
                }

                var rc = raw.sqlite3_step(statement);
                raw.sqlite3_reset(statement);
                if (rc != raw.SQLITE_DONE)
                {
                    Check(rc, handle);
                }
            }
        }
        finally
        {
            statement?.Dispose();
        }
    }

    private static void Check(int rc, SQLitePCL.sqlite3 handle)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            SqliteException.ThrowExceptionForRC(rc, handle);
        }
    }

    private delegate Task CopyWriter(NpgsqlBinaryImporter writer, object value, CancellationToken ct);

    /// <summary>A typed writer per column, resolved once: late-bound writes would look the type up for every value.</summary>
    private static CopyWriter Writer(Column column)
    {
        var dbType = Facets().Replace(column.StoreType, "") switch
        {
            "text" => NpgsqlDbType.Text,
            "character varying" => NpgsqlDbType.Varchar,
            "bigint" => NpgsqlDbType.Bigint,
            "integer" => NpgsqlDbType.Integer,
            "smallint" => NpgsqlDbType.Smallint,
            "boolean" => NpgsqlDbType.Boolean,
            "date" => NpgsqlDbType.Date,
            "timestamp with time zone" => NpgsqlDbType.TimestampTz,
            "numeric" => NpgsqlDbType.Numeric,
            "double precision" => NpgsqlDbType.Double,
            var other => throw new NotSupportedException($"Bulk insert: column {column.Name} has the unsupported type {other}."),
        };
        var t = column.ProviderType;
        return t == typeof(string) ? Typed<string>(dbType)
            : t == typeof(long) ? Typed<long>(dbType)
            : t == typeof(int) ? Typed<int>(dbType)
            : t == typeof(short) ? Typed<short>(dbType)
            : t == typeof(bool) ? Typed<bool>(dbType)
            : t == typeof(DateOnly) ? Typed<DateOnly>(dbType)
            : t == typeof(DateTimeOffset) ? Typed<DateTimeOffset>(dbType)
            : t == typeof(decimal) ? Typed<decimal>(dbType)
            : t == typeof(double) ? Typed<double>(dbType)
            : throw new NotSupportedException($"Bulk insert: column {column.Name} has the unsupported CLR type {t.Name}.");
    }

    private static CopyWriter Typed<TValue>(NpgsqlDbType type) => (w, v, ct) => w.WriteAsync((TValue)v, type, ct);

    [GeneratedRegex(@"\(.*\)")]
    private static partial Regex Facets();
}

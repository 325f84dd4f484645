using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Zhijian.Web.Data;

/// <summary>
/// Inserts many new entities of one type inside the current transaction without the change tracker, the
/// columns and value conversions taken from the EF model (so a new property needs no change here):
/// PostgreSQL takes ids from the identity sequence and binary COPY; SQLite runs one prepared
/// <c>INSERT ... RETURNING</c> per row. Generated ids are written back to the entities.
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

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction.GetDbTransaction();
        if (connection is NpgsqlConnection npgsql)
        {
            await CopyAsync(npgsql, table, key, key.GetColumnName(store)!, columns, rows, ct);
        }
        else
        {
            await InsertEachAsync(connection, transaction, table, key, key.GetColumnName(store)!, columns, rows, ct);
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
        // Ids from the identity sequence first, so that dependants can point at them.
        var ids = new List<long>(rows.Count);
        await using (var next = new NpgsqlCommand(
            "SELECT nextval(pg_get_serial_sequence(@table, @column)) FROM generate_series(1, @n)", connection))
        {
            next.Parameters.AddWithValue("table", $"\"{table}\"");
            next.Parameters.AddWithValue("column", keyColumn);
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

    private static async Task InsertEachAsync<T>(DbConnection connection, DbTransaction transaction, string table,
        IProperty key, string keyColumn, List<Column> columns, IReadOnlyList<T> rows, CancellationToken ct)
        where T : class
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO \"{table}\" ({string.Join(",", columns.Select(c => $"\"{c.Name}\""))}) " +
            $"VALUES ({string.Join(",", columns.Select((_, i) => $"$p{i}"))}) RETURNING \"{keyColumn}\"";
        var parameters = columns.Select((_, i) =>
        {
            var p = insert.CreateParameter();
            p.ParameterName = $"$p{i}";
            insert.Parameters.Add(p);
            return p;
        }).ToArray();
        await insert.PrepareAsync(ct);
        foreach (var row in rows)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                parameters[c].Value = ValueOf(columns[c], row) ?? DBNull.Value;
            }

            var id = (long)(await insert.ExecuteScalarAsync(ct))!;
            key.PropertyInfo!.SetValue(row, id);
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

using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Zhijian.Web.Data;

/// <summary>
/// Per-connection SQLite settings, applied each time a connection is opened (pooled ones included): a 16 MiB page
/// cache instead of SQLite's 2 MiB default, which kept evicting index pages while a 100,000-member import wrote
/// (64 MiB measured no better, and every pooled connection holds its own cache), and temporary tables in memory.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public const string Statements = "PRAGMA cache_size=-16384; PRAGMA temp_store=MEMORY;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Statements;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Statements;
        command.ExecuteNonQuery();
    }
}

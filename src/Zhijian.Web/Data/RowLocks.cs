using Microsoft.EntityFrameworkCore;

namespace Zhijian.Web.Data;

/// <summary>
/// Row locks for state changes on PostgreSQL, where writes run at READ COMMITTED: a request locks the row it is about
/// to change (or, for a parent it only needs to stay as it is, shares the lock) before it reads the state it checks, so
/// of N identical requests one changes the state and the others, queued on the lock, read the changed state and answer
/// 409. SQLite needs nothing: its writers are serialized from BEGIN IMMEDIATE, before they read anything.
/// <para>
/// Lock order, the same in every write so that two transactions cannot wait for each other: the tree lock
/// (<see cref="Transactions.LockTreeAsync"/>), then organizations, persons, memberships, positions and the other rows
/// of the change (one row each, or several in id order), then the counter rows in id order (<c>OrgCounters</c>), then
/// the audit chain's lock, last.
/// </para>
/// </summary>
public static class RowLocks
{
    /// <summary>Locks one row of <typeparamref name="T"/> (key <c>Id</c>) until the transaction ends: <c>SELECT … FOR UPDATE</c>.</summary>
    public static Task LockForUpdateAsync<T>(this ZhijianDbContext db, long id, CancellationToken ct = default)
        where T : class => LockAsync<T>(db, [id], "FOR UPDATE", ct);

    /// <summary>Locks rows of <typeparamref name="T"/> for update in id order (several rows of one change).</summary>
    public static Task LockForUpdateAsync<T>(this ZhijianDbContext db, IReadOnlyCollection<long> ids, CancellationToken ct = default)
        where T : class => LockAsync<T>(db, ids, "FOR UPDATE", ct);

    /// <summary>
    /// Shares the lock of one row of <typeparamref name="T"/>: concurrent sharers go on, a change of that row
    /// (<see cref="LockForUpdateAsync{T}(ZhijianDbContext, long, CancellationToken)"/>) waits for them and they for it.
    /// For a parent that must stay as checked: a branch a member is added to, an organization a position is created in.
    /// </summary>
    public static Task LockForShareAsync<T>(this ZhijianDbContext db, long id, CancellationToken ct = default)
        where T : class => LockAsync<T>(db, [id], "FOR SHARE", ct);

    private static async Task LockAsync<T>(ZhijianDbContext db, IReadOnlyCollection<long> ids, string mode, CancellationToken ct)
        where T : class
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Row locks are taken inside the transaction of the change.");
        }

        if (!db.IsPostgres || ids.Count == 0)
        {
            return;
        }

        // The table name comes from the model, never from input; the ids are a parameter.
        var table = db.Model.FindEntityType(typeof(T))?.GetTableName()
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var sorted = ids.Distinct().Order().ToArray();
        var sql = "SELECT 1 FROM \"" + table + "\" WHERE \"Id\" = ANY({0}) ORDER BY \"Id\" " + mode;
        await db.Database.ExecuteSqlRawAsync(sql, [sorted], ct);
    }
}

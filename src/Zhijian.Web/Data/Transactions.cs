using Microsoft.EntityFrameworkCore;

namespace Zhijian.Web.Data;

/// <summary>One write, one transaction: a change, its counters and its audit event commit together or not at all.</summary>
public static class Transactions
{
    public static async Task<T> InTransactionAsync<T>(this ZhijianDbContext db, Func<Task<T>> work,
        CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await work();
        }

        // On SQLite this is BEGIN IMMEDIATE: writers queue for the lock up front instead of failing at commit.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var result = await work();
            await tx.CommitAsync(ct);
            return result;
        }
        catch
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            throw;
        }
    }

    // Any constant: the key of the PostgreSQL advisory lock that guards the shape of the tree.
    private const long TreeLockKey = 0x5A48_5452_4545;

    /// <summary>
    /// Guards the tree's paths inside the current transaction on PostgreSQL: moves and merges take it
    /// exclusively, every other write that reads a path (creating an organization, adding a member)
    /// shares it, so no write can use a path that a concurrent move is rewriting. SQLite needs nothing:
    /// its writers are already serialized by BEGIN IMMEDIATE.
    /// </summary>
    public static async Task LockTreeAsync(this ZhijianDbContext db, bool exclusive, CancellationToken ct = default)
    {
        if (!db.IsPostgres)
        {
            return;
        }

        if (exclusive)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({TreeLockKey})", ct);
        }
        else
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock_shared({TreeLockKey})", ct);
        }
    }

    /// <summary>
    /// After rows were written with explicit ids (demo and bulk seeds), moves PostgreSQL's identity
    /// sequences past them so that the next insert does not collide. SQLite needs nothing.
    /// </summary>
    public static Task AdvanceIdentitySequencesAsync(this ZhijianDbContext db, CancellationToken ct = default) =>
        !db.IsPostgres
            ? Task.CompletedTask
            : db.Database.ExecuteSqlRawAsync("""
                SELECT setval(pg_get_serial_sequence('"Organizations"', 'Id'), (SELECT max("Id") FROM "Organizations"));
                SELECT setval(pg_get_serial_sequence('"Persons"', 'Id'), (SELECT max("Id") FROM "Persons"));
                SELECT setval(pg_get_serial_sequence('"Memberships"', 'Id'), (SELECT max("Id") FROM "Memberships"));
                """, ct);

    public static Task InTransactionAsync(this ZhijianDbContext db, Func<Task> work, CancellationToken ct = default) =>
        db.InTransactionAsync(async () =>
        {
            await work();
            return true;
        }, ct);
}

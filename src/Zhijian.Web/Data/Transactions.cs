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

    public static Task InTransactionAsync(this ZhijianDbContext db, Func<Task> work, CancellationToken ct = default) =>
        db.InTransactionAsync(async () =>
        {
            await work();
            return true;
        }, ct);
}

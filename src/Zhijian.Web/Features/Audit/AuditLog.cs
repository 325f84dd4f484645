using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Audit;

/// <summary>Appends hash-chained audit events and verifies the chain.</summary>
public sealed class AuditLog(ZhijianDbContext db, IActor actor, TimeProvider clock)
{
    // Any constant: the key of the PostgreSQL advisory lock that serializes appends to the chain.
    private const long ChainLockKey = 0x5A48_4A49_414E;

    /// <summary>
    /// Appends one event inside the caller's transaction (which must be open): the chain is
    /// serialized by a transaction-scoped advisory lock on PostgreSQL and by SQLite's write lock.
    /// </summary>
    public Task AppendAsync(AuditAction action, long? orgId, string entity, long? entityId,
        string summary, CancellationToken ct = default) =>
        AppendAsAsync(actor.UserId, actor.UserName, action, orgId, entity, entityId, summary, ct);

    /// <summary>
    /// Appends one event that names no one (no user id, the name 匿名): for an anonymous letter, whose sender must not
    /// be found in the log. The summary must not name them either.
    /// </summary>
    public Task AppendWithoutActorAsync(AuditAction action, long? orgId, string entity, long? entityId,
        string summary, CancellationToken ct = default) =>
        AppendAsAsync(null, Anonymous, action, orgId, entity, entityId, summary, ct);

    /// <summary>The user name of an event appended without actor.</summary>
    public const string Anonymous = "匿名";

    private async Task AppendAsAsync(long? userId, string userName, AuditAction action, long? orgId, string entity,
        long? entityId, string summary, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Audit events are appended inside the transaction of the change.");
        }

        if (db.IsPostgres)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChainLockKey})", ct);
        }

        var previous = await db.AuditEvents.AsNoTracking().OrderByDescending(a => a.Id)
            .Select(a => a.Hash).FirstOrDefaultAsync(ct) ?? "";
        var now = clock.GetUtcNow();
        var e = new AuditEvent
        {
            At = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero),
            UserId = userId,
            UserName = userName,
            Action = action,
            OrgId = orgId,
            Entity = entity,
            EntityId = entityId,
            Summary = summary.Length > 4000 ? summary[..4000] : summary,
            PreviousHash = previous,
        };
        e.Hash = HashOf(previous, e);
        db.AuditEvents.Add(e);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Recomputes the chain in id order; names the first event whose hash or link does not hold.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        var previous = "";
        long count = 0;
        await foreach (var e in db.AuditEvents.AsNoTracking().OrderBy(a => a.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (e.PreviousHash != previous || e.Hash != HashOf(previous, e))
            {
                return new AuditVerification(false, count, e.Id);
            }

            previous = e.Hash;
            count++;
        }

        return new AuditVerification(true, count, null);
    }

    /// <summary>SHA-256 over the previous hash and the canonical form of the event, lower-case hex.</summary>
    public static string HashOf(string previousHash, AuditEvent e)
    {
        var canonical = string.Join('\u001f',
            previousHash,
            e.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            e.UserId?.ToString(CultureInfo.InvariantCulture) ?? "",
            e.UserName,
            ((int)e.Action).ToString(CultureInfo.InvariantCulture),
            e.OrgId?.ToString(CultureInfo.InvariantCulture) ?? "",
            e.Entity,
            e.EntityId?.ToString(CultureInfo.InvariantCulture) ?? "",
            e.Summary);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

/// <summary>Result of a chain verification.</summary>
public sealed record AuditVerification(bool Valid, long Events, long? FirstBrokenId);

using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Transfers;

/// <summary>Body of <c>POST /api/v1/transfers/batch</c>. <c>approve</c> (default true): the caller, who administers the
/// members' branches, approves the sending step at once, so the transfers wait only for the receiving side.</summary>
public sealed record BatchTransferRequest(IReadOnlyList<long>? MemberIds, long? ToOrgId, TransferReason? Reason,
    bool? Approve = null, string? Note = null);

/// <summary>The checks of <see cref="BatchTransferRequest"/> that need no database: one 400 with every field's error.</summary>
public static class BatchTransferValidation
{
    public static void Validate(BatchTransferRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        if (r.MemberIds is not { Count: > 0 })
        {
            errors["memberIds"] = ["请选择要转接的党（团）员"];
        }
        else if (r.MemberIds.Count > TransferBatchService.MaxMembers)
        {
            errors["memberIds"] = [$"一次最多转接 {TransferBatchService.MaxMembers} 人"];
        }

        if (r.ToOrgId is null)
        {
            errors["toOrgId"] = ["请选择转入组织"];
        }

        if (r.Reason is null)
        {
            errors["reason"] = ["请选择转接原因"];
        }

        TransferService.CheckNote(r.Note, errors);
        if (errors.Count > 0)
        {
            throw DomainException.Validation(errors);
        }
    }
}

/// <summary>A member the batch could not transfer, with the stable code and the reason in Chinese.</summary>
public sealed record BatchTransferFailure(long MemberId, string Code, string Detail);

/// <summary>Answer of the batch: how many transfers were created, and which members failed and why.</summary>
public sealed record BatchTransferResult(int Created, IReadOnlyList<BatchTransferFailure> Failed, long? BatchId);

/// <summary>
/// Graduate batch transfers: members are checked in chunks (one query each for the memberships and their open
/// transfers), then created set-based with <c>INSERT … SELECT</c> per chunk, in one transaction with one audit event.
/// </summary>
public sealed class TransferBatchService(ZhijianDbContext db, CallerScope scope, IActor actor, AuditLog audit,
    Rules.RuleBook rules, TimeProvider clock)
{
    public const int MaxMembers = 200_000;
    private const int Chunk = 10_000;

    public async Task<BatchTransferResult> CreateAsync(BatchTransferRequest r, CancellationToken ct = default)
    {
        BatchTransferValidation.Validate(r);
        var to = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == r.ToOrgId, ct);
        if (to is null || to.Status != OrgStatus.Active || to.Kind == OrgKind.Group)
        {
            throw DomainException.Validation("toOrgId", "转入组织不存在、已撤销或是小组");
        }

        var approve = r.Approve ?? true;
        var readable = await scope.ReadablePrefixesAsync(ct);
        var writable = await scope.WritablePrefixesAsync(ct);
        if (writable is { Count: 0 })
        {
            throw DomainException.Forbidden("批量转接须由组织管理员办理");
        }

        var ids = r.MemberIds!.Distinct().ToArray();
        return await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: false, ct);
            var now = clock.GetUtcNow();
            var set = await rules.CurrentAsync(ct);
            var hours = set.Int(to.System, "transfer.responseHours", ChinaTime.DateOf(now));
            var batch = new TransferBatch
            {
                ToOrgId = to.Id,
                Reason = r.Reason!.Value,
                Requested = ids.Length,
                UserName = actor.UserName,
                CreatedAt = now,
            };
            db.Add(batch);
            await db.SaveChangesAsync(ct);

            var run = new BatchRun(r, to, approve, hours, now, batch.Id, readable, writable);
            var created = 0;
            foreach (var chunk in ids.Chunk(Chunk))
            {
                created += await CreateChunkAsync(run, chunk, ct);
            }

            if (approve && created > 0)
            {
                await ApproveSendingAsync(batch.Id, now, ct);
            }

            batch.Created = created;
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.TransfersBatchCreated, to.Id, nameof(TransferBatch), batch.Id,
                $"批量转接（{TransferNames.Reason(r.Reason!.Value)}）转往「{to.Name}」：申请 {ids.Length} 人，创建 {created} 项"
                + (approve ? "（已同意转出）" : "") + $"，未办理 {run.Failed.Count} 人", ct);
            return new BatchTransferResult(created, run.Failed, batch.Id);
        }, ct);
    }

    /// <summary>What every chunk of one batch needs, and the failures collected so far.</summary>
    private sealed record BatchRun(BatchTransferRequest Request, Organization To, bool Approve, int Hours, DateTimeOffset Now,
        long BatchId, IReadOnlyList<string>? Readable, IReadOnlyList<string>? Writable)
    {
        public List<BatchTransferFailure> Failed { get; } = [];
    }

    /// <summary>Checks a chunk of members (one query for the memberships, one for their open transfers) and creates the
    /// transfers of those that pass; answers how many were created.</summary>
    private async Task<int> CreateChunkAsync(BatchRun run, long[] chunk, CancellationToken ct)
    {
        var members = await db.Memberships.AsNoTracking().Where(m => chunk.Contains(m.Id))
            .Select(m => new BatchMember(m.Id, m.OrgId, m.OrgPath, m.State, m.System)).ToDictionaryAsync(m => m.Id, ct);
        var open = (await db.Set<Transfer>().AsNoTracking()
            .Where(t => chunk.Contains(t.MembershipId) && Transfer.OpenStates.Contains(t.State))
            .Select(t => t.MembershipId).ToListAsync(ct)).ToHashSet();
        var good = new List<long>(chunk.Length);
        foreach (var id in chunk)
        {
            if (Refusal(run, id, members.GetValueOrDefault(id), open.Contains(id)) is { } failure)
            {
                run.Failed.Add(failure);
            }
            else
            {
                good.Add(id);
            }
        }

        if (good.Count == 0)
        {
            return 0;
        }

        var inserted = await InsertAsync(good, run.To.Id, run.Request.Reason!.Value, run.Request.Note?.Trim(), run.Approve,
            run.Hours, run.Now, run.BatchId, ct);
        if (inserted.Count < good.Count)
        {
            // Lost a race with a concurrent application (PostgreSQL's ON CONFLICT DO NOTHING skipped them).
            run.Failed.AddRange(good.Except(inserted).Select(id => new BatchTransferFailure(id, ErrorCodes.InvalidState, "已有一项正在办理的转接")));
        }

        return inserted.Count;
    }

    private sealed record BatchMember(long Id, long OrgId, string OrgPath, MemberState State, OrgSystem System);

    /// <summary>Why a member of the batch cannot be transferred, or null when it can.</summary>
    private static BatchTransferFailure? Refusal(BatchRun run, long id, BatchMember? m, bool hasOpenTransfer)
    {
        if (m is null || !Within(m.OrgPath, run.Readable))
        {
            return new(id, ErrorCodes.NotFound, "党（团）员不存在或不在您的管理范围内");
        }

        if (!Within(m.OrgPath, run.Writable))
        {
            return new(id, ErrorCodes.Forbidden, "您只能查看该党（团）员，不能办理转接");
        }

        return m.State == MemberState.Ended ? new(id, ErrorCodes.InvalidState, "记录已结束，不能转接")
            : m.System != run.To.System ? new(id, ErrorCodes.ValidationFailed, "所属系统与转入组织不同")
            : m.OrgId == run.To.Id ? new(id, ErrorCodes.ValidationFailed, "已在转入组织，无需转接")
            : hasOpenTransfer ? new(id, ErrorCodes.InvalidState, "已有一项正在办理的转接")
            : null;
    }

    /// <summary>The sending step of every transfer of the batch, approved at once by the caller (one INSERT … SELECT).</summary>
    private Task ApproveSendingAsync(long batchId, DateTimeOffset now, CancellationToken ct) => ExecuteAsync("""
        INSERT INTO "TransferSteps" ("TransferId", "Step", "OrgId", "Decision", "DecidedAt", "Note", "HoursTaken", "DueAt", "OnTime", "UserName")
        SELECT t."Id", 'Sending', t."FromOrgId", 'Approved', @now, @note, 0, @now, @yes, @user FROM "Transfers" t WHERE t."BatchId" = @batch
        """, [("now", Instant(now)), ("note", "批量转出"), ("yes", true), ("user", actor.UserName), ("batch", batchId)], ct);

    private static bool Within(string path, IReadOnlyList<string>? prefixes) =>
        prefixes is null || prefixes.Any(p => TreePath.IsWithin(path, p));

    /// <summary>One INSERT … SELECT for a chunk; answers the memberships that got a transfer.</summary>
    private async Task<List<long>> InsertAsync(List<long> memberIds, long toOrgId, TransferReason reason, string? note,
        bool approve, int hours, DateTimeOffset now, long batchId, CancellationToken ct)
    {
        var state = approve ? nameof(TransferState.PendingIn) : nameof(TransferState.PendingOut);
        var due = TransferClock.Due(now, hours);
        var idsSource = db.IsPostgres ? "unnest(@ids)" : "json_each(@ids)";
        var idColumn = db.IsPostgres ? "x" : "x.value";
        var awaiting = approve ? "@to" : "m.\"OrgId\"";
        var sql = $"""
            INSERT INTO "Transfers" ("MembershipId", "PersonId", "System", "FromOrgId", "ToOrgId", "Reason", "Note", "State",
                "AwaitingOrgId", "StepStartedAt", "DueAt", "ApplicantUserId", "ApplicantName", "AppliedByMember", "BatchId",
                "CreatedAt", "UpdatedAt")
            SELECT m."Id", m."PersonId", m."System", m."OrgId", @to, @reason, @note, @state, {awaiting}, @now, @due, @uid, @uname,
                @no, @batch, @now, @now
            FROM {idsSource} AS x JOIN "Memberships" m ON m."Id" = {idColumn}
            WHERE m."State" <> 'Ended'
            ON CONFLICT ("MembershipId") WHERE {TransferConfiguration.OpenFilter} DO NOTHING
            RETURNING "MembershipId"
            """;
        object ids = db.IsPostgres ? memberIds.ToArray() : JsonSerializer.Serialize(memberIds);
        await using var cmd = Command(sql, [("ids", ids), ("to", toOrgId), ("reason", reason.ToString()), ("note", (object?)note),
            ("state", state), ("now", Instant(now)), ("due", Instant(due)), ("uid", (object?)actor.UserId),
            ("uname", actor.UserName), ("no", false), ("batch", batchId)]);
        var result = new List<long>(memberIds.Count);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(reader.GetInt64(0));
        }

        return result;
    }

    private async Task ExecuteAsync(string sql, (string, object?)[] parameters, CancellationToken ct)
    {
        await using var cmd = Command(sql, parameters);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private DbCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 300;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }

        return cmd;
    }

    private static readonly DateTimeOffsetToBinaryConverter SqliteInstant = new();

    /// <summary>An instant as the provider stores it: <c>timestamptz</c> on PostgreSQL, the binary ticks on SQLite.</summary>
    private object Instant(DateTimeOffset at) =>
        db.IsPostgres ? at.ToUniversalTime() : SqliteInstant.ConvertToProvider(at.ToUniversalTime())!;
}

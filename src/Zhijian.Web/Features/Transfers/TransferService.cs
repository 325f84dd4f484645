using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Transfers;

/// <summary>A destination outside the system: another unit's Party or League organization not kept here.</summary>
public sealed record OutsideDestination(string? OrgName, string? Contact);

/// <summary>Body of <c>POST /api/v1/transfers</c>: <c>toOrgId</c> or <c>outside</c>.</summary>
public sealed record CreateTransferRequest(long? MemberId, long? ToOrgId, OutsideDestination? Outside, TransferReason? Reason,
    string? Note = null);

/// <summary>Body of approve / accept / reject / cancel: a note, and for accept the branch to place the member in.</summary>
public sealed record TransferDecisionRequest(string? Note = null, long? BranchId = null);

/// <summary>One transfer of a batch decision, with the branch to place the member in when accepting.</summary>
public sealed record TransferBatchItem(long Id, long? BranchId = null);

/// <summary>Body of <c>POST /api/v1/transfers/decisions</c>: <c>action</c> is <c>approve</c> or <c>accept</c>.</summary>
public sealed record TransferBatchDecisionRequest(string? Action, IReadOnlyList<TransferBatchItem>? Items, string? Note = null);

/// <summary>A transfer of a batch decision that was not decided, with the stable code and the reason in Chinese.</summary>
public sealed record TransferBatchDecisionFailure(long Id, string Code, string Detail);

/// <summary>Answer of a batch decision: how many were decided, and which were not and why.</summary>
public sealed record TransferBatchDecisionResult(int Done, IReadOnlyList<TransferBatchDecisionFailure> Failed);

/// <summary>Body of <c>POST /api/v1/transfers/{id}/receipt</c>: the day the receipt (回执) came back.</summary>
public sealed record TransferReceiptRequest(string? Note = null, DateOnly? ReceivedOn = null);

/// <summary>The writes of the transfer workflow: each decision checked by the entity, claimed against concurrent
/// decisions, applied to the membership and counters, and audited, in one transaction.</summary>
public sealed class TransferService(
    ZhijianDbContext db,
    CallerScope scope,
    IActor actor,
    OrgCounters counters,
    MembershipPlacement placement,
    AuditLog audit,
    TransferQueries queries,
    Rules.RuleBook rules,
    TimeProvider clock)
{
    internal const string What = "组织关系转接";

    public async Task<TransferDto> CreateAsync(CreateTransferRequest r, CancellationToken ct = default)
    {
        var id = await new CreateTransferHandler(db, scope, actor, audit, queries, rules, clock).HandleAsync(r, ct);
        return await queries.GetAsync(id, ct);
    }

    public Task<TransferDto> ApproveAsync(long id, TransferDecisionRequest r, CancellationToken ct = default) =>
        DecideAsync(id, r.Note, AuditAction.TransferApproved, async (t, side, now) =>
        {
            var set = await rules.CurrentAsync(ct);
            var day = ChinaTime.DateOf(now);
            return t.Approve(side, now, r.Note, set.Int(t.System, "transfer.responseHours", day),
                set.Int(t.System, "transfer.letterValidDays", day));
        }, null, ct);

    /// <summary>Transfers one batch decision takes (a graduating class arriving at a 团委).</summary>
    public const int MaxBatchDecisions = 1_000;

    /// <summary>
    /// Approves or accepts many transfers, each exactly as its own decision (own transaction, audit event, counters):
    /// one that cannot be decided is reported with its code and reason and does not stop the others.
    /// </summary>
    public async Task<TransferBatchDecisionResult> DecideManyAsync(TransferBatchDecisionRequest r, CancellationToken ct = default)
    {
        var accept = r.Action switch
        {
            "approve" => false,
            "accept" => true,
            _ => throw DomainException.Validation("action", "action 应为 approve（同意转出）或 accept（同意接收）"),
        };
        var items = (r.Items ?? []).DistinctBy(i => i.Id).ToList();
        if (items.Count == 0)
        {
            throw DomainException.Validation("items", "请选择要办理的转接");
        }

        if (items.Count > MaxBatchDecisions)
        {
            throw DomainException.Validation("items", $"一次最多办理 {MaxBatchDecisions:N0} 项");
        }

        var failed = new List<TransferBatchDecisionFailure>();
        foreach (var item in items)
        {
            try
            {
                var decision = new TransferDecisionRequest(r.Note, item.BranchId);
                _ = accept ? await AcceptAsync(item.Id, decision, ct) : await ApproveAsync(item.Id, decision, ct);
            }
            catch (DomainException e)
            {
                failed.Add(new TransferBatchDecisionFailure(item.Id, e.Code, e.Message));
            }
        }

        return new TransferBatchDecisionResult(items.Count - failed.Count, failed);
    }

    public Task<TransferDto> RejectAsync(long id, TransferDecisionRequest r, CancellationToken ct = default) =>
        DecideAsync(id, r.Note, AuditAction.TransferRejected, (t, side, now) => Task.FromResult(t.Reject(side, now, r.Note)), null, ct);

    public Task<TransferDto> CancelAsync(long id, TransferDecisionRequest r, CancellationToken ct = default) =>
        DecideAsync(id, r.Note, AuditAction.TransferCancelled, (t, side, now) => Task.FromResult(t.Cancel(side, now, r.Note)), null, ct);

    /// <summary>The receiving side accepts: the membership moves to the chosen branch with its counters, in this transaction.</summary>
    public Task<TransferDto> AcceptAsync(long id, TransferDecisionRequest r, CancellationToken ct = default) =>
        DecideAsync(id, r.Note, AuditAction.TransferAccepted, async (t, side, now) =>
        {
            var step = t.Accept(side, now, r.Note, r.BranchId ?? 0);
            var to = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == t.ToOrgId, ct);
            Organization branch;
            if (r.BranchId is { } branchId && branchId != to.Id)
            {
                branch = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == branchId, ct)
                    ?? throw DomainException.Validation("branchId", "所选支部不存在");
                if (!TreePath.IsWithin(branch.Path, to.Path))
                {
                    throw DomainException.Validation("branchId", $"所选支部不在「{to.ShortName}」的下级组织中");
                }
            }
            else
            {
                branch = to;
            }

            if (branch.Kind != OrgKind.Branch || branch.Status != OrgStatus.Active)
            {
                throw DomainException.Validation("branchId", $"「{branch.ShortName}」不是在用的支部，请选择接收后编入的支部（branchId）");
            }

            t.PlaceIn(branch.Id);
            return step;
        }, async (t, ct2) =>
        {
            // The branch stays active until commit (a concurrent dissolve waits, or has committed and is seen here).
            await db.LockForShareAsync<Organization>(t.PlacedOrgId!.Value, ct2);
            var m = await MembershipAsync(t, ct2);
            var placed = await db.Organizations.Where(o => o.Id == t.PlacedOrgId).Select(o => new { o.Path, o.Status, o.ShortName }).SingleAsync(ct2);
            if (placed.Status != OrgStatus.Active)
            {
                throw DomainException.InvalidState($"「{placed.ShortName}」已撤销，请选择接收后编入的支部（branchId）");
            }

            var branchPath = placed.Path;
            if (m.OrgId == t.PlacedOrgId)
            {
                throw DomainException.Validation("branchId", "该党（团）员已在所选支部，无需转接");
            }

            if (!await placement.TransferAsync(m.Id, m.OrgPath, m.Stage, t.PlacedOrgId!.Value, branchPath, ct2))
            {
                throw DomainException.InvalidState("该党（团）员的记录刚被修改，请刷新后重试");
            }

            // One statement for both sides (the shared ancestors net to zero): its counter rows are locked in id order,
            // so two transfers in opposite directions cannot deadlock as two statements could.
            var delta = MemberCounters.Delta(m.Stage);
            await counters.ApplyManyAsync(new Dictionary<string, CounterDelta> { [m.OrgPath] = delta.Negate(), [branchPath] = delta }, ct2);
            return $"，编入「{await OrgNameAsync(t.PlacedOrgId.Value, ct2)}」";
        }, ct);

    /// <summary>The sending side records the letter's receipt: the membership ends as <c>transferredOut</c>.</summary>
    public Task<TransferDto> RecordReceiptAsync(long id, TransferReceiptRequest r, CancellationToken ct = default)
    {
        var today = ChinaTime.DateOf(clock.GetUtcNow());
        var on = r.ReceivedOn ?? today;
        if (on > today)
        {
            throw DomainException.Validation("receivedOn", "回执日期不能晚于今天");
        }

        return DecideAsync(id, r.Note, AuditAction.TransferReceiptRecorded,
            (t, side, now) =>
            {
                // A receipt cannot come back before the letter went out (the letter's step started then).
                var issued = ChinaTime.DateOf(t.StepStartedAt);
                if (t.State == TransferState.PendingIn && on < issued)
                {
                    throw DomainException.Validation("receivedOn", $"回执日期不能早于开具介绍信的日期（{issued:yyyy-MM-dd}）");
                }

                return Task.FromResult(t.RecordReceipt(side, now, r.Note));
            },
            async (t, ct2) =>
            {
                var m = await MembershipAsync(t, ct2);
                if (!await placement.EndTransferredOutAsync(m.Id, m.OrgPath, m.Stage, on, ct2))
                {
                    throw DomainException.InvalidState("该党（团）员的记录刚被修改，请刷新后重试");
                }

                await counters.ApplyAsync(m.OrgPath, MemberCounters.Delta(m.Stage, -1), ct2);
                return $"，{on:yyyy-MM-dd} 收到回执，组织关系转出";
            }, ct);
    }

    private async Task<TransferDto> DecideAsync(long id, string? note, AuditAction action,
        Func<Transfer, TransferSide, DateTimeOffset, Task<TransferStep>> decide,
        Func<Transfer, CancellationToken, Task<string>>? effects, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        CheckNote(note, errors);
        if (errors.Count > 0)
        {
            throw DomainException.Validation(errors);
        }

        return await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: false, ct);
            var t = await db.Set<Transfer>().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw DomainException.NotFound(What);
            var side = await queries.SideAsync(t, ct);
            var now = clock.GetUtcNow();
            var step = await decide(t, side, now);
            step.UserName = actor.UserName;

            // Claim first: the UPDATE checks the state it was read in, so of two racing decisions one wins
            // and the other gets 409; claiming before any other write also keeps the lock order the same.
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw DomainException.InvalidState("该转接刚被他人处理，请刷新后查看");
            }

            var extra = effects is null ? "" : await effects(t, ct);
            db.Add(step);
            await db.SaveChangesAsync(ct);
            var name = await db.Memberships.Where(m => m.Id == t.MembershipId).Select(m => m.SortName).FirstAsync(ct);
            await audit.AppendAsync(action, step.OrgId, nameof(Transfer), t.Id,
                $"{name}的组织关系转接：{TransferNames.Decision(step.Decision)}{extra}"
                + (step.HoursTaken is { } h ? $"（用时 {h:0.#} 小时{(step.OnTime == false ? "，已超时" : "")}）" : "")
                + (step.Note is null ? "" : "；意见：" + step.Note), ct);
            return await queries.GetAsync(t.Id, ct);
        }, ct);
    }

    private async Task<Membership> MembershipAsync(Transfer t, CancellationToken ct)
    {
        var m = await db.Memberships.AsNoTracking().FirstAsync(x => x.Id == t.MembershipId, ct);
        if (m.State == MemberState.Ended)
        {
            throw DomainException.InvalidState("该党（团）员的记录已结束，转接不能办结");
        }

        return m;
    }

    private Task<string> OrgNameAsync(long orgId, CancellationToken ct) =>
        db.Organizations.Where(o => o.Id == orgId).Select(o => o.Name).FirstAsync(ct);

    internal static void CheckNote(string? note, Dictionary<string, string[]> errors)
    {
        if (note is { Length: > Transfer.NoteMaxLength })
        {
            errors["note"] = [$"意见不能超过 {Transfer.NoteMaxLength} 个字"];
        }
    }
}

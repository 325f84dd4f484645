using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.ImportExport;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Dues;

/// <summary>Answer of the payroll imports: rows read, rows written, rows refused and why (row, column, message).</summary>
public sealed record DuesImportResult(int Total, int Imported, int Rejected, IReadOnlyList<ImportError> Errors);

/// <summary>
/// The payroll imports (工资表): dues bases (profiles) and payroll deductions (payments). The file is read with the member
/// import's reader and limits (<see cref="FlatSheets"/>, <see cref="WorkbookProbe"/>: size, rows, zip bomb); every row is
/// checked first, then the good rows are written together in ONE transaction (a failure writes nothing) and the bad rows
/// are reported. Each import is one audit event with its counts.
/// </summary>
public sealed partial class DuesImporter(ZhijianDbContext db, OrganizationService orgs, DuesProfiles profiles, AuditLog audit,
    IActor actor, TimeProvider clock)
{
    /// <summary>Data rows one file may hold (the member import's limit).</summary>
    public const int MaxRows = MemberImporter.MaxRows;

    /// <summary>Largest upload (the member import's).</summary>
    public const long MaxBytes = MemberImporter.MaxBytes;

    /// <summary>ID numbers per lookup query.</summary>
    private const int LookupChunk = 5_000;

    private sealed record Holder(long MembershipId, string IdNumber, string Name, long OrgId, string OrgPath, OrgSystem System);

    /// <summary>The outcome with the refused rows' cells (for the downloadable error report).</summary>
    public sealed record Outcome(DuesImportResult Result, IReadOnlyList<RejectedRow> Rejected);

    /// <summary>Sets the dues profiles of the sheet's members of the subtree of <paramref name="orgId"/>.</summary>
    public async Task<Outcome> ImportBasesAsync(long orgId, Stream file, CancellationToken ct = default)
    {
        var org = await orgs.FindWritableAsync(orgId, ct);
        var rows = await ReadAsync(file, DuesSheetCells.BaseHeaders, ct);
        var errors = new List<ImportError>();
        var thisMonth = DuesMonth.Of(clock.Today());
        var parsed = rows.Select(r => DuesImportRows.Base(r.Row, r.Cells, thisMonth, errors)).OfType<DuesBaseRow>().ToList();
        var holders = await HoldersAsync(org, parsed.Select(p => p.IdNumber), ct);
        var good = new List<(DuesBaseRow Row, Holder Holder)>();
        var seen = new Dictionary<string, int>();
        foreach (var p in parsed)
        {
            if (Match(p.Row, p.IdNumber, org, holders, seen, errors) is not { } h)
            {
                continue;
            }

            if (h.Name != p.Name)
            {
                errors.Add(new ImportError(p.Row, DuesSheetCells.Name,
                    $"姓名「{MemberSheet.Echo(p.Name)}」与公民身份号码 {p.IdNumber} 登记的姓名「{h.Name}」不一致"));
                continue;
            }

            good.Add((p, h));
        }

        await db.InTransactionAsync(async () =>
        {
            await WriteBasesAsync(good, ct);
            await audit.AppendAsync(AuditAction.DuesBasesImported, org.Id, nameof(DuesProfile), null,
                $"「{org.ShortName}」导入缴费基数：共 {rows.Count} 行，导入 {good.Count} 行，未导入 {rows.Count - good.Count} 行", ct);
        }, ct);
        return Finish(rows, good.Count, errors, DuesSheetCells.BaseHeaders);
    }

    /// <summary>Every good row's profile, applied in memory over the memberships' histories and saved at once.</summary>
    private async Task WriteBasesAsync(List<(DuesBaseRow Row, Holder Holder)> good, CancellationToken ct)
    {
        foreach (var chunk in good.Chunk(LookupChunk))
        {
            var ids = chunk.Select(g => g.Holder.MembershipId).ToList();
            var existing = (await db.Set<DuesProfile>().Where(p => ids.Contains(p.MembershipId)).ToListAsync(ct))
                .GroupBy(p => p.MembershipId).ToDictionary(g => g.Key, g => g.OrderBy(p => p.EffectiveFrom).ToList());
            foreach (var (row, holder) in chunk)
            {
                var history = existing.TryGetValue(holder.MembershipId, out var list) ? list : existing[holder.MembershipId] = [];
                profiles.Apply(history, holder.MembershipId, holder.System, row.Category, row.BaseFen, row.FixedFen, row.From, row.Note);
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Pays the generated lines of the sheet's members and months (工资代扣), as one payment with one receipt.</summary>
    public async Task<Outcome> ImportPaymentsAsync(long orgId, Stream file, CancellationToken ct = default)
    {
        var org = await orgs.FindWritableAsync(orgId, ct);
        var rows = await ReadAsync(file, DuesSheetCells.PaymentHeaders, ct);
        var errors = new List<ImportError>();
        var parsed = rows.Select(r => DuesImportRows.Payment(r.Row, r.Cells, errors)).OfType<DuesPaymentRow>().ToList();
        var holders = await HoldersAsync(org, parsed.Select(p => p.IdNumber), ct);
        var seen = new Dictionary<string, int>();
        var matched = new List<(DuesPaymentRow Row, Holder Holder)>();
        foreach (var p in parsed)
        {
            if (Match(p.Row, $"{p.IdNumber}|{p.Month.Key}", org, holders, seen, errors, p.IdNumber) is { } h)
            {
                matched.Add((p, h));
            }
        }

        var paid = await db.InTransactionAsync(async () =>
        {
            var lines = await LinesAsync(matched, ct);
            var good = matched.Where(m => CheckLine(m.Row, lines.GetValueOrDefault((m.Holder.MembershipId, m.Row.Month.Key)), errors))
                .Select(m => lines[(m.Holder.MembershipId, m.Row.Month.Key)]).ToList();
            var payment = good.Count == 0 ? null : await PayAsync(org, good, ct);
            await audit.AppendAsync(AuditAction.DuesPaymentsImported, org.Id, nameof(DuesPayment), payment?.Id,
                $"「{org.ShortName}」导入工资代扣：共 {rows.Count} 行，交纳 {good.Count} 笔" +
                (payment is null ? "" : $"，合计 {Yuan.Of(payment.TotalFen):0.00} 元，收据 {payment.ReceiptNo}") +
                $"，未导入 {rows.Count - good.Count} 行", ct);
            return good.Count;
        }, ct);
        return Finish(rows, paid, errors, DuesSheetCells.PaymentHeaders);
    }

    /// <summary>The row's line: present (the month generated), due, and the amount the sheet says.</summary>
    private static bool CheckLine(DuesPaymentRow row, LineFacts? line, List<ImportError> errors)
    {
        string? error = line switch
        {
            null => $"{row.Month} 的党（团）费尚未生成（请先生成该月），或该党（团）员该月没有应交记录",
            { State: DuesState.Paid } => $"{row.Month} 的党（团）费已交纳，不能重复交纳",
            { State: DuesState.Waived } => $"{row.Month} 的党（团）费已免交，不能交纳",
            _ when line.AmountFen != row.AmountFen =>
                $"金额 {Yuan.Of(row.AmountFen):0.00} 元与 {row.Month} 应交金额 {Yuan.Of(line.AmountFen):0.00} 元不一致",
            _ => null,
        };
        if (error is not null)
        {
            errors.Add(new ImportError(row.Row, line is not null && line.State == DuesState.Due ? DuesSheetCells.Amount : DuesSheetCells.Month, error));
        }

        return error is null;
    }

    internal sealed record LineFacts(long Id, long MembershipId, int Month, DuesState State, long AmountFen, long OrgId, string OrgPath,
        long PersonId);

    /// <summary>The lines of the matched (membership, month) pairs; on PostgreSQL locked in id order for the payment.</summary>
    private async Task<Dictionary<(long, int), LineFacts>> LinesAsync(List<(DuesPaymentRow Row, Holder Holder)> matched,
        CancellationToken ct)
    {
        var found = new Dictionary<(long, int), LineFacts>();
        foreach (var chunk in matched.Chunk(LookupChunk))
        {
            var members = chunk.Select(m => m.Holder.MembershipId).Distinct().ToList();
            var months = chunk.Select(m => m.Row.Month.Key).Distinct().ToList();
            var lines = await db.Set<DuesLine>().AsNoTracking().Where(l => members.Contains(l.MembershipId) && months.Contains(l.Month))
                .Select(l => new LineFacts(l.Id, l.MembershipId, l.Month, l.State, l.AmountFen, l.OrgId, l.OrgPath, l.PersonId)).ToListAsync(ct);
            foreach (var l in lines)
            {
                found[(l.MembershipId, l.Month)] = l;
            }
        }

        return found;
    }

    /// <summary>
    /// One payment (method payroll, paid today) for all good lines: the lines are set paid set-based, only while still due
    /// (a line paid meanwhile makes the whole import 409 and roll back), then the month totals move in one grouped update.
    /// </summary>
    private async Task<DuesPayment> PayAsync(Organization org, List<LineFacts> lines, CancellationToken ct)
    {
        var path = DuesPayments.CommonPath(lines.Select(l => l.OrgPath));
        var persons = lines.Select(l => l.PersonId).Distinct().ToList();
        var first = await db.Persons.Where(p => p.Id == persons[0]).Select(p => p.Name).FirstAsync(ct);
        var payer = persons.Count == 1 ? first : $"{first}等 {persons.Count} 人";
        var today = clock.Today();
        var now = clock.GetUtcNow();
        var payment = new DuesPayment(path, TreePath.Ids(path)[^1], DuesMethod.Payroll, today, $"工资代扣导入（{org.ShortName}）",
            lines.Sum(l => l.AmountFen), payer, lines.Count, now, actor.UserName);
        db.Add(payment);
        await db.SaveChangesAsync(ct);
        payment.Number();
        await db.SaveChangesAsync(ct);
        var changed = 0;
        foreach (var chunk in lines.Select(l => l.Id).Order().Chunk(LookupChunk))
        {
            await db.LockForUpdateAsync<DuesLine>(chunk, ct);
            changed += await db.Set<DuesLine>().Where(l => chunk.Contains(l.Id) && l.State == DuesState.Due).ExecuteUpdateAsync(s => s
                .SetProperty(l => l.State, DuesState.Paid)
                .SetProperty(l => l.PaidFen, l => l.AmountFen)
                .SetProperty(l => l.Method, DuesMethod.Payroll)
                .SetProperty(l => l.PaidOn, today)
                .SetProperty(l => l.PaidAt, now)
                .SetProperty(l => l.PaymentId, payment.Id), ct);
        }

        if (changed != lines.Count)
        {
            throw DomainException.InvalidState("导入期间有记录被他人交纳或免交，本次导入未写入任何记录，请重新导入");
        }

        await db.Database.ExecuteSqlRawAsync("""
            UPDATE "DuesMonthTotals" SET "PaidFen" = "PaidFen" + s.fen, "PaidLines" = "PaidLines" + s.n
            FROM (SELECT "OrgId" AS org, "Month" AS month, SUM("AmountFen") AS fen, COUNT(*) AS n FROM "DuesLines"
                  WHERE "PaymentId" = {0} GROUP BY "OrgId", "Month") AS s
            WHERE "DuesMonthTotals"."OrgId" = s.org AND "DuesMonthTotals"."Month" = s.month
            """, [payment.Id], ct);
        return payment;
    }

    /// <summary>The not-ended memberships of the subtree held by these ID numbers (the first by id when one has several).</summary>
    private async Task<Dictionary<string, Holder>> HoldersAsync(Organization org, IEnumerable<string> idNumbers, CancellationToken ct)
    {
        var result = new Dictionary<string, Holder>();
        foreach (var chunk in idNumbers.Distinct().Chunk(LookupChunk))
        {
            var ids = chunk.ToList();
            var found = await db.Memberships.AsNoTracking().Where(TreePath.In<Membership>(m => m.OrgPath, org.Path))
                .Where(m => m.State != MemberState.Ended && ids.Contains(m.Person!.IdNumber!))
                .OrderBy(m => m.Id)
                .Select(m => new Holder(m.Id, m.Person!.IdNumber!, m.Person.Name, m.OrgId, m.OrgPath, m.System)).ToListAsync(ct);
            foreach (var h in found)
            {
                result.TryAdd(h.IdNumber, h);
            }
        }

        return result;
    }

    /// <summary>The row's member in the subtree, or null with an error (unknown there, or the same key on an earlier row).</summary>
    private static Holder? Match(int row, string key, Organization org, Dictionary<string, Holder> holders, Dictionary<string, int> seen,
        List<ImportError> errors, string? idNumber = null)
    {
        idNumber ??= key;
        if (seen.TryGetValue(key, out var earlier))
        {
            errors.Add(new ImportError(row, DuesSheetCells.IdNumber, $"与第 {earlier} 行重复"));
            return null;
        }

        seen[key] = row;
        if (!holders.TryGetValue(idNumber, out var holder))
        {
            errors.Add(new ImportError(row, DuesSheetCells.IdNumber, $"公民身份号码 {idNumber} 不是「{org.ShortName}」及下级组织的在册党（团）员"));
            return null;
        }

        return holder;
    }

    /// <summary>The result with the errors in row order and the refused rows' cells.</summary>
    private static Outcome Finish(List<(int Row, object?[] Cells)> rows, int imported, List<ImportError> errors, string[] headers)
    {
        var byRow = errors.OrderBy(e => e.Row).GroupBy(e => e.Row).ToDictionary(g => g.Key, g => g.ToList());
        var rejected = rows.Where(r => byRow.ContainsKey(r.Row)).Select(r => new RejectedRow(r.Row,
            headers.Select((h, i) => (h, MemberSheet.EchoCell(r.Cells[i]))).ToDictionary(c => c.h, c => c.Item2),
            string.Join("；", byRow[r.Row].Select(e => $"{e.Column}：{e.Message}")))).ToList();
        var ordered = errors.OrderBy(e => e.Row).ToList();
        return new Outcome(new DuesImportResult(rows.Count, imported, rejected.Count, ordered), rejected);
    }
}

using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Reference;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.ImportExport;

/// <summary>One refusal of an import: the sheet row (1 is the header), the template column and why.</summary>
public sealed record ImportError(int Row, string Column, string Message);

/// <summary>
/// Answer of <c>POST /api/v1/orgs/{id}/imports/members</c>; <c>skipped</c> counts rows already in the library (a re-run);
/// <c>personsKept</c> counts imported rows whose person is on record outside the importer's scope and kept their stored fields.
/// </summary>
public sealed record ImportResult(int Total, int Imported, int Rejected, int Skipped, IReadOnlyList<ImportError> Errors,
    int PersonsKept = 0);

/// <summary>A rejected row with its cells, for the downloadable error report.</summary>
public sealed record RejectedRow(int Row, IReadOnlyDictionary<string, object?> Cells, string Messages);

/// <summary>
/// Imports the member template: streams the workbook, validates every row with the information
/// library's rules, adds valid rows in batches through <see cref="MemberBulkWriter"/>, and reports every
/// rejected row with its row, column and a Chinese message. Rows already registered in the same branch
/// are skipped, so running the same file twice imports nothing twice.
/// </summary>
public sealed partial class MemberImporter(ZhijianDbContext db, OrganizationService orgs, MemberBulkWriter writer, Rules.RuleBook ruleBook,
    TimeProvider clock, IServiceScopeFactory scopes, CurrentPrincipal principal, ILogger<MemberImporter> logger)
{
    /// <summary>
    /// Batches written at once on PostgreSQL, each on its own connection and in its own transaction: one writer left both
    /// cores a third idle, the client waiting for the server and the server for the client. SQLite has one writer.
    /// </summary>
    public const int PostgresWriters = 2;

    /// <summary>
    /// Rows per batch (one transaction each) after the first. Larger batches write fewer pages: every transaction rewrites
    /// the index pages it touches, and people's ID numbers touch pages all over the index. On SQLite 25,000 rows per batch
    /// took 2.4 s for 100,000 rows where 10,000 took 2.9–3.8 s (bench/results/import.md); a batch holds SQLite's write
    /// lock for about half a second, which other saves wait out (their busy timeout is far longer).
    /// </summary>
    public const int BatchSize = 25_000;

    /// <summary>
    /// The first batch is small, so that the writer starts while the next rows are read: writing is the slower side, and
    /// an import takes about as long as the writer's own work plus the time to read its first batch.
    /// </summary>
    public const int FirstBatchSize = 1_000;

    public const long MaxBytes = WebHardening.MaxUploadBytes;

    /// <summary>Data rows one import takes (the 100,000-row workbook); larger files are refused before any row is read.</summary>
    public const int MaxRows = 100_000;

    private const string NotAWorkbook = FlatSheets.NotReadable;

    private sealed record Branch(long Id, string Name, string ShortName, OrgSystem System);

    /// <summary>What checking a row needs besides its cells: the workbook's date system, the subtree's branches, the rules.</summary>
    private sealed record RowContext(bool Date1904, Dictionary<string, List<Branch>> ByName, Dictionary<string, List<Branch>> ByShortName,
        Organization Org, DateOnly Today, Rules.RuleSet Rules);

    public async Task<(ImportResult Result, List<RejectedRow> Rejected)> ImportAsync(long orgId, Stream workbook,
        CancellationToken ct = default)
    {
        var org = await orgs.FindWritableAsync(orgId, ct);
        var started = Stopwatch.GetTimestamp();
        await using var copy = workbook.CanSeek ? null : await CopyToTempAsync(workbook, ct);
        var seekable = copy ?? workbook;
        var format = FlatSheets.Detect(seekable);
        var facts = format == SheetFormat.Xlsx ? Probe(seekable) : FlatSheets.Probe(seekable, format, MaxRows + 1);
        CheckSize(facts);
        var (byName, byShortName) = await BranchesAsync(org, ct);

        // Typed rows (an array of cell values per row) for every format; merged cells filled where the probe saw some.
        var rows = FlatSheets.Rows(seekable, format, facts.HasMergedCells);
        var today = clock.Today();
        var rules = await ruleBook.CurrentAsync(ct);

        // Reading and checking rows (CPU) runs beside writing the previous batches (database): a bounded channel of
        // batches between them. Each side keeps its own error lists; they are merged in row order at the end.
        var writerCount = db.IsPostgres ? PostgresWriters : 1;
        var batches = Channel.CreateBounded<Batch>(new BoundedChannelOptions(writerCount == 1 ? 2 : 1)
        {
            SingleReader = writerCount == 1,
            SingleWriter = true,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var context = new RowContext(facts.Date1904, byName, byShortName, org, today, rules);
        var checking = Task.Run(() => CheckRowsAsync(rows, context, batches.Writer, stop.Token), stop.Token);
        var writers = Enumerable.Range(0, writerCount).Select(i => WriteBatchesAsync(i > 0, batches.Reader, org.Id, stop)).ToList();
        try
        {
            await Task.WhenAll(writers);
        }
        catch
        {
            await stop.CancelAsync();
            ct.ThrowIfCancellationRequested();
            var failure = writers.Where(w => w.IsFaulted).SelectMany(w => w.Exception!.InnerExceptions)
                .FirstOrDefault(e => e is not (ChannelClosedException or OperationCanceledException));
            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            // The checking side failed (a bad file): its own exception follows below.
        }

        var (total, checkedOut, checkingTime) = await checking;
        var written = writers.Select(w => w.Result).ToList();
        var imported = written.Sum(w => w.Imported);
        var skipped = written.Sum(w => w.Skipped);
        var writing = written.Aggregate(TimeSpan.Zero, (sum, w) => sum + w.Busy);
        var errors = checkedOut.Errors.Concat(written.SelectMany(w => w.Rejected.Errors)).OrderBy(e => e.Row).ToList();
        var rejected = checkedOut.Rows.Concat(written.SelectMany(w => w.Rejected.Rows)).OrderBy(r => r.Row).ToList();
        LogImported(org.Id, total, imported, rejected.Count, skipped, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            (long)checkingTime.TotalMilliseconds, (long)writing.TotalMilliseconds);
        return (new ImportResult(total, imported, rejected.Count, skipped, errors, written.Sum(w => w.PersonsKept)), rejected);
    }

    /// <summary>The active branches of the subtree by full name and by short name (the 所在支部 cell may hold either).</summary>
    private async Task<(Dictionary<string, List<Branch>> ByName, Dictionary<string, List<Branch>> ByShortName)> BranchesAsync(
        Organization org, CancellationToken ct)
    {
        var branches = await db.Organizations.AsNoTracking()
            .Where(TreePath.In<Organization>(o => o.Path, org.Path))
            .Where(o => o.Kind == OrgKind.Branch && o.Status == OrgStatus.Active)
            .Select(o => new Branch(o.Id, o.Name, o.ShortName, o.System)).ToListAsync(ct);
        return (branches.GroupBy(b => b.Name).ToDictionary(g => g.Key, g => g.ToList()),
            branches.GroupBy(b => b.ShortName).ToDictionary(g => g.Key, g => g.ToList()));
    }

    /// <summary>What one writer did: rows added and skipped, rows the database refused, and the time it spent writing.</summary>
    private sealed record WriterTally(int Imported, int Skipped, Rejections Rejected, TimeSpan Busy, int PersonsKept = 0);

    /// <summary>
    /// Takes batches off the channel until it is complete and writes each in its own transaction; a second writer works in
    /// a scope of its own (its own connection), as the user of the import. A failure stops the whole import (batches
    /// already written stay, each complete with its counters and audit event).
    /// </summary>
    private async Task<WriterTally> WriteBatchesAsync(bool ownScope, ChannelReader<Batch> batches, long orgId, CancellationTokenSource stop)
    {
        var scope = ownScope ? scopes.CreateAsyncScope() : (AsyncServiceScope?)null;
        try
        {
            var bulk = writer;
            if (scope is { } own)
            {
                own.ServiceProvider.GetRequiredService<CurrentPrincipal>().User = principal.User;
                bulk = own.ServiceProvider.GetRequiredService<MemberBulkWriter>();
            }

            await using var session = await bulk.ImportSessionAsync(stop.Token);
            var rejected = new Rejections();
            int imported = 0, skipped = 0, personsKept = 0;
            var busy = TimeSpan.Zero;
            await foreach (var batch in batches.ReadAllAsync(stop.Token))
            {
                var started = Stopwatch.GetTimestamp();
                var outcomes = await bulk.AddAsync(batch.Members, orgId, stop.Token);
                busy += Stopwatch.GetElapsedTime(started);
                foreach (var row in batch.Members)
                {
                    switch (outcomes[row.Row])
                    {
                        case BulkOutcome.Added:
                            imported++;
                            break;
                        case BulkOutcome.AddedPersonKept:
                            imported++;
                            personsKept++;
                            break;
                        case BulkOutcome.AlreadyThere:
                            skipped++;
                            break;
                        default:
                            rejected.Add(row.Row, batch.Cells[row.Row],
                                [new ImportError(row.Row, MemberSheet.IdNumber, "该公民身份号码在本系统其他支部已在册，不能重复登记")]);
                            break;
                    }
                }
            }

            return new WriterTally(imported, skipped, rejected, busy, personsKept);
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
        finally
        {
            if (scope is { } own)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// One line per import with where its time went: reading and checking rows runs beside writing batches, so the
    /// slower of the two sides sets the pace (the checking side's time leaves out its waits for the writers; the writing
    /// time is the writers' added up).
    /// </summary>
    [LoggerMessage(Level = LogLevel.Information, Message = "Import into org {OrgId}: {Total} rows, {Imported} imported, {Rejected} rejected, " +
        "{Skipped} skipped in {ElapsedMs} ms (reading and checking {CheckingMs} ms, writing {WritingMs} ms)")]
    private partial void LogImported(long orgId, int total, int imported, int rejected, int skipped, long elapsedMs, long checkingMs,
        long writingMs);

    /// <summary>Valid rows on their way to the writer, with their cells in case the writer refuses one.</summary>
    private sealed record Batch(List<NewMember> Members, Dictionary<int, object?[]> Cells);

    /// <summary>Rejected rows and their errors, as one side of the import collects them.</summary>
    private sealed class Rejections
    {
        public List<ImportError> Errors { get; } = [];
        public List<RejectedRow> Rows { get; } = [];

        public void Add(int row, object?[] cells, List<ImportError> rowErrors)
        {
            Errors.AddRange(rowErrors);
            Rows.Add(new RejectedRow(row, MemberSheet.Headers.Select((h, i) => (h, MemberSheet.EchoCell(cells[i]))).ToDictionary(c => c.h, c => c.Item2),
                string.Join("；", rowErrors.Select(e => $"{e.Column}：{e.Message}"))));
        }
    }

    /// <summary>Reads and checks every row, sending valid ones in batches; returns the row count and the rejected rows.</summary>
    private static async Task<(int Total, Rejections Rejected, TimeSpan Busy)> CheckRowsAsync(IEnumerable<(int Row, object?[] Cells)> rows,
        RowContext context, ChannelWriter<Batch> output, CancellationToken ct)
    {
        var rejected = new Rejections();
        var seen = new Dictionary<string, int>();
        var batch = new Batch([], []);
        var total = 0;
        var started = Stopwatch.GetTimestamp();
        var waiting = TimeSpan.Zero;
        var sent = 0;
        try
        {
            foreach (var (rowNumber, cells) in rows)
            {
                ct.ThrowIfCancellationRequested();
                if (total == MaxRows)
                {
                    // Only when the sheet has no (or a wrong) dimension, which Excel and WPS always write: stop at the limit.
                    rejected.Errors.Add(new ImportError(rowNumber, "文件",
                        $"一次最多导入 {MaxRows:N0} 行；从第 {rowNumber} 行起未导入，请把其余行另存为新文件再导入"));
                    break;
                }

                total++;
                if (CheckRow(rowNumber, cells, context, seen, rejected) is not { } member)
                {
                    continue;
                }

                batch.Members.Add(member);
                batch.Cells[rowNumber] = cells;
                if (batch.Members.Count >= (sent == 0 ? FirstBatchSize : BatchSize))
                {
                    waiting += await SendAsync(output, batch, ct);
                    sent++;
                    batch = new Batch([], []);
                }
            }

            if (batch.Members.Count > 0)
            {
                waiting += await SendAsync(output, batch, ct);
            }

            output.Complete();
            return (total, rejected, Stopwatch.GetElapsedTime(started) - waiting);
        }
        catch (Exception e)
        {
            output.Complete(e);
            throw;
        }
    }

    /// <summary>Hands a full batch to the writers; answers how long it waited for room in the channel.</summary>
    private static async Task<TimeSpan> SendAsync(ChannelWriter<Batch> output, Batch full, CancellationToken ct)
    {
        var sending = Stopwatch.GetTimestamp();
        await output.WriteAsync(full, ct);
        return Stopwatch.GetElapsedTime(sending);
    }

    /// <summary>One row checked: the member to add, or null with the row's refusals added to <paramref name="rejected"/>.</summary>
    private static NewMember? CheckRow(int rowNumber, object?[] cells, RowContext context, Dictionary<string, int> seen,
        Rejections rejected)
    {
        var rowErrors = new List<ImportError>();
        var member = MapRow(rowNumber, cells, context, rowErrors);
        if (member is not null && seen.TryGetValue(member.Person.IdNumber!, out var earlier))
        {
            rowErrors.Add(new ImportError(rowNumber, MemberSheet.IdNumber, $"与第 {earlier} 行的公民身份号码重复"));
            member = null;
        }

        if (member is null)
        {
            rejected.Add(rowNumber, cells, rowErrors);
            return null;
        }

        seen[member.Person.IdNumber!] = rowNumber;
        return member;
    }

    /// <summary>A seekable copy of an upload that is not (a zip is read from its directory at the end; merged cells read the sheet twice).</summary>
    private static async Task<Stream> CopyToTempAsync(Stream workbook, CancellationToken ct)
    {
        var copy = new FileStream(Path.Combine(Path.GetTempPath(), $"zhijian-import-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await workbook.CopyToAsync(copy, ct);
        copy.Position = 0;
        return copy;
    }

    /// <summary>What the importer needs to know before reading a row (<see cref="WorkbookProbe"/>); a file that is no workbook is refused.</summary>
    private static WorkbookProbe.Facts Probe(Stream workbook)
    {
        try
        {
            // Header and data rows: the probe counts one past that, enough to refuse a sheet whose dimension lies.
            return WorkbookProbe.Read(workbook, MaxRows + 1);
        }
        catch (Exception e) when (e is not OperationCanceledException and not DomainException)
        {
            // Not a zip (some upload streams refuse the seek a zip reader makes on a file shorter than a zip's directory), or broken XML.
            throw DomainException.Validation("file", NotAWorkbook);
        }
    }

    /// <summary>
    /// Refuses an empty sheet or one over <see cref="MaxRows"/> before any row is imported: from the sheet's dimension, or
    /// from the rows the probe counted (up to one past the limit), whichever is more, so a dimension that understates the
    /// rows (or none at all) changes nothing.
    /// </summary>
    private static void CheckSize(WorkbookProbe.Facts facts)
    {
        if (facts.FilledRows <= 1)
        {
            throw DomainException.Validation("file", "工作簿中没有党（团）员数据：第一行为模板表头，从第二行起每行填写一人");
        }

        if (facts.Rows - 1 > MaxRows)
        {
            throw DomainException.Validation("file",
                $"工作簿有 {facts.Rows - 1:N0} 行数据，一次最多导入 {MaxRows:N0} 行；请拆分成多个文件分批导入（已导入的行重复导入时会自动跳过）");
        }

        if (facts.FilledRows - 1 > MaxRows)
        {
            throw DomainException.Validation("file",
                $"工作簿的数据超过 {MaxRows:N0} 行，一次最多导入 {MaxRows:N0} 行；请拆分成多个文件分批导入（已导入的行重复导入时会自动跳过）");
        }
    }

    private static NewMember? MapRow(int row, object?[] cells, RowContext context, List<ImportError> errors)
    {
        object? Cell(string column) => cells[MemberSheet.Index(column)];
        void Error(string column, string? message)
        {
            if (message is not null)
            {
                errors.Add(new ImportError(row, column, message));
            }
        }

        var (gender, genderError) = MemberSheet.Code(CodeTables.Gender, Cell(MemberSheet.Gender), "性别");
        Error(MemberSheet.Gender, genderError);
        var (ethnicity, ethnicityError) = MemberSheet.Code(CodeTables.Ethnicity, Cell(MemberSheet.Ethnicity), "民族");
        Error(MemberSheet.Ethnicity, ethnicityError);
        var (education, educationError) = MemberSheet.Code(CodeTables.Education, Cell(MemberSheet.Education), "学历");
        Error(MemberSheet.Education, educationError);
        var (political, politicalError) = MemberSheet.Code(CodeTables.PoliticalStatus, Cell(MemberSheet.PoliticalStatus), "政治面貌");
        Error(MemberSheet.PoliticalStatus, politicalError);
        var (birth, birthError) = MemberSheet.Date(Cell(MemberSheet.BirthDate), "出生日期", context.Date1904);
        Error(MemberSheet.BirthDate, birthError);
        var (joined, joinedError) = MemberSheet.Date(Cell(MemberSheet.JoinedOn), "入团/入党时间", context.Date1904);
        Error(MemberSheet.JoinedOn, joinedError);
        var (idNumber, idError) = MemberSheet.IdNumberCell(Cell(MemberSheet.IdNumber));
        Error(MemberSheet.IdNumber, idError);
        var (branch, branchError) = FindBranch(MemberSheet.Text(Cell(MemberSheet.Branch)), context);
        Error(MemberSheet.Branch, branchError);

        var input = new PersonInput(
            MemberSheet.Text(Cell(MemberSheet.Name)), gender, ethnicity, birth, idError is null ? idNumber : "x",
            MemberSheet.Text(Cell(MemberSheet.Phone)), education, political, MemberSheet.Text(Cell(MemberSheet.WorkUnit)),
            MemberSheet.Text(Cell(MemberSheet.Post)), MemberSheet.Text(Cell(MemberSheet.Address)));
        var fieldErrors = new Dictionary<string, List<string>>();
        var person = MemberValidation.CheckPerson(input, fieldErrors, today: context.Today);
        var system = branch?.System ?? context.Org.System;
        var stage = system == OrgSystem.League ? MemberStage.Member : political == "02" ? MemberStage.Probationary : MemberStage.Full;
        MemberValidation.CheckMembership(system, stage, joined, null, person.BirthDate, context.Today, fieldErrors, context.Rules);
        foreach (var (field, messages) in fieldErrors)
        {
            // The cell's own message already names what is wrong with the ID number or the date of joining.
            if ((field == "person.idNumber" && idError is not null) || (field == "joinedOn" && joinedError is not null))
            {
                continue;
            }

            var column = MemberSheet.ColumnOfField.GetValueOrDefault(field, field);
            foreach (var message in messages)
            {
                Error(column, message);
            }
        }

        return errors.Count > 0 || branch is null
            ? null
            : new NewMember(row, branch.Id, system, stage, joined!.Value, person);
    }

    /// <summary>The 所在支部 cell: a branch of the subtree by full name, else by a short name that only one branch has.</summary>
    private static (Branch? Branch, string? Error) FindBranch(string? branchName, RowContext context)
    {
        if (branchName is null)
        {
            return (null, "请填写所在支部（支部简称或全称）");
        }

        if (context.ByName.TryGetValue(branchName, out var named) && named.Count == 1)
        {
            return (named[0], null);
        }

        if (context.ByShortName.TryGetValue(branchName, out var shortNamed))
        {
            return shortNamed.Count == 1
                ? (shortNamed[0], null)
                : (null, $"简称为「{MemberSheet.Echo(branchName)}」的支部不止一个，请填写支部全称");
        }

        return (null, $"在「{context.Org.ShortName}」之下找不到支部「{MemberSheet.Echo(branchName)}」");
    }
}

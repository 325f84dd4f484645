using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Reference;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Statistics;
using Zhijian.Web.Shared;
using Zhijian.Web.Shared.Identity;

namespace Zhijian.Web.Features.ImportExport;

/// <summary>Workbooks going out: the template, a subtree's members (masked), a branch's roster, error reports, statistics.</summary>
public sealed class MemberExporter(ZhijianDbContext db, OrganizationService orgs, StatisticsService statistics,
    AuditLog audit)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>
    /// The template (<see cref="MemberTemplate"/>); for an organization the caller may read, its 所在支部 column lists the
    /// active branches of its subtree, each by its short name, or its full name where short names repeat.
    /// </summary>
    public async Task<byte[]> TemplateAsync(long? orgId, CancellationToken ct = default)
    {
        if (orgId is not { } id)
        {
            return MemberTemplate.Build();
        }

        var org = await orgs.FindReadableAsync(id, ct);
        var branches = await db.Organizations.AsNoTracking()
            .Where(TreePath.In<Organization>(o => o.Path, org.Path))
            .Where(o => o.Kind == OrgKind.Branch && o.Status == OrgStatus.Active)
            .OrderBy(o => o.Path)
            .Select(o => new { o.Name, o.ShortName }).ToListAsync(ct);
        var repeated = branches.GroupBy(b => b.ShortName).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return MemberTemplate.Build(branches.Select(b => repeated.Contains(b.ShortName) ? b.Name : b.ShortName).Distinct().ToList());
    }

    /// <summary>
    /// The members of a subtree in the template's columns, masked; the export is audited. Streamed: rows go from the
    /// database reader straight into the workbook, written to a temporary file (deleted when the stream closes), so
    /// memory stays flat whatever the subtree's size.
    /// </summary>
    public async Task<Stream> MembersAsync(long orgId, CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        var count = 0;
        var sheet = MemberRows(org.Path).AsEnumerable().Select(r =>
        {
            count++;
            return new Dictionary<string, object?>
            {
                [MemberSheet.Name] = r.Name,
                [MemberSheet.Gender] = CodeTables.Gender.NameOf(r.Gender),
                [MemberSheet.Ethnicity] = CodeTables.Ethnicity.NameOf(r.Ethnicity),
                [MemberSheet.BirthDate] = r.BirthDate?.ToString("yyyy-MM-dd"),
                [MemberSheet.IdNumber] = CitizenIdNumber.Mask(r.IdNumber),
                [MemberSheet.Phone] = PhoneNumber.Mask(r.Phone),
                [MemberSheet.Education] = CodeTables.Education.NameOf(r.Education),
                [MemberSheet.PoliticalStatus] = CodeTables.PoliticalStatus.NameOf(r.PoliticalStatus),
                [MemberSheet.JoinedOn] = r.JoinedOn?.ToString("yyyy-MM-dd"),
                [MemberSheet.Branch] = r.Branch,
                [MemberSheet.WorkUnit] = r.WorkUnit,
                [MemberSheet.Post] = r.Post,
                [MemberSheet.Address] = r.Address,
            };
        });
        var file = await SaveToFileAsync(OrIfEmpty(sheet, EmptyRow(MemberSheet.Headers)), "党（团）员", ct);
        await db.InTransactionAsync(() => audit.AppendAsync(AuditAction.MembersExported, org.Id, nameof(Membership), null,
            $"导出「{org.ShortName}」党（团）员 {count} 条（证件号码、手机号码已脱敏）", ct), ct);
        return file;
    }

    /// <summary>花名册 of one branch, print-ready, with a column for each member's signature (streamed like the export).</summary>
    public async Task<Stream> RosterAsync(long orgId, CancellationToken ct = default)
    {
        var roster = await RosterLinesAsync(orgId, ct);
        var sheet = roster.Lines.Select(r => new Dictionary<string, object?>
        {
            ["序号"] = r.No,
            ["姓名"] = r.Name,
            ["性别"] = r.Gender,
            ["民族"] = r.Ethnicity,
            ["出生年月"] = r.Born,
            ["学历"] = r.Education,
            [roster.JoinedLabel] = r.Joined,
            ["工作单位及职务"] = r.WorkAndPost,
            ["本人签字"] = "",
        });
        return await SaveToFileAsync(sheet, $"{roster.ShortName}花名册", ct);
    }

    /// <summary>The lines of a branch's roster (花名册), for the workbook and the print page.</summary>
    public async Task<Roster> RosterLinesAsync(long orgId, CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        if (org.Kind != OrgKind.Branch)
        {
            throw DomainException.Validation("orgId", "花名册按支部打印，请选择一个党支部或团支部");
        }

        var league = org.System == OrgSystem.League;
        var lines = (await MemberRows(org.Path).ToListAsync(ct)).Select((r, i) => new RosterLine(i + 1, r.Name,
            CodeTables.Gender.NameOf(r.Gender)?.Replace("性", "", StringComparison.Ordinal),
            CodeTables.Ethnicity.NameOf(r.Ethnicity), r.BirthDate?.ToString("yyyy.MM"), CodeTables.Education.NameOf(r.Education),
            r.JoinedOn?.ToString("yyyy.MM"), string.Join(" ", new[] { r.WorkUnit, r.Post }.Where(s => !string.IsNullOrEmpty(s))))).ToList();
        return new Roster(org.Name, org.ShortName, league ? "团员花名册" : "党员花名册", league ? "入团时间" : "入党时间", lines);
    }

    /// <summary>The rejected rows of an import with an error column, ready to correct and import again.</summary>
    public static async Task<byte[]> ErrorReportAsync(IEnumerable<RejectedRow> rejected, CancellationToken ct = default)
    {
        await using var file = await ErrorReportFileAsync(rejected, MemberSheet.Headers, ct);
        using var bytes = new MemoryStream();
        await file.CopyToAsync(bytes, ct);
        return bytes.ToArray();
    }

    /// <summary>
    /// The error report as a temporary file that deletes itself when closed. The rows go to the file one by one, never
    /// as one list: a 50 MB workbook of 100,000 rejected rows peaked at 627 MiB of working set when the report was
    /// built as a list in a MemoryStream. <paramref name="headers"/>: the imported sheet's columns (the member template's, a
    /// payroll sheet's), between 行号 and 错误说明.
    /// </summary>
    public static Task<Stream> ErrorReportFileAsync(IEnumerable<RejectedRow> rejected, IReadOnlyList<string> headers,
        CancellationToken ct = default)
    {
        var rows = rejected.Select(r =>
        {
            var row = new Dictionary<string, object?> { ["行号"] = r.Row };
            foreach (var h in headers)
            {
                row[h] = r.Cells.TryGetValue(h, out var v) ? v : null;
            }

            row["错误说明"] = r.Messages;
            return row;
        });
        return SaveToFileAsync(OrIfEmpty(rows, EmptyRow(["行号", .. headers, "错误说明"])), "错误报告", ct);
    }

    /// <summary>The statistics of a subtree, one sheet per dimension.</summary>
    public async Task<byte[]> StatisticsAsync(long orgId, CancellationToken ct = default)
    {
        var s = await statistics.ForAsync(orgId, ct);
        var org = await orgs.GetAsync(orgId, ct);
        static List<Dictionary<string, object?>> Table(IReadOnlyDictionary<string, long> values, Func<string, string> name) =>
            values.Select(v => new Dictionary<string, object?> { ["项目"] = name(v.Key), ["人数"] = v.Value }).ToList();
        var sheets = new Dictionary<string, object>
        {
            ["概况"] = new List<Dictionary<string, object?>>
            {
                new() { ["项目"] = "组织", ["数值"] = org.Name },
                new() { ["项目"] = "在册党（团）员", ["数值"] = s.Members.Total },
                new() { ["项目"] = "组织数（含本级）", ["数值"] = s.Organizations.Total },
                new() { ["项目"] = "班子成员", ["数值"] = s.Cadres.Total },
                new() { ["项目"] = "统计时间", ["数值"] = s.AsOf.InChina().ToString("yyyy-MM-dd HH:mm") },
            },
            ["按阶段"] = Table(s.Members.ByStage, k => k switch { "probationary" => "预备党员", "full" => "正式党员", _ => "团员" }),
            ["按性别"] = Table(s.Members.ByGender, k => CodeTables.Gender.NameOf(k) ?? "未填写"),
            ["按年龄段"] = Table(s.Members.ByAgeBand, k => k),
            ["按民族"] = Table(s.Members.ByEthnicity, k => CodeTables.Ethnicity.NameOf(k) ?? "未填写"),
            ["按学历"] = Table(s.Members.ByEducation, k => CodeTables.Education.NameOf(k) ?? "未填写"),
            ["班子成员年龄"] = Table(s.Cadres.ByAgeBand, k => k),
        };
        foreach (var section in await statistics.SectionsAsync(orgId, ct))
        {
            sheets[section.Title] = section.Figures
                .Select(f => new Dictionary<string, object?> { ["分类"] = f.Group, ["项目"] = f.Label, ["人数"] = f.Value }).ToList();
        }

        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets, excelType: ExcelType.XLSX, cancellationToken: ct);
        return stream.ToArray();
    }

    private sealed record Row(string Name, string Gender, string? Ethnicity, DateOnly? BirthDate, string? IdNumber,
        string? Phone, string? Education, string? PoliticalStatus, DateOnly? JoinedOn, string Branch, string? WorkUnit,
        string? Post, string? Address);

    private IQueryable<Row> MemberRows(string path) =>
        from m in db.Memberships.AsNoTracking().Where(TreePath.In<Membership>(m => m.OrgPath, path))
        where m.State != MemberState.Ended
        join o in db.Organizations on m.OrgId equals o.Id
        orderby m.OrgPath, m.SortName
        select new Row(m.Person!.Name, m.Person.Gender, m.Person.Ethnicity, m.Person.BirthDate, m.Person.IdNumber,
            m.Person.Phone, m.Person.Education, m.Person.PoliticalStatus, m.JoinedOn, o.ShortName, m.Person.WorkUnit,
            m.Person.Post, m.Person.Address);

    private static Dictionary<string, object?> EmptyRow(IEnumerable<string> headers) => headers.ToDictionary(h => h, _ => (object?)null);

    private static IEnumerable<T> OrIfEmpty<T>(IEnumerable<T> rows, T fallback)
    {
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            yield return row;
        }

        if (!any)
        {
            yield return fallback;
        }
    }

    /// <summary>Writes a workbook to a temporary file that deletes itself when closed; returned positioned at its start.</summary>
    private static async Task<Stream> SaveToFileAsync(IEnumerable<Dictionary<string, object?>> rows, string sheet, CancellationToken ct)
    {
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"zhijian-export-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await file.SaveAsAsync(rows, sheetName: sheet, excelType: ExcelType.XLSX, cancellationToken: ct);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static async Task<byte[]> SaveAsync(IEnumerable<Dictionary<string, object?>> rows, string sheet, CancellationToken ct)
    {
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, sheetName: sheet, excelType: ExcelType.XLSX, cancellationToken: ct);
        return stream.ToArray();
    }
}

/// <summary>A branch's roster (花名册): its name, the title, the label of the joining date, and one line per member.</summary>
public sealed record Roster(string OrgName, string ShortName, string Title, string JoinedLabel, IReadOnlyList<RosterLine> Lines);

/// <summary>One member on the roster, as printed (birth and joining as yyyy.MM, names instead of codes).</summary>
public sealed record RosterLine(int No, string Name, string? Gender, string? Ethnicity, string? Born, string? Education,
    string? Joined, string WorkAndPost);

using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Meetings;

/// <summary>
/// Organizational life: plan a meeting, record it once, correct it only by new versions with a reason.
/// The server stamps every version; records written late are 补录; every submission is hash-chained to the
/// previous version and audited in the same transaction.
/// </summary>
public sealed class MeetingService(
    ZhijianDbContext db,
    CallerScope scope,
    OrganizationService orgs,
    AuditLog audit,
    RuleBook rules,
    IActor actor,
    IOptions<MeetingOptions> options,
    IWebHostEnvironment env,
    FileStore files,
    TimeProvider clock)
{
    internal const string What = "会议";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private DateOnly Today => clock.Today();

    /// <summary>The meeting types of a system with the frequency in force today.</summary>
    public async Task<IReadOnlyList<MeetingTypeDto>> TypesAsync(OrgSystem? system, CancellationToken ct = default)
    {
        var set = await rules.CurrentAsync(ct);
        var today = Today;
        return MeetingTypes.All.Where(t => system is null || t.System == system)
            .Select(t =>
            {
                var f = t.FrequencyOf(set, today);
                return new MeetingTypeDto(t.System, t.Code, t.Name, f, MeetingTypes.FrequencyName(f), t.Quorum, t.GroupMeeting);
            }).ToList();
    }

    /// <summary>Meetings of an organization (or its subtree), newest first.</summary>
    public async Task<PagedList<MeetingDto>> ListAsync(long? orgId, bool subtree, string? type, DateOnly? from, DateOnly? to,
        MeetingState? state, PageRequest page, CancellationToken ct = default)
    {
        var query = await scope.Readable(db.Set<Meeting>().AsNoTracking(), m => m.OrgPath, ct);
        if (orgId is { } id)
        {
            var org = await orgs.FindReadableAsync(id, ct);
            query = subtree ? query.Where(TreePath.In<Meeting>(m => m.OrgPath, org.Path)) : query.Where(m => m.OrgId == org.Id || m.BranchId == org.Id);
        }

        if (!string.IsNullOrWhiteSpace(type))
        {
            query = query.Where(m => m.Type == type);
        }

        if (from is { } f)
        {
            query = query.Where(m => (m.HeldOn ?? m.PlannedOn) >= f);
        }

        if (to is { } t)
        {
            query = query.Where(m => (m.HeldOn ?? m.PlannedOn) <= t);
        }

        if (state is { } s)
        {
            query = query.Where(m => m.State == s);
        }

        var total = await query.LongCountAsync(ct);
        var items = await Project(query.OrderByDescending(m => m.HeldOn ?? m.PlannedOn).ThenByDescending(m => m.Id)
            .Skip(page.Skip).Take(page.PageSize)).ToListAsync(ct);
        return new PagedList<MeetingDto>(items.Select(Named).ToList(), page.Page, page.PageSize, total, true);
    }

    /// <summary>A meeting with attendees, attachments, every version of its record and whether their chain verifies.</summary>
    public async Task<MeetingDto> GetAsync(long id, CancellationToken ct = default)
    {
        var query = await scope.Readable(db.Set<Meeting>().AsNoTracking().Where(m => m.Id == id), m => m.OrgPath, ct);
        var meeting = await Project(query).FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound(What);
        var attendees = await db.Set<MeetingAttendee>().AsNoTracking().Where(a => a.MeetingId == id)
            .OrderBy(a => a.Id)
            .Select(a => new AttendeeDto(a.MembershipId, a.PersonId, a.Name, a.Voter, a.Present, a.AbsenceReason, a.SignedInAt))
            .ToListAsync(ct);
        var attachments = await db.Set<MeetingAttachment>().AsNoTracking().Where(a => a.MeetingId == id).OrderBy(a => a.Id)
            .Select(a => new AttachmentDto(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedAt, a.UploadedBy))
            .ToListAsync(ct);
        var versions = await db.Set<MeetingRecordVersion>().AsNoTracking().Where(v => v.MeetingId == id)
            .OrderBy(v => v.Number).ToListAsync(ct);
        var (valid, broken) = MeetingChain.Verify(versions);
        if (versions.Count != meeting.Versions)
        {
            (valid, broken) = (false, versions.Count + 1);
        }

        return Named(meeting) with
        {
            Attendees = attendees,
            Attachments = attachments,
            History = versions.Select(ToDto).ToList(),
            ChainValid = valid,
            ChainBrokenAt = broken,
        };
    }

    /// <summary>Plans a meeting of an active organization; invitees default to all its members.</summary>
    public async Task<MeetingDto> PlanAsync(PlanMeetingRequest r, CancellationToken ct = default)
    {
        ValidatePlan(r);
        return await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: false, ct);
            var org = await orgs.FindWritableAsync(r.OrgId!.Value, ct);
            EnsureActive(org);
            var type = PlannedType(org, r.Type);
            var invited = await InviteesAsync(org, r.InviteeIds, ct);
            var meeting = Meeting.Plan(org, type.Code, r.Date!.Value, Blank(r.Place), Blank(r.Host), Blank(r.Topic),
                Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), clock.GetUtcNow(), actor.UserName);
            db.Add(meeting);
            await db.SaveChangesAsync(ct);
            foreach (var c in invited)
            {
                db.Add(AttendeeOf(meeting.Id, c));
            }

            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.MeetingPlanned, org.Id, nameof(Meeting), meeting.Id,
                $"「{org.ShortName}」安排{type.Name}：{meeting.PlannedOn:yyyy-MM-dd}{(meeting.Topic is null ? "" : "，" + meeting.Topic)}，参会 {invited.Count} 人", ct);
            return await GetAsync(meeting.Id, ct);
        }, ct);
    }

    private static void ValidatePlan(PlanMeetingRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        if (r.OrgId is null)
        {
            errors["orgId"] = ["请选择召开会议的组织"];
        }

        if (r.Date is null)
        {
            errors["date"] = ["请填写会议日期"];
        }
        else if (!PlausibleDates.Contains(r.Date.Value))
        {
            errors["date"] = [$"会议日期：{PlausibleDates.OutOfRange}"];
        }

        CheckText(r.Place, "place", "地点", errors);
        CheckText(r.Host, "host", "主持人", errors);
        CheckText(r.Topic, "topic", "主题", errors);
        if (errors.Count > 0)
        {
            throw DomainException.Validation(errors);
        }
    }

    /// <summary>The requested type if the organization may hold it (group meetings only in groups, and groups hold only those).</summary>
    private static MeetingType PlannedType(Organization org, string? code)
    {
        var type = MeetingTypes.Find(org.System, code)
            ?? throw DomainException.Validation("type", $"会议类型无效，{SystemName(org.System)}可选：" +
                string.Join("、", MeetingTypes.Of(org.System).Select(t => $"{t.Code}（{t.Name}）")));
        if (type.GroupMeeting != (org.Kind == OrgKind.Group))
        {
            throw DomainException.Validation("type", type.GroupMeeting
                ? $"{type.Name}由小组召开，请在小组下安排"
                : $"「{org.ShortName}」是小组，只能召开{MeetingTypes.Of(org.System).First(t => t.GroupMeeting).Name}");
        }

        return type;
    }

    /// <summary>The invitees: the chosen members of the holding organization, or all of them.</summary>
    private async Task<List<Candidate>> InviteesAsync(Organization org, IReadOnlyList<long>? ids, CancellationToken ct)
    {
        var candidates = await CandidatesAsync(db, org, ct);
        if (ids is not { Count: > 0 })
        {
            return candidates;
        }

        var stray = ids.Distinct().Where(i => candidates.All(c => c.Id != i)).ToList();
        if (stray.Count > 0)
        {
            throw DomainException.Validation("inviteeIds",
                $"参会人员须为「{org.ShortName}」在册的党（团）员：{string.Join(", ", stray)} 不是");
        }

        return candidates.Where(c => ids.Contains(c.Id)).ToList();
    }

    /// <summary>Submits the record of a planned meeting: version 1, stamped by the server.</summary>
    public Task<MeetingDto> RecordAsync(long id, RecordMeetingRequest r, CancellationToken ct = default) =>
        WriteVersionAsync(id, r, correction: false, ct);

    /// <summary>Corrects a submitted record: a new version with a reason; earlier versions stay as they were.</summary>
    public Task<MeetingDto> CorrectAsync(long id, RecordMeetingRequest r, CancellationToken ct = default) =>
        WriteVersionAsync(id, r, correction: true, ct);

    private async Task<MeetingDto> WriteVersionAsync(long id, RecordMeetingRequest r, bool correction, CancellationToken ct)
    {
        await new RecordMeetingHandler(db, scope, audit, rules, actor, clock)
            .HandleAsync(new RecordMeetingCommand(id, r, correction), ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Where meeting attachments go in the <see cref="FileStore"/>.</summary>
    public const string AttachmentArea = "meetings";

    /// <summary>
    /// Stores an attachment (photo or document) within the type and size limits, in the file store's <c>meetings</c> folder.
    /// Its content type is the one of its extension (the allow-list's), never the one the uploader claimed.
    /// </summary>
    public async Task<AttachmentDto> AddAttachmentAsync(long id, string? fileName, string? contentType, long length,
        Stream content, CancellationToken ct = default)
    {
        _ = contentType;
        var o = options.Value;
        var (name, ext) = FileStore.CheckUpload(fileName, o.AllowedExtensions);
        if (length > o.MaxAttachmentBytes)
        {
            throw FileStore.TooLarge(o.MaxAttachmentBytes);
        }

        if (length <= 0)
        {
            throw DomainException.Validation("file", "上传的文件是空的");
        }

        var meeting = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw DomainException.NotFound(What);
        await scope.EnsureWritable(meeting.OrgPath, What, ct);
        var org = await db.Organizations.AsNoTracking().FirstAsync(x => x.Id == meeting.OrgId, ct);
        EnsureActive(org);

        var stored = await files.SaveAsync(AttachmentArea, ext, content, o.MaxAttachmentBytes, ct);
        try
        {
            var attachment = new MeetingAttachment
            {
                MeetingId = meeting.Id,
                FileName = name,
                ContentType = FileStore.ContentTypeOf(name),
                Size = stored.Size,
                Sha256 = stored.Sha256,
                StorageName = stored.Name,
                UploadedAt = clock.GetUtcNow(),
                UploadedBy = actor.UserName,
            };
            await db.InTransactionAsync(async () =>
            {
                db.Add(attachment);
                await db.SaveChangesAsync(ct);
                await audit.AppendAsync(AuditAction.MeetingAttachmentAdded, org.Id, nameof(Meeting), meeting.Id,
                    $"为「{org.ShortName}」{MeetingTypes.NameOf(meeting.System, meeting.Type)}上传附件 {name}（{stored.Size} 字节，SHA-256 {stored.Sha256[..12]}）", ct);
            }, ct);
            return new AttachmentDto(attachment.Id, attachment.FileName, attachment.ContentType, attachment.Size,
                attachment.Sha256, attachment.UploadedAt, attachment.UploadedBy);
        }
        catch
        {
            files.Delete(stored.Name);
            throw;
        }
    }

    /// <summary>
    /// An attachment's file for download (readable meetings only), null when its row exists but the file is gone. Files
    /// stored before the file store (a bare name, no folder) are still read from <c>Meetings:AttachmentDirectory</c>.
    /// </summary>
    public async Task<(Stream? File, string FileName)> AttachmentFileAsync(long id, long attachmentId, CancellationToken ct = default)
    {
        var meeting = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw DomainException.NotFound(What);
        await scope.EnsureReadable(meeting.OrgPath, What, ct);
        var a = await db.Set<MeetingAttachment>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == attachmentId && x.MeetingId == id, ct)
            ?? throw DomainException.NotFound("附件");
        if (a.StorageName.Contains('/', StringComparison.Ordinal))
        {
            return (files.OpenRead(a.StorageName), a.FileName);
        }

        var legacy = Path.Combine(Directory(options.Value), Path.GetFileName(a.StorageName));
        return (a.StorageName.Length > 0 && File.Exists(legacy) ? File.OpenRead(legacy) : null, a.FileName);
    }

    /// <summary>The QR code's content: the sign-in page of the meeting with its token (for the organizer to show).</summary>
    public async Task<string> SignInLinkAsync(long id, CancellationToken ct = default)
    {
        var meeting = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw DomainException.NotFound(What);
        await scope.EnsureWritable(meeting.OrgPath, What, ct);
        return $"/me/sign-in/{meeting.Id}?t={meeting.SignInToken}";
    }

    /// <summary>The caller signs in to a meeting they are invited to, on the meeting's day or the next.</summary>
    public async Task<AttendeeDto> SignInAsync(long id, string? token, CancellationToken ct = default)
    {
        var personId = await MyPersonIdAsync(ct) ?? throw DomainException.NotFound(What);
        return await db.InTransactionAsync(async () =>
        {
            var meeting = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw DomainException.NotFound(What);
            var row = await db.Set<MeetingAttendee>().FirstOrDefaultAsync(a => a.MeetingId == id && a.PersonId == personId, ct)
                ?? throw DomainException.NotFound(What);
            if (token is not null && !CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.UTF8.GetBytes(token), System.Text.Encoding.UTF8.GetBytes(meeting.SignInToken)))
            {
                throw DomainException.NotFound(What);
            }

            var today = Today;
            if (meeting.State != MeetingState.Planned || today < meeting.PlannedOn || today > meeting.PlannedOn.AddDays(1))
            {
                throw DomainException.InvalidState("只能在会议当天（或次日）、记录提交前签到");
            }

            row.SignedInAt ??= Millis(clock.GetUtcNow());
            row.Present = true;
            row.AbsenceReason = null;
            await db.SaveChangesAsync(ct);
            return new AttendeeDto(row.MembershipId, row.PersonId, row.Name, row.Voter, row.Present, row.AbsenceReason, row.SignedInAt);
        }, ct);
    }

    /// <summary>My meetings (as an invitee), newest first.</summary>
    public async Task<IReadOnlyList<MyMeetingDto>> MineAsync(CancellationToken ct = default)
    {
        if (await MyPersonIdAsync(ct) is not { } personId)
        {
            return [];
        }

        var today = Today;
        var rows = await (from a in db.Set<MeetingAttendee>().AsNoTracking()
                          where a.PersonId == personId
                          join m in db.Set<Meeting>() on a.MeetingId equals m.Id
                          join o in db.Organizations on m.OrgId equals o.Id
                          orderby m.PlannedOn descending, m.Id descending
                          select new { m.Id, m.System, m.Type, o.ShortName, m.PlannedOn, m.HeldOn, m.Place, m.Topic, m.State, a.Present, a.SignedInAt })
            .Take(50).ToListAsync(ct);
        return rows.Select(x => new MyMeetingDto(x.Id, x.ShortName, x.Type, MeetingTypes.NameOf(x.System, x.Type), x.PlannedOn,
            x.HeldOn, x.Place, x.Topic, x.State, x.Present, x.SignedInAt,
            x.State == MeetingState.Planned && today >= x.PlannedOn && today <= x.PlannedOn.AddDays(1) && x.SignedInAt is null)).ToList();
    }

    private async Task<long?> MyPersonIdAsync(CancellationToken ct) =>
        actor.UserId is { } userId
            ? await db.Users.Where(u => u.Id == userId).Select(u => u.PersonId).FirstOrDefaultAsync(ct)
            : null;

    internal sealed record Candidate(long Id, long PersonId, string Name, MemberStage Stage);

    /// <summary>An invitee row for a candidate; probationary party members have no vote.</summary>
    internal static MeetingAttendee AttendeeOf(long meetingId, Candidate c) => new()
    {
        MeetingId = meetingId,
        MembershipId = c.Id,
        PersonId = c.PersonId,
        Name = c.Name,
        Voter = c.Stage != MemberStage.Probationary,
    };

    /// <summary>Who may attend: a group's members, a branch's members, or a higher organization's whole subtree.</summary>
    internal static async Task<List<Candidate>> CandidatesAsync(ZhijianDbContext db, Organization org, CancellationToken ct)
    {
        var query = db.Memberships.AsNoTracking().Where(m => m.State != MemberState.Ended && m.System == org.System);
        query = org.Kind switch
        {
            OrgKind.Group => query.Where(m => m.GroupId == org.Id),
            OrgKind.Branch => query.Where(m => m.OrgId == org.Id),
            _ => query.Where(TreePath.In<Membership>(m => m.OrgPath, org.Path)),
        };
        return await query.OrderBy(m => m.SortName).ThenBy(m => m.Id)
            .Select(m => new Candidate(m.Id, m.PersonId, m.SortName, m.Stage)).ToListAsync(ct);
    }

    private IQueryable<MeetingDto> Project(IQueryable<Meeting> query) =>
        from m in query
        join o in db.Organizations on m.OrgId equals o.Id
        select new MeetingDto(m.Id, m.System, m.OrgId, o.ShortName, m.BranchId, m.Type, "", m.State, m.PlannedOn, m.Place,
            m.Host, m.Topic, m.HeldOn, m.RecordedAt, m.Late, m.Flagged, m.Versions, m.CreatedAt, m.CreatedBy,
            null, null, null, null, null);

    private static MeetingDto Named(MeetingDto d) => d with { TypeName = MeetingTypes.NameOf(d.System, d.Type) };

    private static MeetingVersionDto ToDto(MeetingRecordVersion v) => new(v.Number, v.HeldOn, v.Place, v.Host, v.Topic,
        v.Minutes, v.Decisions, JsonSerializer.Deserialize<List<VersionAttendee>>(v.Attendance, Json) ?? [],
        JsonSerializer.Deserialize<List<VersionAttachment>>(v.Attachments, Json) ?? [], v.Voters, v.VotersPresent,
        v.QuorumMet, v.Late, v.Reason, v.WrittenAt, v.WrittenBy, v.PreviousHash, v.Hash);

    private string Directory(MeetingOptions o) =>
        Path.IsPathRooted(o.AttachmentDirectory) ? o.AttachmentDirectory : Path.Combine(env.ContentRootPath, o.AttachmentDirectory);

    internal static DateTimeOffset Millis(DateTimeOffset t) =>
        new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    internal static void EnsureActive(Organization org)
    {
        if (org.Status != OrgStatus.Active)
        {
            throw DomainException.InvalidState($"「{org.Name}」已撤销，不能再安排或记录会议");
        }
    }

    internal static void CheckText(string? value, string field, string label, Dictionary<string, string[]> errors)
    {
        if (value is { Length: > Meeting.TextMaxLength })
        {
            errors[field] = [$"{label}不超过 {Meeting.TextMaxLength} 字"];
        }
    }

    private static string SystemName(OrgSystem system) => system == OrgSystem.League ? "团组织" : "党组织";

    internal static string? Blank(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();
}

/// <summary>A meeting as the invitee sees it on /me; <c>canSignIn</c> is true on the meeting's day before the record.</summary>
public sealed record MyMeetingDto(long Id, string OrgName, string Type, string TypeName, DateOnly PlannedOn, DateOnly? HeldOn,
    string? Place, string? Topic, MeetingState State, bool? Present, DateTimeOffset? SignedInAt, bool CanSignIn);

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
    private const string What = "会议";
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

        return await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: false, ct);
            var org = await orgs.FindWritableAsync(r.OrgId!.Value, ct);
            EnsureActive(org);
            var type = MeetingTypes.Find(org.System, r.Type)
                ?? throw DomainException.Validation("type", $"会议类型无效，{SystemName(org.System)}可选：" +
                    string.Join("、", MeetingTypes.Of(org.System).Select(t => $"{t.Code}（{t.Name}）")));
            if (type.GroupMeeting != (org.Kind == OrgKind.Group))
            {
                throw DomainException.Validation("type", type.GroupMeeting
                    ? $"{type.Name}由小组召开，请在小组下安排"
                    : $"「{org.ShortName}」是小组，只能召开{MeetingTypes.Of(org.System).First(t => t.GroupMeeting).Name}");
            }

            var candidates = await CandidatesAsync(org, ct);
            var invited = candidates;
            if (r.InviteeIds is { Count: > 0 } ids)
            {
                var stray = ids.Distinct().Where(i => candidates.All(c => c.Id != i)).ToList();
                if (stray.Count > 0)
                {
                    throw DomainException.Validation("inviteeIds",
                        $"参会人员须为「{org.ShortName}」在册的党（团）员：{string.Join(", ", stray)} 不是");
                }

                invited = candidates.Where(c => ids.Contains(c.Id)).ToList();
            }

            var meeting = new Meeting
            {
                System = org.System,
                OrgId = org.Id,
                OrgPath = org.Path,
                BranchId = org.Kind == OrgKind.Group ? org.ParentId!.Value : org.Id,
                Type = type.Code,
                State = MeetingState.Planned,
                PlannedOn = r.Date!.Value,
                Place = Blank(r.Place),
                Host = Blank(r.Host),
                Topic = Blank(r.Topic),
                SignInToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                CreatedAt = clock.GetUtcNow(),
                CreatedBy = actor.UserName,
            };
            db.Add(meeting);
            await db.SaveChangesAsync(ct);
            foreach (var c in invited)
            {
                db.Add(new MeetingAttendee
                {
                    MeetingId = meeting.Id,
                    MembershipId = c.Id,
                    PersonId = c.PersonId,
                    Name = c.Name,
                    Voter = c.Stage != MemberStage.Probationary,
                });
            }

            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.MeetingPlanned, org.Id, nameof(Meeting), meeting.Id,
                $"「{org.ShortName}」安排{type.Name}：{meeting.PlannedOn:yyyy-MM-dd}{(meeting.Topic is null ? "" : "，" + meeting.Topic)}，参会 {invited.Count} 人", ct);
            return await GetAsync(meeting.Id, ct);
        }, ct);
    }

    /// <summary>Submits the record of a planned meeting: version 1, stamped by the server.</summary>
    public Task<MeetingDto> RecordAsync(long id, RecordMeetingRequest r, CancellationToken ct = default) =>
        WriteVersionAsync(id, r, correction: false, ct);

    /// <summary>Corrects a submitted record: a new version with a reason; earlier versions stay as they were.</summary>
    public Task<MeetingDto> CorrectAsync(long id, RecordMeetingRequest r, CancellationToken ct = default) =>
        WriteVersionAsync(id, r, correction: true, ct);

    private async Task<MeetingDto> WriteVersionAsync(long id, RecordMeetingRequest r, bool correction, CancellationToken ct)
    {
        var today = Today;
        var errors = new Dictionary<string, string[]>();
        if (r.HeldOn is null)
        {
            errors["heldOn"] = ["请填写会议召开日期"];
        }
        else if (r.HeldOn > today)
        {
            errors["heldOn"] = ["会议召开日期不能晚于今天：尚未召开的会议不能记录"];
        }
        else if (!PlausibleDates.Contains(r.HeldOn.Value))
        {
            errors["heldOn"] = [$"会议召开日期：{PlausibleDates.OutOfRange}"];
        }

        if (string.IsNullOrWhiteSpace(r.Minutes) || r.Minutes.Length > Meeting.MinutesMaxLength)
        {
            errors["minutes"] = [$"请填写会议记录（不超过 {Meeting.MinutesMaxLength} 字）"];
        }

        if (r.Decisions is { Length: > Meeting.MinutesMaxLength })
        {
            errors["decisions"] = [$"会议决议不超过 {Meeting.MinutesMaxLength} 字"];
        }

        CheckText(r.Place, "place", "地点", errors);
        CheckText(r.Host, "host", "主持人", errors);
        CheckText(r.Topic, "topic", "主题", errors);
        if (correction && (string.IsNullOrWhiteSpace(r.Reason) || r.Reason.Trim().Length > MeetingRecordVersion.ReasonMaxLength))
        {
            errors["reason"] = [$"更正会议记录须填写更正原因（不超过 {MeetingRecordVersion.ReasonMaxLength} 字）"];
        }

        foreach (var line in r.Attendance ?? [])
        {
            if (line.AbsenceReason is { Length: > MeetingAttendee.ReasonMaxLength })
            {
                errors["attendance"] = [$"缺席原因不超过 {MeetingAttendee.ReasonMaxLength} 字"];
            }
        }

        if (r.Attendance is not null && r.Attendance.Select(a => a.MemberId).Distinct().Count() != r.Attendance.Count)
        {
            errors["attendance"] = ["同一人在出勤名单中出现了多次"];
        }

        if (errors.Count > 0)
        {
            throw DomainException.Validation(errors);
        }

        return await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: false, ct);
            await db.LockForUpdateAsync<Meeting>(id, ct); // one record (or correction) at a time: no double version
            var meeting = await db.Set<Meeting>().FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw DomainException.NotFound(What);
            await scope.EnsureWritable(meeting.OrgPath, What, ct);
            var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == meeting.OrgId, ct);
            EnsureActive(org);
            if (!correction && meeting.State != MeetingState.Planned)
            {
                throw DomainException.InvalidState("该会议已提交记录；记录提交后不能直接修改，请提交更正（须说明原因）");
            }

            if (correction && meeting.State != MeetingState.Recorded)
            {
                throw DomainException.InvalidState("该会议尚未提交记录，不能更正");
            }

            var type = MeetingTypes.Find(meeting.System, meeting.Type)!;
            var attendees = await db.Set<MeetingAttendee>().Where(a => a.MeetingId == meeting.Id).ToListAsync(ct);
            if (r.Attendance is not null)
            {
                var candidates = await CandidatesAsync(org, ct);
                var stray = new List<long>();
                foreach (var line in r.Attendance)
                {
                    var row = attendees.FirstOrDefault(a => a.MembershipId == line.MemberId);
                    if (row is null)
                    {
                        // Not invited but a member of the holding organization: added to the list.
                        var c = candidates.FirstOrDefault(x => x.Id == line.MemberId);
                        if (c is null)
                        {
                            stray.Add(line.MemberId);
                            continue;
                        }

                        row = new MeetingAttendee
                        {
                            MeetingId = meeting.Id,
                            MembershipId = c.Id,
                            PersonId = c.PersonId,
                            Name = c.Name,
                            Voter = c.Stage != MemberStage.Probationary,
                        };
                        attendees.Add(row);
                        db.Add(row);
                    }

                    row.Present = line.Present;
                    row.AbsenceReason = line.Present ? null : Blank(line.AbsenceReason);
                }

                if (stray.Count > 0)
                {
                    throw DomainException.Validation("attendance",
                        $"出勤人员须为「{org.ShortName}」在册的党（团）员：{string.Join(", ", stray)} 不是");
                }

                foreach (var a in attendees.Where(a => r.Attendance.All(l => l.MemberId != a.MembershipId)))
                {
                    a.Present ??= a.SignedInAt is not null;
                }
            }
            else
            {
                foreach (var a in attendees)
                {
                    a.Present = a.SignedInAt is not null || a.Present == true;
                }
            }

            var set = await rules.CurrentAsync(ct);
            var heldOn = r.HeldOn!.Value;
            var now = clock.GetUtcNow();
            var recordedAt = correction ? meeting.RecordedAt!.Value : now;
            var lateDays = set.Int(meeting.System, "meeting.lateEntryDays", heldOn);
            var late = MeetingRules.IsLateEntry(heldOn, ChinaTime.DateOf(recordedAt), lateDays);
            var voters = attendees.Count(a => a.Voter);
            var votersPresent = attendees.Count(a => a.Voter && a.Present == true);
            bool? quorum = type.Quorum ? MeetingRules.QuorumMet(voters, votersPresent) : null;
            var files = await db.Set<MeetingAttachment>().AsNoTracking().Where(a => a.MeetingId == meeting.Id)
                .OrderBy(a => a.Id).Select(a => new VersionAttachment(a.Id, a.FileName, a.Size, a.Sha256)).ToListAsync(ct);
            var previous = await db.Set<MeetingRecordVersion>().AsNoTracking().Where(v => v.MeetingId == meeting.Id)
                .OrderByDescending(v => v.Number).Select(v => new { v.Number, v.Hash }).FirstOrDefaultAsync(ct);
            var version = new MeetingRecordVersion
            {
                MeetingId = meeting.Id,
                Number = (previous?.Number ?? 0) + 1,
                HeldOn = heldOn,
                Place = Blank(r.Place) ?? meeting.Place,
                Host = Blank(r.Host) ?? meeting.Host,
                Topic = Blank(r.Topic) ?? meeting.Topic,
                Minutes = r.Minutes!.Trim(),
                Decisions = Blank(r.Decisions),
                Attendance = JsonSerializer.Serialize(attendees.OrderBy(a => a.MembershipId)
                    .Select(a => new VersionAttendee(a.MembershipId, a.Name, a.Voter, a.Present == true, a.AbsenceReason,
                        a.SignedInAt is { } s ? Millis(s) : null)), Json),
                Attachments = JsonSerializer.Serialize(files, Json),
                Voters = voters,
                VotersPresent = votersPresent,
                QuorumMet = quorum,
                Late = late,
                Reason = correction ? r.Reason!.Trim() : null,
                WrittenAt = Millis(now),
                WrittenBy = actor.UserName,
                PreviousHash = previous?.Hash ?? "",
            };
            version.Hash = MeetingChain.HashOf(version.PreviousHash, version);
            db.Add(version);

            meeting.State = MeetingState.Recorded;
            meeting.SetHeldOn(heldOn);
            meeting.RecordedAt = recordedAt;
            meeting.Late = late;
            meeting.Flagged = quorum == false;
            meeting.Versions = version.Number;
            meeting.Place = version.Place;
            meeting.Host = version.Host;
            meeting.Topic = version.Topic;
            await db.SaveChangesAsync(ct);

            var flags = (late ? "，补录" : "") + (quorum == false ? $"，未达到法定人数（应到有表决权 {voters} 人，实到 {votersPresent} 人）" : "");
            await audit.AppendAsync(correction ? AuditAction.MeetingCorrected : AuditAction.MeetingRecorded, org.Id,
                nameof(Meeting), meeting.Id,
                correction
                    ? $"更正「{org.ShortName}」{type.Name}（{heldOn:yyyy-MM-dd}）记录为第 {version.Number} 版，原因：{version.Reason}；哈希 {version.Hash[..12]}"
                    : $"提交「{org.ShortName}」{type.Name}（{heldOn:yyyy-MM-dd}）记录，出席 {attendees.Count(a => a.Present == true)}/{attendees.Count} 人{flags}；哈希 {version.Hash[..12]}",
                ct);
            return await GetAsync(meeting.Id, ct);
        }, ct);
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

    private sealed record Candidate(long Id, long PersonId, string Name, MemberStage Stage);

    /// <summary>Who may attend: a group's members, a branch's members, or a higher organization's whole subtree.</summary>
    private async Task<List<Candidate>> CandidatesAsync(Organization org, CancellationToken ct)
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

    private static DateTimeOffset Millis(DateTimeOffset t) =>
        new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    private static void EnsureActive(Organization org)
    {
        if (org.Status != OrgStatus.Active)
        {
            throw DomainException.InvalidState($"「{org.Name}」已撤销，不能再安排或记录会议");
        }
    }

    private static void CheckText(string? value, string field, string label, Dictionary<string, string[]> errors)
    {
        if (value is { Length: > Meeting.TextMaxLength })
        {
            errors[field] = [$"{label}不超过 {Meeting.TextMaxLength} 字"];
        }
    }

    private static string SystemName(OrgSystem system) => system == OrgSystem.League ? "团组织" : "党组织";

    private static string? Blank(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();
}

/// <summary>A meeting as the invitee sees it on /me; <c>canSignIn</c> is true on the meeting's day before the record.</summary>
public sealed record MyMeetingDto(long Id, string OrgName, string Type, string TypeName, DateOnly PlannedOn, DateOnly? HeldOn,
    string? Place, string? Topic, MeetingState State, bool? Present, DateTimeOffset? SignedInAt, bool CanSignIn);

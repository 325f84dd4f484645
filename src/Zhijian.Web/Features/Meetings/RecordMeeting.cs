using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Meetings;

/// <summary>Use case: submit a planned meeting's record (version 1) or correct a submitted one (a later version with a reason).</summary>
public sealed record RecordMeetingCommand(long MeetingId, RecordMeetingRequest Request, bool Correction);

/// <summary>The checks of <see cref="RecordMeetingCommand"/> that need no database: one 400 with every field's error.</summary>
public static class RecordMeetingValidation
{
    public static void Validate(RecordMeetingCommand c, DateOnly today)
    {
        var r = c.Request;
        var errors = new Dictionary<string, string[]>();
        CheckHeldOn(r.HeldOn, today, errors);
        if (string.IsNullOrWhiteSpace(r.Minutes) || r.Minutes.Length > Meeting.MinutesMaxLength)
        {
            errors["minutes"] = [$"请填写会议记录（不超过 {Meeting.MinutesMaxLength} 字）"];
        }

        if (r.Decisions is { Length: > Meeting.MinutesMaxLength })
        {
            errors["decisions"] = [$"会议决议不超过 {Meeting.MinutesMaxLength} 字"];
        }

        MeetingService.CheckText(r.Place, "place", "地点", errors);
        MeetingService.CheckText(r.Host, "host", "主持人", errors);
        MeetingService.CheckText(r.Topic, "topic", "主题", errors);
        if (c.Correction && (string.IsNullOrWhiteSpace(r.Reason) || r.Reason.Trim().Length > MeetingRecordVersion.ReasonMaxLength))
        {
            errors["reason"] = [$"更正会议记录须填写更正原因（不超过 {MeetingRecordVersion.ReasonMaxLength} 字）"];
        }

        CheckAttendance(r.Attendance, errors);
        if (errors.Count > 0)
        {
            throw DomainException.Validation(errors);
        }
    }

    private static void CheckHeldOn(DateOnly? heldOn, DateOnly today, Dictionary<string, string[]> errors)
    {
        if (heldOn is null)
        {
            errors["heldOn"] = ["请填写会议召开日期"];
        }
        else if (heldOn > today)
        {
            errors["heldOn"] = ["会议召开日期不能晚于今天：尚未召开的会议不能记录"];
        }
        else if (!PlausibleDates.Contains(heldOn.Value))
        {
            errors["heldOn"] = [$"会议召开日期：{PlausibleDates.OutOfRange}"];
        }
    }

    private static void CheckAttendance(IReadOnlyList<AttendanceLine>? attendance, Dictionary<string, string[]> errors)
    {
        foreach (var line in attendance ?? [])
        {
            if (line.AbsenceReason is { Length: > MeetingAttendee.ReasonMaxLength })
            {
                errors["attendance"] = [$"缺席原因不超过 {MeetingAttendee.ReasonMaxLength} 字"];
            }
        }

        if (attendance is not null && attendance.Select(a => a.MemberId).Distinct().Count() != attendance.Count)
        {
            errors["attendance"] = ["同一人在出勤名单中出现了多次"];
        }
    }
}

/// <summary>
/// Handler of <see cref="RecordMeetingCommand"/>: in one transaction, locks the meeting row (one record or correction at a
/// time: no double version), checks the state, settles attendance, appends the hash-chained version, lets the meeting take
/// it and audits. Returns the meeting's id.
/// </summary>
public sealed class RecordMeetingHandler(
    ZhijianDbContext db, CallerScope scope, AuditLog audit, RuleBook rules, IActor actor, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<long> HandleAsync(RecordMeetingCommand c, CancellationToken ct)
    {
        RecordMeetingValidation.Validate(c, clock.Today());
        return await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: false, ct);
            await db.LockForUpdateAsync<Meeting>(c.MeetingId, ct); // one record (or correction) at a time: no double version
            var meeting = await db.Set<Meeting>().FirstOrDefaultAsync(m => m.Id == c.MeetingId, ct)
                ?? throw DomainException.NotFound(MeetingService.What);
            await scope.EnsureWritable(meeting.OrgPath, MeetingService.What, ct);
            var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == meeting.OrgId, ct);
            MeetingService.EnsureActive(org);
            meeting.EnsureRecordable(c.Correction);

            var type = MeetingTypes.Find(meeting.System, meeting.Type)!;
            var attendees = await SettleAttendanceAsync(meeting, org, c.Request.Attendance, ct);
            var now = clock.GetUtcNow();
            var recordedAt = c.Correction ? meeting.RecordedAt!.Value : now;
            var version = await NewVersionAsync(meeting, type, attendees, c, recordedAt, now, ct);
            db.Add(version);
            meeting.Record(version, recordedAt);
            await db.SaveChangesAsync(ct);

            await audit.AppendAsync(c.Correction ? AuditAction.MeetingCorrected : AuditAction.MeetingRecorded, org.Id,
                nameof(Meeting), meeting.Id, AuditText(c.Correction, org, type, version, attendees), ct);
            return meeting.Id;
        }, ct);
    }

    /// <summary>
    /// Applies the attendance lines (adding members of the holding organization who were not invited); without lines,
    /// a sign-in counts as present.
    /// </summary>
    private async Task<List<MeetingAttendee>> SettleAttendanceAsync(Meeting meeting, Organization org,
        IReadOnlyList<AttendanceLine>? lines, CancellationToken ct)
    {
        var attendees = await db.Set<MeetingAttendee>().Where(a => a.MeetingId == meeting.Id).ToListAsync(ct);
        if (lines is null)
        {
            foreach (var a in attendees)
            {
                a.Present = a.SignedInAt is not null || a.Present == true;
            }

            return attendees;
        }

        var candidates = await MeetingService.CandidatesAsync(db, org, ct);
        var stray = new List<long>();
        foreach (var line in lines)
        {
            var row = attendees.FirstOrDefault(a => a.MembershipId == line.MemberId);
            if (row is null)
            {
                // Not invited but a member of the holding organization: added to the list.
                var candidate = candidates.FirstOrDefault(x => x.Id == line.MemberId);
                if (candidate is null)
                {
                    stray.Add(line.MemberId);
                    continue;
                }

                row = MeetingService.AttendeeOf(meeting.Id, candidate);
                attendees.Add(row);
                db.Add(row);
            }

            row.Present = line.Present;
            row.AbsenceReason = line.Present ? null : MeetingService.Blank(line.AbsenceReason);
        }

        if (stray.Count > 0)
        {
            throw DomainException.Validation("attendance",
                $"出勤人员须为「{org.ShortName}」在册的党（团）员：{string.Join(", ", stray)} 不是");
        }

        foreach (var a in attendees.Where(a => lines.All(l => l.MemberId != a.MembershipId)))
        {
            a.Present ??= a.SignedInAt is not null;
        }

        return attendees;
    }

    /// <summary>The next version of the record, stamped by the server and chained to the previous version's hash.</summary>
    private async Task<MeetingRecordVersion> NewVersionAsync(Meeting meeting, MeetingType type, List<MeetingAttendee> attendees,
        RecordMeetingCommand c, DateTimeOffset recordedAt, DateTimeOffset now, CancellationToken ct)
    {
        var r = c.Request;
        var set = await rules.CurrentAsync(ct);
        var heldOn = r.HeldOn!.Value;
        var lateDays = set.Int(meeting.System, "meeting.lateEntryDays", heldOn);
        var voters = attendees.Count(a => a.Voter);
        var votersPresent = attendees.Count(a => a.Voter && a.Present == true);
        var files = await db.Set<MeetingAttachment>().AsNoTracking().Where(a => a.MeetingId == meeting.Id)
            .OrderBy(a => a.Id).Select(a => new VersionAttachment(a.Id, a.FileName, a.Size, a.Sha256)).ToListAsync(ct);
        var previous = await db.Set<MeetingRecordVersion>().AsNoTracking().Where(v => v.MeetingId == meeting.Id)
            .OrderByDescending(v => v.Number).Select(v => new { v.Number, v.Hash }).FirstOrDefaultAsync(ct);
        var version = new MeetingRecordVersion
        {
            MeetingId = meeting.Id,
            Number = (previous?.Number ?? 0) + 1,
            HeldOn = heldOn,
            Place = MeetingService.Blank(r.Place) ?? meeting.Place,
            Host = MeetingService.Blank(r.Host) ?? meeting.Host,
            Topic = MeetingService.Blank(r.Topic) ?? meeting.Topic,
            Minutes = r.Minutes!.Trim(),
            Decisions = MeetingService.Blank(r.Decisions),
            Attendance = JsonSerializer.Serialize(attendees.OrderBy(a => a.MembershipId)
                .Select(a => new VersionAttendee(a.MembershipId, a.Name, a.Voter, a.Present == true, a.AbsenceReason,
                    a.SignedInAt is { } s ? MeetingService.Millis(s) : null)), Json),
            Attachments = JsonSerializer.Serialize(files, Json),
            Voters = voters,
            VotersPresent = votersPresent,
            QuorumMet = type.Quorum ? MeetingRules.QuorumMet(voters, votersPresent) : null,
            Late = MeetingRules.IsLateEntry(heldOn, ChinaTime.DateOf(recordedAt), lateDays),
            Reason = c.Correction ? r.Reason!.Trim() : null,
            WrittenAt = MeetingService.Millis(now),
            WrittenBy = actor.UserName,
            PreviousHash = previous?.Hash ?? "",
        };
        return version.Sealed();
    }

    private static string AuditText(bool correction, Organization org, MeetingType type, MeetingRecordVersion version, List<MeetingAttendee> attendees)
    {
        if (correction)
        {
            return $"更正「{org.ShortName}」{type.Name}（{version.HeldOn:yyyy-MM-dd}）记录为第 {version.Number} 版，原因：{version.Reason}；哈希 {version.Hash[..12]}";
        }

        var flags = (version.Late ? "，补录" : "") + (version.QuorumMet == false
            ? $"，未达到法定人数（应到有表决权 {version.Voters} 人，实到 {version.VotersPresent} 人）"
            : "");
        return $"提交「{org.ShortName}」{type.Name}（{version.HeldOn:yyyy-MM-dd}）记录，出席 {attendees.Count(a => a.Present == true)}/{attendees.Count} 人{flags}；哈希 {version.Hash[..12]}";
    }
}

using AwesomeAssertions;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Meetings;

namespace Zhijian.Tests.Unit;

/// <summary>
/// Fixed vectors for the two hash chains. Every stored audit event and meeting record version carries a hash in
/// this format: a change to the canonical form (field order, separators, number or date formats, the numbers of
/// <see cref="AuditAction"/>) would make every stored chain fail verification, so it must fail here first.
/// The expected values were computed outside .NET (Python's hashlib over the documented canonical form).
/// </summary>
public class HashFormatTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 8, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void AuditChain_FirstAndSecondEvent_HaveThePinnedHashes()
    {
        var first = new AuditEvent
        {
            At = At,
            UserId = 7,
            UserName = "admin",
            Action = AuditAction.OrgMoved,
            OrgId = 17,
            Entity = "Organization",
            EntityId = 17,
            Summary = "将「第一团支部」移到「机关团委」之下",
        };
        var second = new AuditEvent
        {
            At = At.AddSeconds(1),
            UserId = null,
            UserName = "system",
            Action = AuditAction.UserCreated,
            OrgId = null,
            Entity = "User",
            EntityId = 42,
            Summary = "创建账户「zhang」",
        };

        var h1 = AuditLog.HashOf("", first);
        h1.Should().Be("1ba161a7a99923dadf45c15f6e8c012886bde9d2c141a3c290dd4e6e3f3b13c2");
        AuditLog.HashOf(h1, second).Should().Be("b9d1483213a57d9354533e547649f4d307070521b28c867819ed762aed584264");
    }

    [Fact]
    public void AuditAction_NumbersInTheVectors_AreStable()
    {
        ((int)AuditAction.OrgMoved).Should().Be(1102);
        ((int)AuditAction.UserCreated).Should().Be(1000);
    }

    [Fact]
    public void MeetingChain_FirstVersionAndCorrection_HaveThePinnedHashes()
    {
        var writtenAt = new DateTimeOffset(2026, 3, 2, 1, 30, 0, TimeSpan.Zero);
        var v1 = new MeetingRecordVersion
        {
            MeetingId = 501,
            Number = 1,
            HeldOn = new DateOnly(2026, 3, 1),
            Place = "三楼会议室",
            Host = "张三",
            Topic = "学习党章",
            Minutes = "会议记录正文",
            Decisions = "决议一",
            Attendance = """[{"membershipId":1,"name":"张三","voter":true,"present":true}]""",
            Attachments = "[]",
            Voters = 10,
            VotersPresent = 7,
            QuorumMet = true,
            Late = false,
            Reason = null,
            WrittenAt = writtenAt,
            WrittenBy = "admin",
        };
        var v2 = new MeetingRecordVersion
        {
            MeetingId = 501,
            Number = 2,
            HeldOn = new DateOnly(2026, 3, 1),
            Minutes = "更正后的记录",
            Attendance = "[]",
            Attachments = "[]",
            Voters = 10,
            VotersPresent = 5,
            QuorumMet = null,
            Late = true,
            Reason = "补充出席情况",
            WrittenAt = writtenAt.AddDays(1),
            WrittenBy = "secretary",
        };

        var h1 = MeetingChain.HashOf("", v1);
        h1.Should().Be("944493ac75b7c0a8d2da60b99aba8a410490f5e2ec1a88c6a1339f9b0aaa5172");
        v1.Hash = h1;
        v2.PreviousHash = h1;
        v2.Hash = MeetingChain.HashOf(h1, v2);
        v2.Hash.Should().Be("f9684346d498d979dbf70bd2e2112d0ae93e929504fc37f194ac44cf0c58f3c6");
        MeetingChain.Verify([v2, v1]).Should().Be((true, (int?)null));
    }
}

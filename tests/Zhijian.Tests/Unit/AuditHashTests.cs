using AwesomeAssertions;
using Zhijian.Web.Features.Audit;

namespace Zhijian.Tests.Unit;

public class AuditHashTests
{
    private static AuditEvent Event() => new()
    {
        At = new DateTimeOffset(2026, 11, 23, 8, 0, 0, 123, TimeSpan.Zero),
        UserId = 7,
        UserName = "admin",
        Action = AuditAction.OrgMoved,
        OrgId = 17,
        Entity = "Organization",
        EntityId = 17,
        Summary = "将「第一团支部」移到「机关团委」之下",
    };

    [Fact]
    public void Hash_IsStableHex() =>
        AuditLog.HashOf("", Event()).Should().MatchRegex("^[0-9a-f]{64}$").And.Be(AuditLog.HashOf("", Event()));

    [Fact]
    public void Hash_DependsOnThePreviousHash() =>
        AuditLog.HashOf("a", Event()).Should().NotBe(AuditLog.HashOf("b", Event()));

    public static TheoryData<string> Alterations() => ["at", "user", "action", "org", "entity", "summary"];

    [Theory]
    [MemberData(nameof(Alterations))]
    public void Hash_ChangesWithEveryField(string field)
    {
        var e = Event();
        var original = AuditLog.HashOf("p", e);
        switch (field)
        {
            case "at": e.At = e.At.AddMilliseconds(1); break;
            case "user": e.UserName = "admin2"; break;
            case "action": e.Action = AuditAction.OrgMerged; break;
            case "org": e.OrgId = 18; break;
            case "entity": e.EntityId = 18; break;
            default: e.Summary += "。"; break;
        }

        AuditLog.HashOf("p", e).Should().NotBe(original);
    }

    [Fact]
    public void FieldBoundaries_CannotBeShifted()
    {
        // "ab" + "c" must not hash like "a" + "bc": fields are separated, not concatenated.
        var a = Event();
        a.UserName = "ab";
        a.Entity = "c";
        var b = Event();
        b.UserName = "a";
        b.Entity = "bc";
        AuditLog.HashOf("", a).Should().NotBe(AuditLog.HashOf("", b));
    }
}

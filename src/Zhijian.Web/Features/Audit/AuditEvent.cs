namespace Zhijian.Web.Features.Audit;

/// <summary>
/// One event of the append-only audit log. <see cref="Hash"/> = SHA-256(previous hash + canonical
/// event), so altering or removing any row breaks the chain from there on.
/// </summary>
public class AuditEvent
{
    public long Id { get; set; }

    /// <summary>When, truncated to milliseconds so that both providers store it exactly.</summary>
    public DateTimeOffset At { get; set; }
    public long? UserId { get; set; }
    public string UserName { get; set; } = "";
    public AuditAction Action { get; set; }
    public long? OrgId { get; set; }
    public string Entity { get; set; } = "";
    public long? EntityId { get; set; }

    /// <summary>What changed, in words and before/after values; never a full ID number or phone.</summary>
    public string Summary { get; set; } = "";
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}

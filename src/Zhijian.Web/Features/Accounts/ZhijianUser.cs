using Microsoft.AspNetCore.Identity;

namespace Zhijian.Web.Features.Accounts;

/// <summary>A sign-in account; a member's account is linked to their person.</summary>
public class ZhijianUser : IdentityUser<long>
{
    public long? PersonId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Roles of the security model (DESIGN.md "Security model").</summary>
public enum Role
{
    SystemAdmin,
    OrgAdmin,
    Observer,
    Member,
}

/// <summary>A role held over an organization's subtree.</summary>
public class RoleAssignment
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public Role Role { get; set; }

    /// <summary>The organization whose subtree the role covers; null only for systemAdmin.</summary>
    public long? OrgId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

namespace Zhijian.Web.Features.Organizations;

/// <summary>An organization as the API answers it (API.md "Organizations").</summary>
public sealed record OrganizationDto(
    long Id, OrgSystem System, OrgKind Kind, long? ParentId, string Path, int Depth, string Name, string ShortName,
    string? Category, string? UnitNature, string? UnitName, DateOnly? EstablishedOn, DateOnly? TermStartedOn,
    int? TermYears, OrgStatus Status, int Order, long MemberCount, int ChildCount,
    string KindName, string? Contact, string? Phone, DateOnly? DissolvedOn, long? MergedIntoId)
{
    /// <summary>The ancestors' short names, root first (「市团委 / 公司团委」; "" for a root): tells same-named organizations apart.</summary>
    public string ParentPath { get; init; } = "";
}

/// <summary>Body of <c>POST /api/v1/orgs</c>.</summary>
public sealed record CreateOrganizationRequest(
    OrgSystem? System, OrgKind? Kind, long? ParentId, string? Name, string? ShortName,
    string? Category = null, string? UnitNature = null, string? UnitName = null, DateOnly? EstablishedOn = null,
    DateOnly? TermStartedOn = null, int? TermYears = null, string? Contact = null, string? Phone = null,
    int? Order = null);

/// <summary>Body of <c>PATCH /api/v1/orgs/{id}</c>: fields present are changed; an empty string clears a text field.</summary>
public sealed record UpdateOrganizationRequest(
    string? Name = null, string? ShortName = null, string? Category = null, string? UnitNature = null,
    string? UnitName = null, DateOnly? EstablishedOn = null, DateOnly? TermStartedOn = null, int? TermYears = null,
    string? Contact = null, string? Phone = null, int? Order = null, OrgKind? Kind = null, OrgSystem? System = null,
    long? ParentId = null);

/// <summary>Body of <c>POST /api/v1/orgs/{id}/move</c>.</summary>
public sealed record MoveOrganizationRequest(long? NewParentId);

/// <summary>Body of <c>POST /api/v1/orgs/{id}/merge</c>.</summary>
public sealed record MergeOrganizationRequest(long? IntoId);

/// <summary>Body of <c>POST /api/v1/orgs/{id}/dissolve</c>.</summary>
public sealed record DissolveOrganizationRequest(string? Reason, DateOnly? On = null);

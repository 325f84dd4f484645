namespace Zhijian.Web.Features.Cadres;

/// <summary>A person holding a post on an organization's committee (团干部 / 党务干部).</summary>
public class Position
{
    public const int JobLevelMaxLength = 32;
    public const int EndReasonMaxLength = 200;

    public long Id { get; set; }
    public long PersonId { get; set; }
    public long OrgId { get; set; }

    /// <summary>The organization's path, denormalized for subtree queries.</summary>
    public string OrgPath { get; set; } = "";

    /// <summary>Post code: <c>secretary</c>, <c>deputySecretary</c>, <c>organization</c>, <c>publicity</c>, <c>discipline</c>, <c>member</c> ...</summary>
    public string Post { get; set; } = "";
    public DateOnly StartedOn { get; set; }
    public DateOnly? EndedOn { get; set; }

    /// <summary>Why the post ended (换届, 调离, 免职 ...), or the dissolution that ended it.</summary>
    public string? EndReason { get; set; }
    public bool FullTime { get; set; }
    public string? JobLevel { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

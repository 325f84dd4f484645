using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Cadres;

/// <summary>A person holding a post on an organization's committee (团干部 / 党务干部).</summary>
public class Position
{
    public const int JobLevelMaxLength = 32;
    public const int EndReasonMaxLength = 200;

    private Position()
    {
    }

    /// <summary>A current position on a post from a day (set the holder and the organization in the initializer).</summary>
    public Position(string post, DateOnly startedOn, bool fullTime = false, string? jobLevel = null)
    {
        Post = post;
        StartedOn = startedOn;
        FullTime = fullTime;
        JobLevel = jobLevel;
    }

    public long Id { get; init; }
    public long PersonId { get; init; }
    public long OrgId { get; init; }

    /// <summary>The organization's path, denormalized for subtree queries.</summary>
    public string OrgPath { get; init; } = "";

    /// <summary>Post code: <c>secretary</c>, <c>deputySecretary</c>, <c>organization</c>, <c>publicity</c>, <c>discipline</c>, <c>member</c> ...</summary>
    public string Post { get; private set; } = "";
    public DateOnly StartedOn { get; private set; }
    public DateOnly? EndedOn { get; private set; }

    /// <summary>Why the post ended (换届, 调离, 免职 ...), or the dissolution that ended it.</summary>
    public string? EndReason { get; private set; }
    public bool FullTime { get; private set; }
    public string? JobLevel { get; private set; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>An ended position is history: it cannot change any more (409).</summary>
    public void EnsureCurrent()
    {
        if (EndedOn is not null)
        {
            throw DomainException.InvalidState("该职务已离任，只能查看历史");
        }
    }

    /// <summary>Moves the holder to another post of the same committee (the caller checks the single secretary).</summary>
    public void ChangePost(string post)
    {
        EnsureCurrent();
        Post = post;
    }

    /// <summary>Corrects the day the position started.</summary>
    public void CorrectStart(DateOnly startedOn)
    {
        EnsureCurrent();
        StartedOn = startedOn;
    }

    /// <summary>Full-time (专职) or part-time.</summary>
    public void SetFullTime(bool fullTime)
    {
        EnsureCurrent();
        FullTime = fullTime;
    }

    /// <summary>Sets the job level (职级); null clears it.</summary>
    public void SetJobLevel(string? jobLevel)
    {
        EnsureCurrent();
        JobLevel = jobLevel;
    }

    /// <summary>Ends the position on a day with a reason; it stays in the committee's history.</summary>
    public void End(DateOnly on, string reason)
    {
        EnsureCurrent();
        if (on < StartedOn)
        {
            throw DomainException.Validation("on", $"离任时间不能早于任职时间（{StartedOn:yyyy-MM-dd}）");
        }

        EndedOn = on;
        EndReason = reason;
    }
}

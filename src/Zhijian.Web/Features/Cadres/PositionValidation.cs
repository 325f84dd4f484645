using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Cadres;

/// <summary>The rules of a position's fields, checked before any database work; errors keyed by camelCase field.</summary>
public static class PositionValidation
{
    /// <summary>A known post code (any case), or an error; null when absent and not <paramref name="required"/>.</summary>
    public static PostInfo? CheckPost(string? code, bool required, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            if (required)
            {
                errors["post"] = [$"请选择职务：{Posts.Listing}"];
            }

            return null;
        }

        var post = Posts.Find(code);
        if (post is null)
        {
            errors["post"] = [$"职务「{code}」无效，可选：{Posts.Listing}"];
        }

        return post;
    }

    /// <summary>A committee appoints only its own system's posts (a League committee has no 统战委员): else 400 on <c>post</c>.</summary>
    public static void EnsurePostOf(PostInfo post, OrgSystem system)
    {
        if (!Posts.Belongs(post, system))
        {
            throw DomainException.Validation("post",
                $"「{post.Name}」不是{(system == OrgSystem.League ? "团" : "党")}组织班子的职务，可选：{Posts.ListingOf(system)}");
        }
    }

    /// <summary>The start of a position: required on appointment, never after today.</summary>
    public static void CheckStartedOn(DateOnly? startedOn, bool required, DateOnly today, IDictionary<string, string[]> errors)
    {
        if (startedOn is null)
        {
            if (required)
            {
                errors["startedOn"] = ["请填写任职时间"];
            }
        }
        else if (startedOn > today)
        {
            errors["startedOn"] = ["任职时间不能晚于今天"];
        }
    }

    /// <summary>Job level (职级) is free text, at most <see cref="Position.JobLevelMaxLength"/> characters.</summary>
    public static void CheckJobLevel(string? jobLevel, IDictionary<string, string[]> errors)
    {
        if (jobLevel is not null && jobLevel.Trim().Length > Position.JobLevelMaxLength)
        {
            errors["jobLevel"] = [$"职级不能超过 {Position.JobLevelMaxLength} 个字"];
        }
    }

    /// <summary>The end of a position: a reason (trimmed, at most 200 characters) and a day not after today.</summary>
    public static void CheckEnd(string? reason, DateOnly on, DateOnly today, IDictionary<string, string[]> errors)
    {
        var why = reason?.Trim();
        if (string.IsNullOrEmpty(why))
        {
            errors["reason"] = ["请填写离任原因（如换届、调离、免职）"];
        }
        else if (why.Length > Position.EndReasonMaxLength)
        {
            errors["reason"] = [$"离任原因不能超过 {Position.EndReasonMaxLength} 个字"];
        }

        if (on > today)
        {
            errors["on"] = ["离任时间不能晚于今天"];
        }
    }
}

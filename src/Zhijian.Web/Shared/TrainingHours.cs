namespace Zhijian.Web.Shared;

/// <summary>
/// Study and training hours a person has recorded (learning and training module), as the development module counts
/// them: a party candidate's 24 course hours, a League activist's 8 class hours. Defined below every feature so that
/// Development asks without depending on Learning; Learning registers the implementation
/// (<c>services.AddScoped&lt;ITrainingHours, …&gt;()</c>). Development adds the hours it was told in the request to these.
/// </summary>
public interface ITrainingHours
{
    /// <summary>The hours the person recorded on or after <paramref name="from"/> and on or before <paramref name="to"/>.</summary>
    Task<decimal> HoursAsync(long personId, DateOnly from, DateOnly to, CancellationToken ct);
}

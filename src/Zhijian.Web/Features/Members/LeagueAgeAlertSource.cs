using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Members;

/// <summary>
/// League members reaching the leaving age (rule <c>member.leaveAge</c>, 28) within <c>member.ageAlertDays</c> or past it
/// and still on the rolls, unless they hold a League post. 自行脱团 (six months without dues, meetings or activity)
/// is not raised yet: it needs the dues module; it will be a source of its own.
/// </summary>
public sealed class LeagueAgeAlertSource(ZhijianDbContext db, RuleBook rules, IPersonHoldings holdings) : IAlertSource
{
    public async Task<IReadOnlyList<AlertCondition>> ScanAsync(DateTimeOffset now, CancellationToken ct)
    {
        var today = ChinaTime.DateOf(now);
        var set = await rules.CurrentAsync(ct);
        var age = set.Int(OrgSystem.League, "member.leaveAge", today);
        var days = set.Int(OrgSystem.League, "member.ageAlertDays", today);
        var horizon = today.AddDays(days);
        var bornBy = horizon.AddYears(-age).AddDays(1);
        var result = new List<AlertCondition>();
        var posts = holdings.CurrentHolders(OrgSystem.League);
        await foreach (var m in (from m in db.Memberships.AsNoTracking()
                                 where m.System == OrgSystem.League && m.State != MemberState.Ended
                                 join person in db.Persons on m.PersonId equals person.Id
                                 where person.BirthDate != null && person.BirthDate <= bornBy
                                       && !posts.Contains(m.PersonId)
                                 select new { m.Id, m.OrgId, person.Name, person.BirthDate })
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            var birthday = Age.BirthdayAt(m.BirthDate!.Value, age);
            if (birthday > horizon)
            {
                continue;
            }

            result.Add(new AlertCondition(AlertType.LeagueAgeLimit, m.OrgId, $"age:{m.Id}",
                birthday <= today ? $"{m.Name}已于 {birthday:yyyy-MM-dd} 年满{age}周岁" : $"{m.Name}将于 {birthday:yyyy-MM-dd} 年满{age}周岁",
                birthday, $"团员年满{age}周岁且未担任团内职务的，不再保留团籍，请办理超龄离团"));
        }

        return result;
    }
}

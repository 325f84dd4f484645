namespace Zhijian.Web.Shared;

/// <summary>Ages and anniversaries on calendar days, used by members, cadres, statistics and alerts.</summary>
public static class Age
{
    /// <summary>Whole years of age on a day; a 29 February birthday is reached on 1 March in common years.</summary>
    public static int On(DateOnly birth, DateOnly day)
    {
        var age = day.Year - birth.Year;
        return (day.Month, day.Day).CompareTo((birth.Month, birth.Day)) < 0 ? age - 1 : age;
    }

    /// <summary>The day someone born on <paramref name="birth"/> reaches <paramref name="age"/>: 1 March in common years for a 29 February birth.</summary>
    public static DateOnly BirthdayAt(DateOnly birth, int age)
    {
        var year = birth.Year + age;
        return birth is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year)
            ? new DateOnly(year, 3, 1)
            : new DateOnly(year, birth.Month, birth.Day);
    }

    /// <summary>The last day of a term of <paramref name="years"/> years started on <paramref name="start"/> (换届).</summary>
    public static DateOnly TermEnd(DateOnly start, int years) => start.AddYears(years);
}

namespace Zhijian.Web.Shared.Identity;

/// <summary>
/// The outcome of checking a citizen ID number with <see cref="CitizenIdNumber.Check(string?)"/>.
/// </summary>
/// <param name="IsValid">Whether the number is a valid 18-digit GB 11643-1999 citizen ID number.</param>
/// <param name="ErrorCode">A stable, machine-readable error code (for example <c>id_checksum</c>); <see langword="null"/> when valid.</param>
/// <param name="Message">A Chinese message for the user; <see langword="null"/> when valid.</param>
/// <param name="BirthDate">The birth date encoded in the number; <see langword="null"/> when invalid.</param>
/// <param name="GenderCode">
/// The GB/T 2261.1 gender code implied by the sequence digit: <c>"1"</c> (male, odd) or <c>"2"</c> (female, even);
/// <see langword="null"/> when invalid.
/// </param>
public sealed record CitizenIdCheck(bool IsValid, string? ErrorCode, string? Message, DateOnly? BirthDate, string? GenderCode)
{
    /// <summary>Creates a failed check with the given error code and message.</summary>
    /// <param name="errorCode">The stable error code.</param>
    /// <param name="message">The Chinese message for the user.</param>
    /// <returns>A check result with <see cref="IsValid"/> false.</returns>
    public static CitizenIdCheck Fail(string errorCode, string message) => new(false, errorCode, message, null, null);
}

/// <summary>
/// Validation and formatting of citizen ID numbers (公民身份号码) as defined by GB 11643-1999:
/// a 6-digit region code, an 8-digit birth date (yyyyMMdd), a 3-digit sequence whose parity gives the gender,
/// and an ISO 7064 MOD 11-2 check character (<c>0</c>–<c>9</c> or <c>X</c>).
/// </summary>
public static class CitizenIdNumber
{
    /// <summary>Error code: no number was given.</summary>
    public const string RequiredError = "id_required";

    /// <summary>Error code: a legacy 15-digit number, which is no longer accepted.</summary>
    public const string Legacy15Error = "id_legacy_15";

    /// <summary>Error code: wrong length or characters.</summary>
    public const string FormatError = "id_format";

    /// <summary>Error code: the region code is not a valid province-level prefix.</summary>
    public const string RegionError = "id_region";

    /// <summary>Error code: the encoded birth date is not a real date, is before <see cref="EarliestBirthDate"/> or is in the future.</summary>
    public const string BirthDateError = "id_birth_date";

    /// <summary>Error code: the check character does not match the first 17 digits.</summary>
    public const string ChecksumError = "id_checksum";

    /// <summary>The length of a citizen ID number.</summary>
    public const int Length = 18;

    /// <summary>
    /// The earliest birth date accepted. The year field allows 18xx and GB 11643's own example
    /// <c>440524188001010014</c> is born in 1880, so dates from 1800 are accepted.
    /// </summary>
    public static readonly DateOnly EarliestBirthDate = new(1800, 1, 1);

    private const string CheckCharacters = "10X98765432";

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    private static readonly CitizenIdCheck RequiredResult = CitizenIdCheck.Fail(RequiredError, "请填写公民身份号码");
    private static readonly CitizenIdCheck Legacy15Result = CitizenIdCheck.Fail(Legacy15Error, "15位旧身份证号码不再受理，请填写18位公民身份号码");
    private static readonly CitizenIdCheck FormatResult = CitizenIdCheck.Fail(FormatError, "公民身份号码应为18位，前17位为数字，最后一位为数字或X");
    private static readonly CitizenIdCheck RegionResult = CitizenIdCheck.Fail(RegionError, "公民身份号码的地区码无效");
    private static readonly CitizenIdCheck BirthDateResult = CitizenIdCheck.Fail(BirthDateError, "公民身份号码中的出生日期无效");
    private static readonly CitizenIdCheck ChecksumResult = CitizenIdCheck.Fail(ChecksumError, "公民身份号码校验位错误");


    /// <summary>
    /// Normalizes a citizen ID number as entered: drops white space anywhere (spaces, tabs, the full-width space,
    /// no-break spaces — what copying from documents and spreadsheets leaves behind), turns full-width digits and
    /// <c>Ｘ</c> into ASCII, and upper-cases a trailing <c>x</c>.
    /// </summary>
    /// <param name="value">The number as entered.</param>
    /// <returns>The normalized number (not validated).</returns>
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Shared.TextInput.AsciiCompact(value, upperX: true);
    }

    /// <summary>
    /// Checks a citizen ID number against today's date in China Standard Time (UTC+8).
    /// The checks run in order: required, legacy 15-digit, format, region, birth date, check character.
    /// </summary>
    /// <param name="value">The number as entered; surrounding white space and a lowercase <c>x</c> are accepted.</param>
    /// <returns>The result, with the birth date and gender code when valid.</returns>
    public static CitizenIdCheck Check(string? value) => Check(value, DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)));

    /// <summary>
    /// Checks a citizen ID number; birth dates after <paramref name="today"/> are refused.
    /// The checks run in order: required, legacy 15-digit, format, region, birth date, check character.
    /// </summary>
    /// <param name="value">The number as entered; surrounding white space and a lowercase <c>x</c> are accepted.</param>
    /// <param name="today">The current date, against which future birth dates are refused.</param>
    /// <returns>The result, with the birth date and gender code when valid.</returns>
    public static CitizenIdCheck Check(string? value, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return RequiredResult;
        }

        var id = value.AsSpan().Trim();

        if (id.Length == 15 && AllDigits(id))
        {
            return Legacy15Result;
        }

        if (id.Length != Length || !AllDigits(id[..17]) || !IsCheckCharacter(id[17]))
        {
            return FormatResult;
        }

        if (!IsValidRegion(id[..6]))
        {
            return RegionResult;
        }

        var year = ParseDigits(id.Slice(6, 4));
        var month = ParseDigits(id.Slice(10, 2));
        var day = ParseDigits(id.Slice(12, 2));
        if (month is < 1 or > 12 || day < 1 || year < EarliestBirthDate.Year || day > DateTime.DaysInMonth(year, month))
        {
            return BirthDateResult;
        }

        var birthDate = new DateOnly(year, month, day);
        if (birthDate > today)
        {
            return BirthDateResult;
        }

        if (ComputeCheckDigit(id[..17]) != char.ToUpperInvariant(id[17]))
        {
            return ChecksumResult;
        }

        var genderCode = (id[16] - '0') % 2 == 1 ? "1" : "2";
        return new CitizenIdCheck(true, null, null, birthDate, genderCode);
    }

    /// <summary>Whether <paramref name="value"/> is a valid citizen ID number (see <see cref="Check(string?)"/>).</summary>
    /// <param name="value">The number as entered.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValid(string? value) => Check(value).IsValid;

    /// <summary>
    /// Computes the ISO 7064 MOD 11-2 check character of the first 17 digits of a citizen ID number.
    /// </summary>
    /// <param name="first17">Exactly 17 ASCII digits.</param>
    /// <returns>The check character: <c>0</c>–<c>9</c> or <c>X</c>.</returns>
    /// <exception cref="ArgumentException">The input is not exactly 17 ASCII digits.</exception>
    public static char ComputeCheckDigit(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("A citizen ID number's check digit is computed from exactly 17 digits.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var digit = first17[i] - '0';
            if ((uint)digit > 9)
            {
                throw new ArgumentException("A citizen ID number's first 17 characters must be ASCII digits.", nameof(first17));
            }

            sum += digit * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    /// <summary>
    /// Masks a citizen ID number for display in lists: the first 4 and last 4 characters are kept and the rest
    /// replaced by <c>*</c>, for example <c>3701**********123X</c>. Values of 8 characters or fewer are masked entirely.
    /// </summary>
    /// <param name="idNumber">The number to mask.</param>
    /// <returns>The masked number, of the same length; an empty string for <see langword="null"/>.</returns>
    public static string Mask(string? idNumber)
    {
        if (string.IsNullOrEmpty(idNumber))
        {
            return string.Empty;
        }

        if (idNumber.Length <= 8)
        {
            return new string('*', idNumber.Length);
        }

        return string.Create(idNumber.Length, idNumber, static (span, source) =>
        {
            span.Fill('*');
            source.AsSpan(0, 4).CopyTo(span);
            source.AsSpan(source.Length - 4).CopyTo(span[^4..]);
        });
    }

    private static bool IsValidRegion(ReadOnlySpan<char> region)
    {
        var province = ((region[0] - '0') * 10) + (region[1] - '0');
        return province switch
        {
            >= 11 and <= 15 => true,
            >= 21 and <= 23 => true,
            >= 31 and <= 37 => true,
            >= 41 and <= 46 => true,
            >= 50 and <= 54 => true,
            >= 61 and <= 65 => true,
            71 or 81 or 82 or 83 => true,
            _ => false,
        };
    }

    private static bool IsCheckCharacter(char c) => char.IsAsciiDigit(c) || c is 'X' or 'x';

    private static bool AllDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static int ParseDigits(ReadOnlySpan<char> digits)
    {
        var result = 0;
        foreach (var c in digits)
        {
            result = (result * 10) + (c - '0');
        }

        return result;
    }
}

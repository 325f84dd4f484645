namespace Zhijian.Web.Shared.Identity;

/// <summary>The outcome of checking a mobile phone number with <see cref="PhoneNumber.Check(string?)"/>.</summary>
/// <param name="IsValid">Whether the number is a valid mainland China mobile number.</param>
/// <param name="ErrorCode">A stable, machine-readable error code; <see langword="null"/> when valid.</param>
/// <param name="Message">A Chinese message for the user; <see langword="null"/> when valid.</param>
public sealed record PhoneNumberCheck(bool IsValid, string? ErrorCode, string? Message);

/// <summary>
/// Validation and masking of mainland China mobile phone numbers: 11 ASCII digits, the first <c>1</c>
/// and the second <c>3</c>–<c>9</c> (<see cref="Pattern"/>).
/// </summary>
public static class PhoneNumber
{
    /// <summary>The regular expression a valid number matches (ASCII digits only).</summary>
    public const string Pattern = "^1[3-9][0-9]{9}$";

    /// <summary>Error code: no number was given.</summary>
    public const string RequiredError = "phone_required";

    /// <summary>Error code: the number is not a mainland mobile number.</summary>
    public const string FormatError = "phone_format";

    /// <summary>The length of a mainland mobile number.</summary>
    public const int Length = 11;

    private static readonly PhoneNumberCheck ValidResult = new(true, null, null);
    private static readonly PhoneNumberCheck RequiredResult = new(false, RequiredError, "请填写手机号码");
    private static readonly PhoneNumberCheck FormatResult = new(false, FormatError, "手机号码应为11位，以1开头");

    /// <summary>Checks a mobile number; surrounding white space is ignored.</summary>
    /// <param name="value">The number as entered.</param>
    /// <returns>The result.</returns>
    public static PhoneNumberCheck Check(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return RequiredResult;
        }

        return IsValid(value) ? ValidResult : FormatResult;
    }

    /// <summary>Whether <paramref name="value"/> (surrounding white space ignored) matches <see cref="Pattern"/>.</summary>
    /// <param name="value">The number as entered.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValid(string? value)
    {
        if (value is null)
        {
            return false;
        }

        var phone = value.AsSpan().Trim();
        if (phone.Length != Length || phone[0] != '1' || phone[1] is < '3' or > '9')
        {
            return false;
        }

        foreach (var c in phone[2..])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Masks a phone number for display in lists: the first 3 and last 4 characters are kept and the rest replaced by
    /// <c>*</c>, for example <c>138****5678</c>. Values of 7 characters or fewer are masked entirely.
    /// </summary>
    /// <param name="phone">The number to mask.</param>
    /// <returns>The masked number, of the same length; an empty string for <see langword="null"/>.</returns>
    public static string Mask(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return string.Empty;
        }

        if (phone.Length <= 7)
        {
            return new string('*', phone.Length);
        }

        return string.Create(phone.Length, phone, static (span, source) =>
        {
            span.Fill('*');
            source.AsSpan(0, 3).CopyTo(span);
            source.AsSpan(source.Length - 4).CopyTo(span[^4..]);
        });
    }
}

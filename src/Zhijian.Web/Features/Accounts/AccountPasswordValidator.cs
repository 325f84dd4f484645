using Microsoft.AspNetCore.Identity;

namespace Zhijian.Web.Features.Accounts;

/// <summary>
/// Password rules beyond Identity's length and digit checks (issue 13): a password may not contain the user name (ignoring
/// case) and may not be one of the 10,000 most common passwords (<c>Features/Accounts/Data/common-passwords.txt</c>).
/// </summary>
public sealed class AccountPasswordValidator : IPasswordValidator<ZhijianUser>
{
    public const string ContainsUserNameCode = "PasswordContainsUserName";
    public const string TooCommonCode = "PasswordTooCommon";

    private static readonly Lazy<HashSet<string>> Common = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<ZhijianUser> manager, ZhijianUser user, string? password) =>
        Task.FromResult(Validate(user.UserName, password));

    /// <summary>The rules themselves, without a user manager (unit-testable).</summary>
    public static IdentityResult Validate(string? userName, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return IdentityResult.Success;
        }

        var errors = new List<IdentityError>();
        if (!string.IsNullOrWhiteSpace(userName) && password.Contains(userName.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new IdentityError { Code = ContainsUserNameCode, Description = "密码不能包含用户名" });
        }

        if (IsCommon(password))
        {
            errors.Add(new IdentityError { Code = TooCommonCode, Description = "密码过于常见，容易被猜中，请换一个" });
        }

        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }

    /// <summary>Whether the password is on the common-passwords list, ignoring case.</summary>
    public static bool IsCommon(string password) => Common.Value.Contains(password);

    private static HashSet<string> Load()
    {
        using var stream = typeof(AccountPasswordValidator).Assembly.GetManifestResourceStream("Zhijian.Web.CommonPasswords.txt")
            ?? throw new InvalidOperationException("The common-passwords list is not embedded");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                set.Add(line);
            }
        }

        return set;
    }
}

namespace Zhijian.Web.Shared;

/// <summary>
/// A refusal the caller can act on: becomes an RFC 7807 problem with a stable <see cref="Code"/>
/// and a Chinese <see cref="Exception.Message"/>.
/// </summary>
public class DomainException(int status, string code, string message, IDictionary<string, string[]>? errors = null)
    : Exception(message)
{
    /// <summary>HTTP status of the problem.</summary>
    public int Status { get; } = status;

    /// <summary>Stable machine code, e.g. <c>invalid_hierarchy</c>.</summary>
    public string Code { get; } = code;

    /// <summary>Field errors, keyed by camelCase field name.</summary>
    public IDictionary<string, string[]>? Errors { get; } = errors;

    public static DomainException NotFound(string what = "对象") =>
        new(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"{what}不存在或不在您的管理范围内");

    public static DomainException Forbidden(string message = "您没有执行此操作的权限") =>
        new(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, message);

    public static DomainException Validation(string field, string message) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, message,
            new Dictionary<string, string[]> { [field] = [message] });

    public static DomainException Validation(IDictionary<string, string[]> errors) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed,
            errors.Values.SelectMany(v => v).FirstOrDefault() ?? "提交的内容有误", errors);

    public static DomainException Hierarchy(string message) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.InvalidHierarchy, message);

    public static DomainException Conflict(string code, string message) =>
        new(StatusCodes.Status409Conflict, code, message);

    public static DomainException InvalidState(string message) =>
        new(StatusCodes.Status409Conflict, ErrorCodes.InvalidState, message);
}

/// <summary>The stable error codes of the API (API.md "General").</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string InvalidHierarchy = "invalid_hierarchy";
    public const string DuplicateIdNumber = "duplicate_id_number";
    public const string DuplicateShortName = "duplicate_short_name";
    public const string DuplicateUserName = "duplicate_user_name";
    public const string NotEmpty = "not_empty";
    public const string InvalidState = "invalid_state";
    public const string NotFound = "not_found";
    public const string Forbidden = "forbidden";
    public const string Unauthorized = "unauthorized";
    public const string InvalidCredentials = "invalid_credentials";
    public const string LockedOut = "locked_out";
    public const string TwoFactorRequired = "two_factor_required";
    public const string InvalidTwoFactorCode = "invalid_two_factor_code";
    public const string TwoFactorEnrolmentRequired = "two_factor_enrolment_required";
    public const string DuplicatePersonAccount = "duplicate_person_account";
    public const string TooManyRequests = "too_many_requests";
    public const string MalformedRequest = "malformed_request";
    public const string PayloadTooLarge = "payload_too_large";
    public const string AntiforgeryFailed = "antiforgery_failed";
    public const string InternalError = "internal_error";
}

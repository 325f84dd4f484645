using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Zhijian.Web.Shared;

/// <summary>Turns every failure into an RFC 7807 problem with a stable code and a Chinese message.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, code, message, errors) = exception switch
        {
            DomainException d => (d.Status, d.Code, d.Message, d.Errors),
            BadHttpRequestException { InnerException: InputGuard.RefusedValueException refused } =>
                (400, ErrorCodes.ValidationFailed, FieldOf(refused) is { } field ? $"{field}：{refused.Message}" : refused.Message,
                    JsonErrors(refused, refused.Message)),
            BadHttpRequestException { InnerException: JsonException json } =>
                (400, ErrorCodes.ValidationFailed, "请求内容不是有效的 JSON，或字段取值/类型不正确",
                    JsonErrors(json)),
            BadHttpRequestException { StatusCode: 413 } => (413, "payload_too_large", "上传的内容超过大小限制", null),
            BadHttpRequestException b => (b.StatusCode, ErrorCodes.ValidationFailed, ParameterMessage(b), null),
            _ when UniqueViolation(exception) is { } index =>
                (409, index.Contains("ShortName", StringComparison.Ordinal) ? ErrorCodes.DuplicateShortName
                    : index.Contains("IdNumber", StringComparison.Ordinal) ? ErrorCodes.DuplicateIdNumber
                    : index.Contains("PersonId", StringComparison.Ordinal) && index.Contains("Memberships", StringComparison.Ordinal)
                        ? ErrorCodes.DuplicateIdNumber : "conflict",
                 index.Contains("PersonId", StringComparison.Ordinal) && index.Contains("Memberships", StringComparison.Ordinal)
                     ? "此人在该系统已有在册的党（团）员记录，不能重复登记"
                     : "与同时提交的另一条记录冲突（名称或号码重复），请刷新后重试", null),
            _ when LockConflict(exception) =>
                (409, "conflict", "与同时进行的另一项操作冲突，请刷新后重试", null),
            OperationCanceledException when http.RequestAborted.IsCancellationRequested =>
                (499, "cancelled", "请求已取消", null),
            _ => (500, ErrorCodes.InternalError, "服务器内部错误，请稍后重试；如持续出现请联系系统管理员", null),
        };
        if (status >= 500)
        {
            log.LogError(exception, "Unhandled exception on {Path}", http.Request.Path);
        }

        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = Create(http, status, code, message, errors),
        });
    }

    /// <summary>
    /// The violated unique index or columns, when a concurrent write won the race: from SaveChanges (wrapped in a
    /// DbUpdateException) or from a raw or set-based statement (the provider's exception itself).
    /// </summary>
    private static string? UniqueViolation(Exception e) =>
        (e is Microsoft.EntityFrameworkCore.DbUpdateException ? e.InnerException : e) switch
        {
            Npgsql.PostgresException { SqlState: "23505" } pg => (pg.TableName ?? "") + " " + (pg.ConstraintName ?? ""),
            Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } lite when lite.Message.Contains("UNIQUE", StringComparison.Ordinal) => lite.Message,
            _ => null,
        };

    /// <summary>
    /// A PostgreSQL deadlock (40P01) or serialization failure (40001). Writes lock in one order (RowLocks) so that
    /// deadlocks should not happen; should one still happen, the loser is told to retry, never a 500.
    /// </summary>
    private static bool LockConflict(Exception e) =>
        (e as Npgsql.PostgresException ?? e.InnerException as Npgsql.PostgresException) is { SqlState: "40P01" or "40001" };

    private static string ParameterMessage(BadHttpRequestException b)
    {
        // "Failed to bind parameter \"int page\" from \"abc\"." → name the parameter in Chinese.
        var match = System.Text.RegularExpressions.Regex.Match(b.Message, "parameter \"[^\"]*? (\\w+)\" from \"([^\"]*)\"");
        return match.Success
            ? $"参数 {match.Groups[1].Value} 的取值「{match.Groups[2].Value}」格式不正确"
            : b.Message.Contains("body", StringComparison.OrdinalIgnoreCase) ? "请求缺少内容或内容格式不正确" : "请求参数格式不正确";
    }

    private static Dictionary<string, string[]>? JsonErrors(JsonException json, string message = "取值或类型不正确") =>
        FieldOf(json) is { } field ? new() { [field] = [message] } : null;

    /// <summary>The JSON path of the refused value without its <c>$.</c> (<c>person.birthDate</c>).</summary>
    private static string? FieldOf(JsonException json) =>
        json.Path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : null;

    /// <summary>Builds the problem document every error of the API uses.</summary>
    public static ProblemDetails Create(HttpContext http, int status, string code, string message,
        IDictionary<string, string[]>? errors = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = TitleOf(status),
            Detail = message,
            Type = $"https://zhijian.example/problems/{code}",
        };
        problem.Extensions["code"] = code;
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }

        problem.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        return problem;
    }

    private static string TitleOf(int status) => status switch
    {
        400 => "请求有误",
        401 => "需要登录",
        403 => "没有权限",
        404 => "未找到",
        409 => "与现有数据冲突",
        413 => "内容过大",
        _ => status >= 500 ? "服务器错误" : "请求失败",
    };
}

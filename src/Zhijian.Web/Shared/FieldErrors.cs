namespace Zhijian.Web.Shared;

/// <summary>
/// The field errors of one request, collected so that a form hears of every wrong field at once, then thrown together as one
/// 400 <c>validation_failed</c> (<see cref="DomainException.Validation(IDictionary{string, string[]})"/>). The checks the
/// create requests of learning and the libraries share (a chosen organization, a trimmed title of bounded length, hours with
/// at most two decimals) live here instead of in each service.
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, string[]> errors = [];

    /// <summary>Records <paramref name="message"/> for <paramref name="field"/> unless <paramref name="ok"/>; answers <paramref name="ok"/>.</summary>
    public bool Check(bool ok, string field, string message)
    {
        if (!ok)
        {
            errors[field] = [message];
        }

        return ok;
    }

    /// <summary>A value that must be given (an organization, a member to choose).</summary>
    public bool Required<T>(T? value, string field, string message)
        where T : struct => Check(value is not null, field, message);

    /// <summary>The trimmed text, which must have 1 to <paramref name="maxLength"/> characters.</summary>
    public string Text(string? value, int maxLength, string field, string message)
    {
        var text = (value ?? "").Trim();
        Check(text.Length > 0 && text.Length <= maxLength, field, message);
        return text;
    }

    /// <summary>Hours: more than 0, at most <paramref name="max"/>, at most two decimals.</summary>
    public bool Hours(decimal? value, decimal max, string field, string message) =>
        Check(value is { } h && h > 0 && h <= max && decimal.Round(h, 2) == h, field, message);

    /// <summary>Throws the collected errors (400 <c>validation_failed</c>), if any.</summary>
    public void ThrowIfAny()
    {
        if (errors.Count > 0)
        {
            throw DomainException.Validation(errors);
        }
    }
}

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Data;

/// <summary>
/// The last check before text reaches a table, for every path (API, console, import, jobs): a string longer than its
/// column's maximum or holding a control character is refused with a 400 <c>validation_failed</c> naming the
/// property. PostgreSQL would fail the statement (22001, 22021) and SQLite would store it: both now refuse alike.
/// <see cref="BulkInsert"/> runs the same check, since COPY bypasses SaveChanges.
/// </summary>
public sealed class StoredTextGuard : SaveChangesInterceptor
{
    public static readonly StoredTextGuard Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? db)
    {
        if (db is null)
        {
            return;
        }

        // The interceptor runs before SaveChanges detects changes: detect them now so that edited entities count.
        if (db.ChangeTracker.AutoDetectChangesEnabled)
        {
            db.ChangeTracker.DetectChanges();
        }

        Dictionary<string, string[]>? errors = null;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is string text && (entry.State == EntityState.Added || property.IsModified)
                    && Problem(property.Metadata, text) is { } message)
                {
                    errors ??= [];
                    errors.TryAdd(FieldName(property.Metadata), [message]);
                }
            }
        }

        if (errors is not null)
        {
            throw DomainException.Validation(errors);
        }
    }

    /// <summary>Why <paramref name="text"/> cannot be stored in <paramref name="property"/>, or null when it can.</summary>
    public static string? Problem(IReadOnlyProperty property, string text)
    {
        // The field's name only for a refusal: every stored text of a bulk import passes here.
        if (property.GetMaxLength() is { } max && text.Length > max)
        {
            return $"{FieldName(property)} 不能超过 {max} 个字（现有 {text.Length} 个）";
        }

        return InputGuard.HasForbiddenCharacter(text) ? $"{FieldName(property)}：{InputGuard.ForbiddenCharacterMessage}" : null;
    }

    /// <summary>The property as the API names fields: camelCase.</summary>
    public static string FieldName(IReadOnlyProperty property) => JsonNamingPolicy.CamelCase.ConvertName(property.Name);
}

using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Components;

/// <summary>
/// Runs one operation of a page on the same services as the API, in a scope of its own (a fresh
/// DbContext per operation, never one per circuit) with the page's user as the actor. Refusals
/// become a readable message instead of an error page.
/// </summary>
public sealed class UiRunner(IServiceScopeFactory scopes, AuthenticationStateProvider auth, ISnackbar snackbar,
    ILogger<UiRunner> log)
{
    /// <summary>Runs <paramref name="operation"/>; on a refusal shows its Chinese message and returns default.</summary>
    public async Task<T?> RunAsync<TService, T>(Func<TService, Task<T>> operation)
        where TService : notnull
    {
        try
        {
            var (result, refusal) = await TryAsync(operation);
            if (refusal is not null)
            {
                snackbar.Add(refusal.Errors?.Values.SelectMany(v => v).FirstOrDefault() ?? refusal.Message, Severity.Warning);
            }

            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Page operation failed");
            snackbar.Add("操作失败，请稍后重试；如持续出现请联系系统管理员", Severity.Error);
            return default;
        }
    }

    /// <summary>Runs <paramref name="operation"/> and hands a refusal back (for forms that show errors beside their fields).</summary>
    public async Task<(T? Result, DomainException? Refusal)> TryAsync<TService, T>(Func<TService, Task<T>> operation)
        where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentPrincipal>().User = (await auth.GetAuthenticationStateAsync()).User;
        try
        {
            return (await operation(scope.ServiceProvider.GetRequiredService<TService>()), null);
        }
        catch (DomainException e)
        {
            return (default, e);
        }
    }

    /// <summary>Runs an operation and shows <paramref name="success"/> when it went through; returns whether it did.</summary>
    public async Task<bool> DoAsync<TService>(Func<TService, Task> operation, string success)
        where TService : notnull
    {
        var done = await RunAsync<TService, bool>(async s =>
        {
            await operation(s);
            return true;
        });
        if (done)
        {
            snackbar.Add(success, Severity.Success);
        }

        return done;
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Zhijian.Web.Data;

/// <summary>
/// Part of <c>/health/ready</c>: unhealthy while the database has migrations that this build knows and the database
/// has not applied (an instance started before <c>zhijian migrate</c> ran must not take traffic). Once the database
/// is up to date it stays so for this process, so the answer is remembered.
/// </summary>
public sealed class MigrationsHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    private volatile bool upToDate;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (upToDate)
        {
            return HealthCheckResult.Healthy();
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
            {
                return HealthCheckResult.Unhealthy($"{pending.Count} pending migration(s), first {pending[0]}");
            }

            upToDate = true;
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("could not read the applied migrations", e);
        }
    }
}

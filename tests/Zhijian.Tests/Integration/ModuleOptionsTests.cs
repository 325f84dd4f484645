using AwesomeAssertions;
using Zhijian.Tests.Infrastructure;

namespace Zhijian.Tests.Integration;

/// <summary>Every feature module validates its options on start: a bad value stops the app and names the field.</summary>
public abstract class ModuleOptionsTests(AppFixture app)
{
    [Theory]
    [InlineData("Alerts:IntervalMinutes", "0", "IntervalMinutes")]
    [InlineData("Alerts:StartDelaySeconds", "-1", "StartDelaySeconds")]
    [InlineData("Statistics:RollupThreshold", "0", "RollupThreshold")]
    [InlineData("Statistics:RollupInterval", "-00:01:00", "RollupInterval")]
    [InlineData("Meetings:MaxAttachmentBytes", "0", "MaxAttachmentBytes")]
    [InlineData("Meetings:AttachmentDirectory", "", "AttachmentDirectory")]
    [InlineData("Security:SessionCheckCacheSeconds", "-1", "SessionCheckCacheSeconds")]
    [InlineData("Security:RateLimits:TokenPermitLimit", "0", "TokenPermitLimit")]
    [InlineData("Security:RateLimits:PasswordWindow", "00:00:00", "PasswordWindow")]
    [InlineData("Members:RequiredFields:0", "noSuchField", "noSuchField")]
    public void BadOption_StopsTheStart(string key, string value, string named)
    {
        using var bad = app.Factory.WithWebHostBuilder(b => b.UseSetting(key, value));
        var start = () => bad.CreateClient();
        start.Should().Throw<Exception>().Where(e => e.ToString().Contains(named, StringComparison.Ordinal));
    }
}

public sealed class ModuleOptionsTestsOnSqlite(SqliteApp app) : ModuleOptionsTests(app), IClassFixture<SqliteApp>;

public sealed class ModuleOptionsTestsOnPostgres(PostgresApp app) : ModuleOptionsTests(app), IClassFixture<PostgresApp>;

using AwesomeAssertions;
using Npgsql;

namespace Zhijian.Tests.Infrastructure;

public class PostgresServerTests
{
    [Fact]
    public async Task CreateDatabaseAsync_Twice_GivesTwoDistinctWorkingDatabases()
    {
        var server = await PostgresServer.GetAsync();
        var ct = TestContext.Current.CancellationToken;

        var first = await server.CreateDatabaseAsync("fixture");
        var second = await server.CreateDatabaseAsync("fixture");

        var (firstName, firstVersion) = await DescribeAsync(first, ct);
        var (secondName, secondVersion) = await DescribeAsync(second, ct);

        firstName.Should().StartWith("t_fixture_");
        secondName.Should().StartWith("t_fixture_").And.NotBe(firstName);
        firstVersion.Should().StartWith("PostgreSQL");
        secondVersion.Should().Be(firstVersion);
    }

    [Fact]
    public async Task GetAsync_CalledConcurrently_ReturnsOneServer()
    {
        var servers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(PostgresServer.GetAsync)));

        servers.Should().AllSatisfy(server => server.Should().BeSameAs(servers[0]));
    }

    [Fact]
    public async Task CreateDatabaseAsync_WithoutPrefix_ReturnsLowercaseNameAndPoolingOptions()
    {
        var server = await PostgresServer.GetAsync();

        var connectionString = await server.CreateDatabaseAsync();

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Database.Should().MatchRegex("^t_[0-9a-f]{8}$");
        builder.IncludeErrorDetail.Should().BeTrue();
        builder.Pooling.Should().BeTrue();
        builder.MaxPoolSize.Should().Be(50);
    }

    private static async Task<(string Database, string Version)> DescribeAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("select current_database(), version()", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        (await reader.ReadAsync(ct)).Should().BeTrue();
        return (reader.GetString(0), reader.GetString(1));
    }
}

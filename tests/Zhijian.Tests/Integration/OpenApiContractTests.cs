using System.Text.Json;
using AwesomeAssertions;
using Zhijian.Tests.Infrastructure;

namespace Zhijian.Tests.Integration;

public sealed class OpenApiContractTestsOnSqlite(SqliteApp app) : OpenApiContractTests(app), IClassFixture<SqliteApp>;

public sealed class OpenApiContractTestsOnPostgres(PostgresApp app) : OpenApiContractTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// What /openapi/v1.json promises a client (issue 14 item 7). CI also lints the document with Redocly and type-checks a
/// generated TypeScript client (scripts/test.sh, tools/openapi); these tests pin the points that made clients need casts.
/// </summary>
public abstract class OpenApiContractTests(AppFixture app)
{
    private async Task<JsonElement> DocumentAsync() => await app.Anonymous().GetOkAsync<JsonElement>("/openapi/v1.json");

    private static JsonElement Operation(JsonElement doc, string path, string method) =>
        doc.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static JsonElement Schema(JsonElement doc, string name) =>
        doc.GetProperty("components").GetProperty("schemas").GetProperty(name);

    [Fact]
    public async Task SecuritySchemes_AreBearerAndCookie_AndEveryAuthorizedOperationRequiresOne()
    {
        var doc = await DocumentAsync();
        var schemes = doc.GetProperty("components").GetProperty("securitySchemes");
        schemes.GetProperty("bearer").GetProperty("type").GetString().Should().Be("http");
        schemes.GetProperty("bearer").GetProperty("scheme").GetString().Should().Be("bearer");
        schemes.GetProperty("cookie").GetProperty("type").GetString().Should().Be("apiKey");
        schemes.GetProperty("cookie").GetProperty("in").GetString().Should().Be("cookie");
        schemes.GetProperty("cookie").GetProperty("name").GetString().Should().Be("zhijian.auth");

        Operation(doc, "/api/v1/auth/token", "post").GetProperty("security").GetArrayLength().Should().Be(0);
        Operation(doc, "/health", "get").GetProperty("security").GetArrayLength().Should().Be(0);
        foreach (var (path, method) in new[] { ("/api/v1/orgs/{id}", "get"), ("/api/v1/members", "post"), ("/api/v1/transfers", "post") })
        {
            var names = Operation(doc, path, method).GetProperty("security").EnumerateArray()
                .SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToList();
            names.Should().BeEquivalentTo(["bearer", "cookie"], $"{method} {path}");
        }
    }

    [Fact]
    public async Task Operations_DocumentTheirRealSuccess_AndProblemResponses()
    {
        var doc = await DocumentAsync();
        var create = Operation(doc, "/api/v1/members", "post").GetProperty("responses");
        create.TryGetProperty("200", out _).Should().BeFalse("a create answers 201");
        create.GetProperty("201").GetProperty("headers").TryGetProperty("Location", out _).Should().BeTrue();
        create.GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref")
            .GetString().Should().EndWith("/MemberDto");
        foreach (var status in new[] { "400", "401", "403", "409" })
        {
            create.GetProperty(status).GetProperty("content").GetProperty("application/problem+json").GetProperty("schema")
                .GetProperty("$ref").GetString().Should().EndWith("/ProblemDetails", status);
        }

        Operation(doc, "/api/v1/orgs/{id}", "get").GetProperty("responses").TryGetProperty("404", out _).Should().BeTrue();
        Operation(doc, "/api/v1/users/{id}/roles", "post").GetProperty("responses").TryGetProperty("204", out _).Should().BeTrue();
        Operation(doc, "/api/v1/orgs/{id}/imports/members", "post").GetProperty("responses").TryGetProperty("413", out _).Should().BeTrue();
        Operation(doc, "/api/v1/auth/token", "post").GetProperty("responses").TryGetProperty("429", out _).Should().BeTrue();

        var problem = Schema(doc, "ProblemDetails").GetProperty("properties");
        problem.EnumerateObject().Select(p => p.Name).Should().Contain(["type", "title", "status", "detail", "code", "errors", "traceId"]);
    }

    [Fact]
    public async Task Integers_AreIntegers_AndNullableEnumsArePlainNullable()
    {
        var doc = await DocumentAsync();
        var member = Schema(doc, "MemberDto").GetProperty("properties");
        member.GetProperty("id").GetProperty("type").GetString().Should().Be("integer");
        member.GetProperty("id").TryGetProperty("pattern", out _).Should().BeFalse();
        member.GetProperty("orgName").GetProperty("type").GetString().Should().Be("string");
        member.GetProperty("joinedOn").GetProperty("format").GetString().Should().Be("date");

        var endReason = member.GetProperty("endReason");
        endReason.TryGetProperty("oneOf", out _).Should().BeFalse();
        endReason.GetProperty("type").EnumerateArray().Select(t => t.GetString()).Should().BeEquivalentTo(["string", "null"]);
        endReason.GetProperty("enum").EnumerateArray().Count(v => v.ValueKind == JsonValueKind.Null).Should().Be(1);
        Schema(doc, "EndReason").GetProperty("enum").EnumerateArray().Should().NotContain(v => v.ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task RequestBodies_RequireOnlyWhatIsReallyRequired()
    {
        var doc = await DocumentAsync();
        var transfer = Schema(doc, "CreateTransferRequest");
        var required = transfer.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(v => v.GetString()).ToList() : [];
        required.Should().NotContain("toOrgId").And.NotContain("outside");
        Schema(doc, "OutsideDestination").TryGetProperty("required", out _).Should().BeFalse();

        // Answers keep their nullable members required: the server always writes them.
        Schema(doc, "MemberDto").GetProperty("required").EnumerateArray().Select(v => v.GetString()).Should().Contain("endedOn");
    }
}

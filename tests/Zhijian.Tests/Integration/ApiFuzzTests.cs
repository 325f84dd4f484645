using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AwesomeAssertions;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Meetings;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Transfers;

namespace Zhijian.Tests.Integration;

public sealed class ApiFuzzTestsOnSqlite(SqliteApp app) : ApiFuzzTests(app), IClassFixture<SqliteApp>;

public sealed class ApiFuzzTestsOnPostgres(PostgresApp app) : ApiFuzzTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Every operation of the live OpenAPI document, signed in as the system administrator, with hostile input: wrong
/// types, 10,000-character and NUL strings, extreme dates and integers, comma lists for enum parameters, broken
/// bodies; path ids point at real objects so that the handlers run past their 404. Nothing may answer a 5xx.
/// The operations come from the document, so a new route is fuzzed the day it is mapped.
/// </summary>
public abstract class ApiFuzzTests(AppFixture app)
{
    /// <summary>Operations not fuzzed, with the reason (matched as "METHOD path template").</summary>
    private static readonly Dictionary<string, string> Excluded = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Which test object a path parameter names, by the collection segment before it (or its own name).</summary>
    private static readonly Dictionary<string, Func<World, long>> PathIds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["orgs"] = w => w.BranchId,
        ["members"] = w => w.MemberId,
        ["positions"] = w => w.PositionId,
        ["meetings"] = w => w.MeetingId,
        ["transfers"] = w => w.TransferId,
        ["corrections"] = w => w.CorrectionId,
        ["alerts"] = w => w.AlertId,
        ["users"] = w => w.UserId,
        ["attachmentId"] = w => w.AttachmentId,
        ["evaluations"] = w => w.EvaluationId,
        ["payments"] = w => w.DuesPaymentId,
        ["dues"] = w => w.DuesLineId,
        ["notices"] = w => w.NoticeId,
        ["mailbox"] = w => w.LetterId,
        ["development"] = w => w.DevelopmentId,
        ["courses"] = w => w.CourseId,
        ["trainings"] = w => w.TrainingId,
        ["archives"] = w => w.ArchiveId,
    };

    private const string Long = "2147483647";
    private static readonly string TenThousand = new('长', 10_000);
    private static readonly string WithNul = "测\u0000试";

    [Fact]
    public async Task EveryOperation_WithHostileInput_NeverAnswers5xx()
    {
        var admin = await app.AdminAsync();
        var document = JsonNode.Parse(await admin.GetStringAsync("/openapi/v1.json"))!;
        var world = await World.CreateAsync(app, admin);

        // Routes under /auth/ may end the caller's own session (password, sign-out): a second administrator takes them.
        var authAdmin = await app.UserWithRoleAsync("systemAdmin", null);

        var operations = Operations(document).ToList();
        operations.Should().HaveCountGreaterThan(50, "the document lists the API's operations");
        var failures = new List<string>();
        var unknownIds = new List<string>();
        var sent = 0;
        var clock = Stopwatch.StartNew();
        foreach (var op in operations.OrderBy(Order))
        {
            if (Excluded.ContainsKey($"{op.Method} {op.Path}"))
            {
                continue;
            }

            var client = op.Path.StartsWith("/api/v1/auth/", StringComparison.Ordinal) ? authAdmin : admin;
            var fuzz = new Fuzzer(document, world, op);
            foreach (var request in fuzz.Requests(unknownIds))
            {
                sent++;
                using var message = request.ToMessage();
                using var response = await client.SendAsync(message);
                if ((int)response.StatusCode >= 500 || (request.Expect400 && response.StatusCode != HttpStatusCode.BadRequest))
                {
                    var body = await response.Content.ReadAsStringAsync();
                    failures.Add($"{request.Method} {Shorten(request.Url)} {Shorten(request.Describe())} → {(int)response.StatusCode} {Shorten(body)}");
                }
            }
        }

        unknownIds.Should().BeEmpty("every path parameter must point at a real object: add its source to PathIds");
        failures.Should().BeEmpty($"{failures.Count} of {sent} requests failed in {clock.Elapsed.TotalSeconds:0} s:\n"
            + string.Join("\n", failures));
    }

    private static int Order(Operation op)
    {
        // Reads first, then writes; what ends objects last, so that the objects live while the others run.
        var last = op.Path.Split('/')[^1];
        var ending = last is "dissolve" or "merge" or "move" or "end" or "cancel" or "reject" or "resolve" or "dismiss";
        return op.Path.StartsWith("/api/v1/auth/", StringComparison.Ordinal) ? 9
            : op.Method == "GET" ? 0
            : op.Method == "DELETE" ? 8
            : ending ? 7
            : 3;
    }

    private static string Shorten(string text) =>
        (text.Length > 300 ? text[..300] + $"…({text.Length} chars)" : text).Replace("\u0000", "\\u0000", StringComparison.Ordinal);

    private static IEnumerable<Operation> Operations(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, op) in item!.AsObject())
            {
                if (method is "parameters" or "summary" or "description" or "servers")
                {
                    continue;
                }

                yield return new Operation(method.ToUpperInvariant(), path, op!);
            }
        }
    }

    private sealed record Operation(string Method, string Path, JsonNode Node);

    /// <summary>One request to send: a URL, and a JSON body, a raw body, or a multipart form.</summary>
    private sealed record FuzzRequest(string Method, string Url, string? Json = null, string? RawBody = null,
        string? ContentType = null, MultipartFormDataContent? Form = null, bool Expect400 = false)
    {
        public HttpRequestMessage ToMessage()
        {
            var message = new HttpRequestMessage(new HttpMethod(Method), Url);
            if (Form is not null)
            {
                message.Content = Form;
            }
            else if (Json is not null)
            {
                message.Content = new StringContent(Json, Encoding.UTF8, "application/json");
            }
            else if (RawBody is not null)
            {
                message.Content = new StringContent(RawBody, Encoding.UTF8);
                message.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType ?? "text/plain");
            }

            return message;
        }

        public string Describe() => Json ?? RawBody ?? (Form is null ? "" : "multipart");
    }

    /// <summary>The requests for one operation: each parameter and each body field fuzzed in turn, the rest valid.</summary>
    private sealed class Fuzzer(JsonNode document, World world, Operation op)
    {
        private static int unique;

        private JsonNode Schemas => document["components"]!["schemas"]!;

        public IEnumerable<FuzzRequest> Requests(List<string> unknownIds)
        {
            var parameters = op.Node["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
            var pathValues = new Dictionary<string, string>();
            var pathParams = parameters.Where(p => (string?)p["in"] == "path").ToList();
            foreach (var p in pathParams)
            {
                var name = (string)p["name"]!;
                pathValues[name] = PathValue(name, unknownIds);
            }

            var queryParams = parameters.Where(p => (string?)p["in"] == "query").ToList();
            var content = op.Node["requestBody"]?["content"]?.AsObject();
            var jsonSchema = content?["application/json"]?["schema"];
            var formSchema = content?["multipart/form-data"]?["schema"];

            // The path ids: extreme values with a valid body.
            foreach (var p in pathParams)
            {
                foreach (var value in new[] { "9223372036854775807", "-1", "0", "99999999999999999999" })
                {
                    yield return Body(Url(pathValues, (string)p["name"]!, value, null, null), jsonSchema, formSchema);
                }
            }

            // Each query parameter alone, then the paging pair at its extreme.
            foreach (var p in queryParams)
            {
                var name = (string)p["name"]!;
                foreach (var (value, expect400) in QueryValues(name, Resolve(p["schema"])))
                {
                    var request = Body(Url(pathValues, null, null, name, value), jsonSchema, formSchema);
                    yield return request with { Expect400 = expect400 };
                }
            }

            if (queryParams.Any(p => (string?)p["name"] == "page") && queryParams.Any(p => (string?)p["name"] == "pageSize"))
            {
                yield return Body(Url(pathValues, null, null, "page", Long) + "&pageSize=200", jsonSchema, formSchema);
                yield return Body(Url(pathValues, null, null, "page", "10737419") + "&pageSize=200", jsonSchema, formSchema);
            }

            var url = Url(pathValues, null, null, null, null);
            if (jsonSchema is not null)
            {
                foreach (var body in BodyVariants(jsonSchema))
                {
                    yield return new FuzzRequest(op.Method, url, Json: body);
                }

                yield return new FuzzRequest(op.Method, url);
                yield return new FuzzRequest(op.Method, url, RawBody: "{", ContentType: "application/json");
                yield return new FuzzRequest(op.Method, url, RawBody: "name=x", ContentType: "application/x-www-form-urlencoded");
            }
            else if (formSchema is not null)
            {
                foreach (var form in FormVariants(formSchema))
                {
                    yield return new FuzzRequest(op.Method, url, Form: form);
                }

                yield return new FuzzRequest(op.Method, url);
                yield return new FuzzRequest(op.Method, url, Json: "{}");
            }
            else if (op.Method is "POST" or "PUT" or "PATCH")
            {
                yield return new FuzzRequest(op.Method, url, Json: "{\"x\":\"" + TenThousand + "\"}");
            }
        }

        private FuzzRequest Body(string url, JsonNode? jsonSchema, JsonNode? formSchema) =>
            jsonSchema is not null ? new FuzzRequest(op.Method, url, Json: Valid(jsonSchema, null)!.ToJsonString())
            : formSchema is not null ? new FuzzRequest(op.Method, url, Form: FormVariants(formSchema).First())
            : new FuzzRequest(op.Method, url);

        private string PathValue(string name, List<string> unknownIds)
        {
            var segments = op.Path.Split('/');
            var at = Array.IndexOf(segments, "{" + name + "}");
            var collection = at > 0 ? segments[at - 1] : "";
            if (name == "month")
            {
                // The dues months (YYYY-MM): this month, which the world's dues lines belong to.
                return People.Today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            }

            if (PathIds.TryGetValue(name, out var byName) || PathIds.TryGetValue(collection, out byName))
            {
                return byName(world).ToString(CultureInfo.InvariantCulture);
            }

            unknownIds.Add($"{op.Method} {op.Path}: {{{name}}}");
            return "1";
        }

        private string Url(Dictionary<string, string> pathValues, string? fuzzedPath, string? pathValue, string? query,
            string? queryValue)
        {
            var path = op.Path;
            foreach (var (name, value) in pathValues)
            {
                path = path.Replace("{" + name + "}", Uri.EscapeDataString(name == fuzzedPath ? pathValue! : value), StringComparison.Ordinal);
            }

            return query is null ? path : $"{path}?{query}={Uri.EscapeDataString(queryValue!)}";
        }

        private IEnumerable<(string Value, bool Expect400)> QueryValues(string name, JsonNode schema)
        {
            var (type, format) = TypeOf(schema);
            switch (type)
            {
                case "integer":
                case "number":
                    foreach (var v in new[] { Long, "-1", "0", "9223372036854775807", "99999999999999999999", "1e30", "x" })
                    {
                        yield return (v, false);
                    }

                    break;
                case "boolean":
                    yield return ("x", false);
                    yield return (TenThousand, false);
                    break;
                case "string" when format == "date":
                    foreach (var v in new[] { "0001-01-01", "9999-12-31", "2024-02-30", "1899-12-31", "2101-01-01", "x" })
                    {
                        yield return (v, true);
                    }

                    break;
                case "string" when format == "date-time":
                    foreach (var v in new[] { "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00", "x" })
                    {
                        yield return (v, true);
                    }

                    yield return ("2024-05-06T08:00:00+14:00", false);
                    yield return ("2024-05-06T08:00:00-12:00", false);
                    break;
                default:
                    yield return (TenThousand, false);
                    yield return (WithNul, false);
                    yield return ("a,b", false);

                    // An enum parameter (the document lists its values) takes one value: a comma list is refused.
                    if (schema["enum"] is JsonArray values && values.Count >= 2)
                    {
                        var names = values.Select(v => v!.ToString()).ToList();
                        yield return (string.Join(",", names.Take(2)), true);
                        yield return (names[0] + ", " + names[^1], true);
                        yield return ("1", true);
                    }

                    break;
            }
        }

        /// <summary>The valid body, then each field (one level into nested objects and arrays) replaced by each hostile value.</summary>
        private IEnumerable<string> BodyVariants(JsonNode schema)
        {
            foreach (var raw in new[] { "null", "[]", "\"x\"", "0", "{}", "{\"x\":1}" })
            {
                yield return raw;
            }

            var resolved = Resolve(schema);
            var properties = resolved["properties"]?.AsObject();
            if (properties is null)
            {
                yield break;
            }

            foreach (var (name, propertySchema) in properties)
            {
                foreach (var bad in Hostile(propertySchema!))
                {
                    var body = Valid(schema, null)!.AsObject();
                    body[name] = bad?.DeepClone();
                    yield return body.ToJsonString();
                }

                var inner = Resolve(propertySchema!);
                var (type, _) = TypeOf(inner);
                var nestedObject = type == "object" ? inner : type == "array" ? Resolve(inner["items"]!) : null;
                if (nestedObject?["properties"] is not JsonObject nested)
                {
                    continue;
                }

                foreach (var (innerName, innerSchema) in nested)
                {
                    foreach (var bad in Hostile(innerSchema!))
                    {
                        var body = Valid(schema, null)!.AsObject();
                        var target = type == "object" ? body[name]!.AsObject() : body[name]!.AsArray()[0]!.AsObject();
                        target[innerName] = bad?.DeepClone();
                        yield return body.ToJsonString();
                    }
                }
            }
        }

        private IEnumerable<MultipartFormDataContent> FormVariants(JsonNode schema)
        {
            var fileFields = Resolve(schema)["properties"]?.AsObject()
                .Where(p => TypeOf(Resolve(p.Value!)) is ("string", "binary")).Select(p => p.Key).ToList() ?? [];
            var variants = new (string FileName, byte[] Bytes)[]
            {
                ("fuzz.xlsx", "not a workbook"u8.ToArray()),
                ("fuzz.txt", []),
                (new string('长', 300) + ".txt", "长"u8.ToArray()),
                ("fuzz.pdf", Encoding.UTF8.GetBytes(WithNul)),
            };
            foreach (var (fileName, bytes) in variants)
            {
                var form = new MultipartFormDataContent();
                foreach (var field in fileFields)
                {
                    var file = new ByteArrayContent(bytes);
                    file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                    form.Add(file, field, fileName);
                }

                yield return form;
            }

            yield return new MultipartFormDataContent { { new StringContent(TenThousand), "other" } };
        }

        private IEnumerable<JsonNode?> Hostile(JsonNode schema)
        {
            var resolved = Resolve(schema);
            if (resolved["enum"] is JsonArray values)
            {
                var names = values.Where(v => v is not null).Select(v => v!.ToString()).ToList();
                yield return "x";
                yield return string.Join(",", names.Take(2));
                yield return 1;
                yield return TenThousand;
                yield return null;
                yield break;
            }

            var (type, format) = TypeOf(resolved);
            switch (type)
            {
                case "integer":
                case "number":
                    yield return int.MaxValue;
                    yield return -1;
                    yield return long.MaxValue;
                    yield return JsonNode.Parse("1e30");
                    yield return "x";
                    yield return null;
                    break;
                case "boolean":
                    yield return "x";
                    yield return 2;
                    break;
                case "array":
                    yield return "x";
                    yield return new JsonArray(long.MaxValue, -1, 0);
                    yield return new JsonArray(Enumerable.Range(0, 1000).Select(_ => (JsonNode?)Valid(resolved["items"]!, null)).ToArray());
                    yield return null;
                    break;
                case "object":
                    yield return "x";
                    yield return new JsonArray();
                    yield return null;
                    break;
                case "string" when format == "date":
                    yield return "0001-01-01";
                    yield return "9999-12-31";
                    yield return "2024-02-30";
                    yield return "1899-12-31";
                    yield return 20240101;
                    break;
                case "string" when format == "date-time":
                    yield return "0001-01-01T00:00:00Z";
                    yield return "9999-12-31T23:59:59+14:00";
                    yield return "2024-05-06T08:00:00+14:00";
                    break;
                default:
                    yield return TenThousand;
                    yield return WithNul;
                    yield return "\u0001\u001f";
                    yield return 12345;
                    yield return new JsonObject { ["a"] = 1 };
                    break;
            }
        }

        /// <summary>A valid value for a schema: real ids by the field's name, valid codes and numbers by hints.</summary>
        private JsonNode? Valid(JsonNode schema, string? name)
        {
            var resolved = Resolve(schema);
            if (resolved["enum"] is JsonArray values)
            {
                return values.FirstOrDefault(v => v is not null)?.DeepClone();
            }

            var (type, format) = TypeOf(resolved);
            var n = Interlocked.Increment(ref unique);
            return type switch
            {
                "object" => new JsonObject((resolved["properties"]?.AsObject() ?? [])
                    .Select(p => KeyValuePair.Create(p.Key, Valid(p.Value!, p.Key)))),
                "array" => new JsonArray(Valid(resolved["items"]!, Singular(name))),
                "integer" or "number" => IdFor(name) ?? 3,
                "boolean" => false,
                "string" when format == "date" => "2024-05-06",
                "string" when format == "date-time" => "2024-05-06T08:00:00+08:00",
                "string" when format == "binary" => "",
                _ => TextFor(name, n),
            };
        }

        private static string? Singular(string? name) => name is { Length: > 1 } && name.EndsWith('s') ? name[..^1] : name;

        private long? IdFor(string? name)
        {
            var n = name?.ToLowerInvariant() ?? "";
            return n.Contains("org", StringComparison.Ordinal) || n.Contains("parent", StringComparison.Ordinal)
                    || n.Contains("target", StringComparison.Ordinal) ? world.OtherBranchId
                : n.Contains("member", StringComparison.Ordinal) || n.Contains("invitee", StringComparison.Ordinal) ? world.MemberId
                : n.Contains("person", StringComparison.Ordinal) ? world.PersonId
                : n.Contains("transfer", StringComparison.Ordinal) ? world.TransferId
                : n.EndsWith("id", StringComparison.Ordinal) ? world.MemberId
                : null;
        }

        private static string TextFor(string? name, int n) => name?.ToLowerInvariant() switch
        {
            "idnumber" => new PersonFaker(n).Next(new DateOnly(1990, 1, 1), new DateOnly(2000, 1, 1)).IdNumber,
            "phone" => "138" + (10_000_000 + n).ToString(CultureInfo.InvariantCulture),
            "gender" => "1",
            "ethnicity" => "01",
            "education" => "21",
            "politicalstatus" => "03",
            "password" or "currentpassword" or "newpassword" => "Fuzz-Passw0rd-" + n,
            "username" => "fuzz" + n,
            "field" => "workUnit",
            "post" => "secretary",
            "type" => "committee",
            "name" or "shortname" => "测试" + n,
            _ => "测试" + n,
        };

        private JsonNode Resolve(JsonNode? schema)
        {
            while (true)
            {
                if (schema?["$ref"] is { } reference)
                {
                    schema = Schemas[((string)reference!).Split('/')[^1]]!;
                    continue;
                }

                if ((schema?["oneOf"] ?? schema?["anyOf"]) is JsonArray choices)
                {
                    schema = choices.FirstOrDefault(c => (string?)c?["type"] != "null") ?? choices[0];
                    continue;
                }

                return schema ?? new JsonObject();
            }
        }

        private static (string Type, string? Format) TypeOf(JsonNode schema)
        {
            var format = (string?)schema["format"];
            var type = schema["type"] switch
            {
                JsonArray many => many.Select(t => (string)t!).ToList() switch
                {
                    var t when t.Contains("integer") => "integer",
                    var t when t.Contains("number") => "number",
                    var t when t.Contains("boolean") => "boolean",
                    var t when t.Contains("array") => "array",
                    var t when t.Contains("object") => "object",
                    _ => "string",
                },
                JsonValue one => (string)one!,
                _ => schema["properties"] is not null ? "object" : "string",
            };
            return (type, format);
        }
    }

    /// <summary>Real objects for the path ids: a league committee with two branches, members, a position, a meeting
    /// with an attachment, a transfer, a member's account with a correction, and an alert.</summary>
    private sealed record World(long BranchId, long OtherBranchId, long MemberId, long PersonId, long PositionId,
        long MeetingId, long AttachmentId, long TransferId, long UserId, long CorrectionId, long AlertId,
        long EvaluationId)
    {
        public long DevelopmentId { get; init; }
        public long CourseId { get; init; }

        public long TrainingId { get; init; }

        public long ArchiveId { get; init; }

        public long DuesPaymentId { get; init; }

        public long DuesLineId { get; init; }

        public long NoticeId { get; init; }

        public long LetterId { get; init; }

        public static async Task<World> CreateAsync(AppFixture app, HttpClient admin)
        {
            var data = new TestData(app, admin);
            var committee = await data.OrgAsync("league", "committee", null);
            var branch = await data.OrgAsync("league", "branch", committee.Id);
            var other = await data.OrgAsync("league", "branch", committee.Id);
            var members = await data.MembersAsync(branch.Id, 5);
            var position = await data.PositionAsync(branch.Id);
            var member = await admin.GetOkAsync<MemberDto>($"/api/v1/members/{members[0]}");

            var meeting = await (await admin.PostJsonAsync("/api/v1/meetings", new { orgId = branch.Id, type = "committee", date = "2024-05-06" }))
                .ReadAsync<MeetingDto>(HttpStatusCode.Created);
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent("会议记录"u8.ToArray());
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "file", "记录.pdf");
            var attachment = await (await admin.PostAsync($"/api/v1/meetings/{meeting.Id}/attachments", form))
                .ReadAsync<JsonElement>(HttpStatusCode.Created);

            var transfer = await (await admin.PostJsonAsync("/api/v1/transfers", new { memberId = members[1], toOrgId = other.Id, reason = "work" }))
                .ReadAsync<TransferDto>(HttpStatusCode.Created);

            var userName = "fuzz-" + TestData.Unique();
            var user = await (await admin.PostJsonAsync("/api/v1/users", new { userName, password = AppFixture.Password, personId = member.Person.Id }))
                .ReadAsync<JsonElement>(HttpStatusCode.Created);
            (await admin.PostJsonAsync($"/api/v1/users/{user.GetProperty("id").GetInt64()}/roles", new { role = "member", orgId = branch.Id }))
                .EnsureSuccessStatusCode();
            var own = await app.SignInAsync(userName);
            var correction = await (await own.PostJsonAsync("/api/v1/me/corrections", new { field = "workUnit", value = "某某公司" }))
                .ReadAsync<JsonElement>(HttpStatusCode.Created);

            // A term long past raises a term alert at the next scan.
            (await admin.PatchJsonAsync($"/api/v1/orgs/{branch.Id}", new { termStartedOn = "2015-01-01", termYears = 3 })).EnsureSuccessStatusCode();
            (await admin.PostAsync("/api/v1/alerts/scan", null)).EnsureSuccessStatusCode();
            var alerts = await admin.GetOkAsync<JsonElement>($"/api/v1/alerts?orgId={committee.Id}");
            alerts.GetProperty("items").GetArrayLength().Should().BePositive("the overdue term raises an alert");

            var evaluation = await (await admin.PostJsonAsync($"/api/v1/orgs/{branch.Id}/evaluations", new { year = People.Today.Year }))
                .ReadAsync<JsonElement>(HttpStatusCode.Created);

            var young = People.Young();
            var development = await (await admin.PostJsonAsync("/api/v1/development", new
            {
                system = "league",
                orgId = branch.Id,
                appliedOn = "2024-05-06",
                person = new
                {
                    name = young.Name,
                    gender = young.GenderCode,
                    ethnicity = young.EthnicityCode,
                    birthDate = young.BirthDate.ToString("yyyy-MM-dd"),
                    idNumber = young.IdNumber,
                    phone = young.Phone,
                    education = young.EducationCode,
                    politicalStatus = "13",
                    workUnit = "某某公司",
                },
            })).ReadAsync<JsonElement>(HttpStatusCode.Created);

            var dues = await DuesPaymentAsync(admin, branch.Id, members[2]);
            return new World(branch.Id, other.Id, members[0], member.Person.Id, position, meeting.Id,
                attachment.GetProperty("id").GetInt64(), transfer.Id, user.GetProperty("id").GetInt64(),
                correction.GetProperty("id").GetInt64(), alerts.GetProperty("items")[0].GetProperty("id").GetInt64(),
                evaluation.GetProperty("id").GetInt64())
            {
                DevelopmentId = development.GetProperty("id").GetInt64(),
                CourseId = (await (await admin.PostJsonAsync("/api/v1/courses", new { orgId = branch.Id, title = "课程", kind = "video", hours = 1 }))
                    .ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetInt64(),
                TrainingId = (await (await admin.PostJsonAsync("/api/v1/trainings", new
                {
                    orgId = branch.Id,
                    title = "培训班",
                    startOn = "2024-05-06",
                    endOn = "2024-05-07",
                    hours = 8,
                    personIds = new[] { member.Person.Id },
                }))
                    .ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetInt64(),
                ArchiveId = await ArchiveAsync(admin, branch.Id),
                DuesPaymentId = dues.Payment,
                DuesLineId = dues.Line,
                LetterId = (await (await own.PostJsonAsync("/api/v1/me/mailbox", new { toOrgId = branch.Id, subject = "建议", body = "正文" }))
                    .ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetInt64(),
                NoticeId = (await (await admin.PostJsonAsync("/api/v1/notices",
                        new { orgId = branch.Id, title = "通知", body = "正文", audience = "members", requireReceipt = true }))
                    .ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetInt64(),
            };
        }

        private static async Task<(long Payment, long Line)> DuesPaymentAsync(HttpClient admin, long branchId, long memberId)
        {
            var month = People.Today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
            (await admin.PutAsJsonAsync($"/api/v1/members/{memberId}/dues-profile",
                new { category = "student", effectiveFrom = month }, Api.Json)).EnsureSuccessStatusCode();
            (await admin.PostAsync($"/api/v1/orgs/{branchId}/dues/months/{month}/generate", null)).EnsureSuccessStatusCode();
            var lines = await (await admin.GetAsync($"/api/v1/dues?orgId={branchId}&month={month}")).ReadAsync<JsonElement>();
            var line = lines.GetProperty("items")[0].GetProperty("id").GetInt64();
            var paid = await (await admin.PostJsonAsync("/api/v1/dues/payments",
                new { lineIds = new[] { line }, method = "cash", paidOn = People.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }))
                .ReadAsync<JsonElement>(HttpStatusCode.Created);
            return (paid.GetProperty("id").GetInt64(), line);
        }

        private static async Task<long> ArchiveAsync(HttpClient admin, long orgId)
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(orgId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "orgId" },
                { new StringContent("史料"), "title" },
                { new StringContent("2020"), "year" },
            };
            var file = new ByteArrayContent("史料正文"u8.ToArray());
            file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            form.Add(file, "file", "史料.txt");
            return (await (await admin.PostAsync("/api/v1/archives", form)).ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        }
    }
}

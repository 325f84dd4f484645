using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Zhijian.Web.Shared;

/// <summary>
/// Makes <c>/openapi/v1.json</c> say what the API really does, so that Redocly's recommended rules pass and a generated
/// client compiles without casts: who may call (security schemes from the endpoints' authorization metadata), what
/// comes back (problem responses by convention, 201 with <c>Location</c>), integers as integers, strings and dates with
/// their types (the JSON converters of <see cref="InputGuard"/> hide them from the schema exporter), nullable enums as
/// one plain nullable enum, and request bodies that require only what is not nullable.
/// </summary>
public static class OpenApiContract
{
    public const string BearerScheme = "bearer";
    public const string CookieScheme = "cookie";
    public const string ProblemSchema = "ProblemDetails";
    public const string ProblemContentType = "application/problem+json";

    private static readonly NullabilityInfoContext Nullability = new();

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Health"] = "存活检查（无需登录）",
        ["Auth"] = "登录、访问令牌、退出、修改密码与两步验证",
        ["Accounts"] = "账户与角色（组织管理员在本级及下级范围内授予）",
        ["Organizations"] = "党组织、团组织的树：新建、修改、移动、合并、撤销与统计",
        ["Members"] = "党（团）员信息库（证件号码、手机号码脱敏，查看完整号码记入审计）",
        ["Cadres"] = "组织班子成员与任职历史",
        ["Rules"] = "规则表：全国默认值与本地规则",
        ["Import and export"] = "Excel 导入党（团）员，导出名册与统计",
        ["Audit"] = "审计日志及其哈希链校验",
        ["Meetings"] = "三会一课：安排、记录（版本哈希链）、附件、签到与落实情况",
        ["Alerts"] = "预警中心：换届、超龄、会议、转接超时等",
        ["Corrections"] = "本人申请更正档案信息，支部处理",
        ["Transfers"] = "组织关系转接：申请、转出、接收、介绍信与统计",
    };

    /// <summary>Registers the schema, operation and document transformers of the contract.</summary>
    public static OpenApiOptions AddZhijianContract(this OpenApiOptions options)
    {
        options.AddSchemaTransformer(DescribeTypes);
        options.AddOperationTransformer(DescribeOperation);
        options.AddDocumentTransformer(DescribeDocument);
        return options;
    }

    // ---------------------------------------------------------------- schemas

    /// <summary>Types from the CLR type where the exporter left them out or widened them.</summary>
    internal static Task DescribeTypes(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var clr = context.JsonPropertyInfo?.PropertyType ?? context.JsonTypeInfo.Type;
        var underlying = Nullable.GetUnderlyingType(clr) ?? clr;

        // JsonSerializerDefaults.Web reads numbers from strings too; the contract is a number.
        if (schema.Type is { } t && (t.HasFlag(JsonSchemaType.Integer) || t.HasFlag(JsonSchemaType.Number)) && t.HasFlag(JsonSchemaType.String))
        {
            schema.Type = t & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        // A custom converter (InputGuard's text, date and instant guards) makes the exporter give up on the type.
        if (schema.Type is null && schema.OneOf is not { Count: > 0 } && schema.AnyOf is not { Count: > 0 } && schema.Enum is not { Count: > 0 })
        {
            var (type, format) = underlying switch
            {
                _ when underlying == typeof(string) => (JsonSchemaType.String, schema.Format),
                _ when underlying == typeof(DateOnly) => (JsonSchemaType.String, "date"),
                _ when underlying == typeof(DateTimeOffset) || underlying == typeof(DateTime) => (JsonSchemaType.String, "date-time"),
                _ => ((JsonSchemaType?)null, schema.Format),
            };
            if (type is { } known)
            {
                schema.Type = IsNullable(context.JsonPropertyInfo, clr) ? known | JsonSchemaType.Null : known;
                schema.Format = format;
            }
        }

        // A member left out when null is not always there.
        if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && schema.Required is { Count: > 0 } required)
        {
            foreach (var property in context.JsonTypeInfo.Properties)
            {
                if (property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), true)
                        .OfType<JsonIgnoreAttribute>().Any(a => a.Condition == JsonIgnoreCondition.WhenWritingNull) == true)
                {
                    required.Remove(property.Name);
                }
            }
        }

        return Task.CompletedTask;
    }

    private static bool IsNullable(JsonPropertyInfo? property, Type clr)
    {
        if (Nullable.GetUnderlyingType(clr) is not null)
        {
            return true;
        }

        if (clr.IsValueType)
        {
            return false;
        }

        return property?.AttributeProvider switch
        {
            PropertyInfo p => Nullability.Create(p).ReadState == NullabilityState.Nullable
                || (property.AssociatedParameter is { } a && a.IsNullable),
            FieldInfo f => Nullability.Create(f).ReadState == NullabilityState.Nullable,
            _ => property?.IsGetNullable ?? false,
        };
    }

    // ---------------------------------------------------------------- operations

    /// <summary>Security requirement and problem responses by convention; 201 answers carry their Location.</summary>
    internal static Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var authorized = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var method = description.HttpMethod?.ToUpperInvariant() ?? "GET";
        var writes = method is "POST" or "PUT" or "PATCH" or "DELETE";
        var parameters = description.ParameterDescriptions;
        var hasInput = parameters.Any(p => p.Source == BindingSource.Path || p.Source == BindingSource.Query
            || p.Source == BindingSource.Body || p.Source == BindingSource.Form || p.Source == BindingSource.FormFile)
            || operation.RequestBody is not null;
        var uploads = operation.RequestBody?.Content?.Keys.Any(k => k.StartsWith("multipart/", StringComparison.Ordinal)) == true;

        operation.OperationId ??= OperationId(method, description.RelativePath);
        operation.Responses ??= [];

        if (authorized)
        {
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, context.Document)] = [] },
            ];
        }
        else
        {
            // Said explicitly: anyone may call (sign-in, health).
            operation.Security = [];
        }

        if (hasInput)
        {
            AddProblem(operation, 400, "请求无效（字段校验失败、格式错误或业务规则不允许）");
        }

        if (authorized)
        {
            AddProblem(operation, 401, "未登录：缺少或无效的访问令牌");
            AddProblem(operation, 403, "无权执行：超出本人的组织范围或角色");
        }

        if (parameters.Any(p => p.Source == BindingSource.Path))
        {
            AddProblem(operation, 404, "地址中的对象不存在，或不在您的可见范围内");
        }

        if (writes && authorized)
        {
            AddProblem(operation, 409, "与当前状态冲突（并发修改、重复或状态不允许）");
        }

        if (uploads)
        {
            AddProblem(operation, 413, "上传的文件过大");
        }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            AddProblem(operation, 429, "请求过于频繁，请稍后再试");
        }

        foreach (var (status, response) in operation.Responses.ToList())
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            if (status.Length == 3 && status[0] is '4' or '5')
            {
                // Problems declared on the endpoint (ProducesProblem) get the same schema and media type.
                concrete.Content = ProblemContent();
            }
            else if (status == "201")
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["Location"] = new OpenApiHeader
                {
                    Description = "新建对象的地址",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
                };
            }
            else if (status[0] == '2' && concrete.Content is { } content)
            {
                foreach (var (type, media) in content)
                {
                    // Files (xlsx, pdf, png) are bytes.
                    if (media.Schema is null && !type.Contains("json", StringComparison.Ordinal))
                    {
                        media.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
                    }
                }
            }
        }

        return Task.CompletedTask;
    }

    private static void AddProblem(OpenApiOperation operation, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.Responses!.ContainsKey(key))
        {
            operation.Responses[key] = new OpenApiResponse { Description = description, Content = ProblemContent() };
        }
    }

    private static Dictionary<string, OpenApiMediaType> ProblemContent() => new()
    {
        [ProblemContentType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ProblemSchema) },
    };

    /// <summary><c>POST api/v1/orgs/{id}/move</c> → <c>postOrgsByIdMove</c>: stable, unique, readable in a client.</summary>
    internal static string OperationId(string method, string? path)
    {
        var words = new List<string> { method.ToLowerInvariant() };
        foreach (var segment in (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment is "api" or "v1")
            {
                continue;
            }

            var word = segment.StartsWith('{')
                ? "By" + Pascal(segment.Trim('{', '}').Split(':')[0])
                : Pascal(segment);
            words.Add(word);
        }

        return string.Concat(words);
    }

    private static string Pascal(string text) => string.Concat(text
        .Split(['-', '.', '_'], StringSplitOptions.RemoveEmptyEntries)
        .Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    // ---------------------------------------------------------------- document

    /// <summary>Security schemes, the problem schema, a relative server, and nullable enums written once.</summary>
    internal static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        // The address the document was fetched from is no contract; "/" keeps clients on the server that served it.
        document.Servers = [new OpenApiServer { Url = "/" }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "POST /api/v1/auth/token 得到的 accessToken：Authorization: Bearer <token>",
        };
        document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = "zhijian.auth",
            Description = "控制台登录后的会话 Cookie（multipart 上传另需防伪令牌，见 GET /api/v1/auth/antiforgery）",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = Problem();
        foreach (var tag in document.Tags?.AsEnumerable() ?? [])
        {
            tag.Description ??= TagDescriptions.GetValueOrDefault(tag.Name ?? "");
        }

        var schemas = document.Components.Schemas;
        var enums = new Dictionary<string, OpenApiSchema>();
        foreach (var (name, schema) in schemas)
        {
            if (schema is OpenApiSchema { Enum: { Count: > 0 } values } concrete && concrete.Properties is not { Count: > 0 })
            {
                // An enum component is the non-null values; nullability belongs to the property that uses it.
                var kept = values.Where(v => v is not null).ToList();
                concrete.Enum = kept;
                concrete.Type ??= JsonSchemaType.String;
                enums[name] = concrete;
            }
        }

        var seen = new HashSet<IOpenApiSchema>(ReferenceEqualityComparer.Instance);
        OptionalWhenNullable(document, schemas);
        foreach (var schema in schemas.Values.ToList())
        {
            Normalize(schema, enums, seen);
        }

        foreach (var operation in (document.Paths ?? []).Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            foreach (var parameter in operation.Parameters ?? [])
            {
                if (parameter is OpenApiParameter p && p.Schema is { } s)
                {
                    p.Schema = Rewrite(s, enums) ?? s;
                    Normalize(p.Schema, enums, seen);
                }
            }

            foreach (var media in (operation.RequestBody?.Content?.Values ?? []).Concat(
                         (operation.Responses?.Values.AsEnumerable() ?? []).SelectMany(r => r.Content?.Values ?? [])))
            {
                if (media.Schema is { } s)
                {
                    media.Schema = Rewrite(s, enums) ?? s;
                    Normalize(media.Schema, enums, seen);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Request bodies require what cannot be null: a nullable member may be left out (toOrgId or outside, not both).
    /// Applies to every object schema reachable from a request body; answers keep their nullable members required,
    /// since the server always writes them.
    /// </summary>
    private static void OptionalWhenNullable(OpenApiDocument document, IDictionary<string, IOpenApiSchema> schemas)
    {
        var reached = new HashSet<IOpenApiSchema>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<IOpenApiSchema>((document.Paths ?? []).Values
            .SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.RequestBody?.Content?.Values.AsEnumerable() ?? [])
            .Select(m => m.Schema).OfType<IOpenApiSchema>());
        while (pending.TryPop(out var next))
        {
            var schema = next is OpenApiSchemaReference { Reference.Id: { } id } && schemas.TryGetValue(id, out var target) ? target : next;
            if (schema is not OpenApiSchema concrete || !reached.Add(concrete))
            {
                continue;
            }

            foreach (var (name, property) in concrete.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                if (concrete.Required is { } required && MayBeNull(property))
                {
                    required.Remove(name);
                }

                pending.Push(property);
            }

            foreach (var inner in new[] { concrete.Items }.Concat(concrete.OneOf ?? []).Concat(concrete.AnyOf ?? []).OfType<IOpenApiSchema>())
            {
                pending.Push(inner);
            }

            if (concrete.Required is { Count: 0 })
            {
                concrete.Required = null;
            }
        }
    }

    private static bool MayBeNull(IOpenApiSchema schema) =>
        schema.Type?.HasFlag(JsonSchemaType.Null) == true
        || schema.OneOf?.Any(c => c.Type == JsonSchemaType.Null) == true
        || schema.AnyOf?.Any(c => c.Type == JsonSchemaType.Null) == true;

    /// <summary>Walks a schema and rewrites every <c>oneOf [null, enum]</c> below it.</summary>
    private static void Normalize(IOpenApiSchema schema, Dictionary<string, OpenApiSchema> enums, HashSet<IOpenApiSchema> seen)
    {
        if (schema is not OpenApiSchema concrete || !seen.Add(concrete))
        {
            return;
        }

        if (concrete.Properties is { } properties)
        {
            foreach (var (name, property) in properties.ToList())
            {
                if (Rewrite(property, enums) is { } plain)
                {
                    properties[name] = plain;
                }

                Normalize(properties[name], enums, seen);
            }
        }

        if (concrete.Items is { } items)
        {
            concrete.Items = Rewrite(items, enums) ?? items;
            Normalize(concrete.Items, enums, seen);
        }

        if (concrete.AdditionalProperties is { } additional)
        {
            concrete.AdditionalProperties = Rewrite(additional, enums) ?? additional;
            Normalize(concrete.AdditionalProperties, enums, seen);
        }

        foreach (var list in new[] { concrete.OneOf, concrete.AnyOf, concrete.AllOf })
        {
            foreach (var inner in list ?? [])
            {
                Normalize(inner, enums, seen);
            }
        }
    }

    /// <summary><c>oneOf [{type: null}, {$ref: SomeEnum}]</c> → <c>{type: [string, null], enum: [..., null]}</c>.</summary>
    private static OpenApiSchema? Rewrite(IOpenApiSchema schema, Dictionary<string, OpenApiSchema> enums)
    {
        if (schema is not OpenApiSchema { OneOf: { Count: 2 } choices } wrapper
            || choices.FirstOrDefault(c => c.Type == JsonSchemaType.Null) is null
            || choices.OfType<OpenApiSchemaReference>().FirstOrDefault() is not { Reference.Id: { } id }
            || !enums.TryGetValue(id, out var target))
        {
            return null;
        }

        var values = target.Enum!.Select(v => v?.DeepClone()).ToList();
        values.Add(null);
        return new OpenApiSchema
        {
            Type = (target.Type ?? JsonSchemaType.String) | JsonSchemaType.Null,
            Enum = values!,
            Description = wrapper.Description ?? target.Description,
        };
    }

    /// <summary>RFC 7807 as every error of this API is written (ProblemExceptionHandler, AddProblemDetails).</summary>
    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 7807 问题详情：code 为稳定的机器可读代码，detail 为中文说明；字段校验失败时 errors 按字段列出",
        Required = new HashSet<string> { "status", "code" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "稳定的错误代码，如 validation_failed、not_found、conflict" },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object | JsonSchemaType.Null,
                Description = "字段名 → 该字段的错误说明",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
        },
    };

    /// <summary>Answer of <c>GET /health</c>.</summary>
    public sealed record HealthAnswer(string Status);

    /// <summary>Marks a file download: the success answer is bytes of <paramref name="contentType"/>.</summary>
    public static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder builder, string contentType) =>
        builder.Produces(StatusCodes.Status200OK, typeof(Stream), contentType);
}

using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;

namespace Zhijian.Web.Shared;

/// <summary>
/// The web server's limits and headers, and the file store, in one place called from <see cref="Hosting"/>: request
/// bodies up to the documented 50 MB upload (413 <c>payload_too_large</c> beyond, on every server and every route),
/// security headers on every response (CSP for Blazor Server and MudBlazor, no framing, no referrer, no sniffing),
/// and the antiforgery check of multipart endpoints for callers signed in by the console's cookie.
/// </summary>
public static class WebHardening
{
    /// <summary>The largest file any upload takes (API.md, docs/api-additions.md: 50 MB).</summary>
    public const long MaxUploadBytes = 50L * 1024 * 1024;

    /// <summary>A request body: one upload of <see cref="MaxUploadBytes"/> plus its multipart framing and other form fields.</summary>
    public const long MaxRequestBytes = MaxUploadBytes + (1024 * 1024);

    /// <summary>
    /// The console's and the API's policy: the app's own scripts only (and Blazor's import map, an inline script carrying
    /// the request's nonce); MudBlazor sets inline styles; Blazor's WebSocket to this origin. <c>{0}</c> is the nonce.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'nonce-{0}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; media-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The API reference (Scalar at <c>/api-docs</c>) bootstraps itself with an inline script and inline styles; it shows
    /// only the public OpenAPI document and reads nothing else, so it alone gets inline scripts.
    /// </summary>
    public const string ApiDocsContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private const string NonceKey = "Zhijian.CspNonce";

    /// <summary>The request's CSP nonce, for the one inline script the app writes (Blazor's <c>&lt;ImportMap&gt;</c>).</summary>
    public static string NonceOf(HttpContext? http)
    {
        if (http is null)
        {
            return "";
        }

        if (http.Items[NonceKey] is not string nonce)
        {
            nonce = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            http.Items[NonceKey] = nonce;
        }

        return nonce;
    }

    private const string TooLargeMessage = "上传的内容超过 50 MB 的限制；请压缩或拆分后分批上传";

    /// <summary>The Kestrel and form limits, the file store.</summary>
    public static WebApplicationBuilder AddWebHardening(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = MaxRequestBytes);
        builder.Services.Configure<FormOptions>(o =>
        {
            o.MultipartBodyLengthLimit = MaxRequestBytes;
            o.ValueCountLimit = 256;
        });
        builder.Services.AddOptions<StorageOptions>().Bind(builder.Configuration.GetSection(StorageOptions.Section));
        builder.Services.AddSingleton<FileStore>();
        return builder;
    }

    /// <summary>Security headers and the body limit; goes after the exception handler and status-code pages.</summary>
    public static WebApplication UseWebHardening(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/api-docs")
                    ? ApiDocsContentSecurityPolicy
                    : string.Format(System.Globalization.CultureInfo.InvariantCulture, ContentSecurityPolicy, NonceOf(http));
                return Task.CompletedTask;
            });
            await next(http);
        });
        app.Use(LimitBodyAsync);
        return app;
    }

    /// <summary>
    /// Refuses a declared body over <see cref="MaxRequestBytes"/> before reading it, and counts an undeclared (chunked) one
    /// as it is read, whatever the server (Kestrel enforces the same limit; the test server and others do not). The
    /// refusal, however deep in model binding it surfaces, becomes 413 <c>payload_too_large</c> with a Chinese message.
    /// </summary>
    private static async Task LimitBodyAsync(HttpContext http, Func<Task> next)
    {
        if (http.Request.ContentLength > MaxRequestBytes)
        {
            await WriteTooLargeAsync(http);
            return;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRequestBytes;
        }

        if (http.Request.ContentLength is null && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            http.Request.Body = new LimitedReadStream(http.Request.Body, MaxRequestBytes);
        }

        try
        {
            await next();
        }
        catch (Exception e) when (IsTooLarge(e) && !http.Response.HasStarted)
        {
            http.Response.Clear();
            await WriteTooLargeAsync(http);
            return;
        }

        // Model binding may swallow the server's 413 and leave only the status code.
        if (http.Response.StatusCode == StatusCodes.Status413PayloadTooLarge && !http.Response.HasStarted)
        {
            await WriteTooLargeAsync(http);
        }
    }

    private static bool IsTooLarge(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } or LimitedReadStream.TooLargeException
                || (e is InvalidDataException && e.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task WriteTooLargeAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        // The client may still be sending: close the connection rather than drain 50 MB and more (HTTP/1.1 only; HTTP/2
        // has no such header and resets the stream itself).
        if (HttpProtocol.IsHttp11(http.Request.Protocol))
        {
            http.Response.Headers.Connection = "close";
        }
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = ProblemExceptionHandler.Create(http, StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, TooLargeMessage),
        });
    }

    /// <summary>
    /// For an endpoint that must take multipart forms (and so cannot use ASP.NET Core's form antiforgery as is): callers
    /// with <c>Authorization: Bearer</c> need nothing (a browser never sends that header across sites by itself); every
    /// other caller, i.e. one signed in by the console's cookie, must send the antiforgery token (header
    /// <c>RequestVerificationToken</c> or form field <c>__RequestVerificationToken</c>, from
    /// <c>GET /api/v1/auth/antiforgery</c>), else 400 <c>antiforgery_failed</c>.
    /// </summary>
    public static RouteHandlerBuilder RequireAntiforgeryForCookies(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!IsBearer(http.Request))
            {
                var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
                if (!await antiforgery.IsRequestValidAsync(http))
                {
                    throw new DomainException(StatusCodes.Status400BadRequest, ErrorCodes.AntiforgeryFailed,
                        "缺少或无效的防伪令牌：通过浏览器登录调用上传接口时，须在请求头 RequestVerificationToken 中携带 /api/v1/auth/antiforgery 给出的令牌");
                }
            }

            return await next(context);
        });

    /// <summary>Whether the request authenticates with a bearer token (the API), not the console's cookie.</summary>
    public static bool IsBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>The antiforgery token for browser callers signed in by cookie (<c>GET /api/v1/auth/antiforgery</c>).</summary>
    public static IEndpointRouteBuilder MapAntiforgeryEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/auth/antiforgery", (HttpContext http, IAntiforgery antiforgery) =>
            {
                var tokens = antiforgery.GetAndStoreTokens(http);
                return Results.Ok(new AntiforgeryTokenDto(tokens.HeaderName ?? "RequestVerificationToken", tokens.RequestToken ?? ""));
            })
            .RequireAuthorization().WithTags("Accounts").Produces<AntiforgeryTokenDto>()
            .WithSummary("防伪令牌：通过浏览器（Cookie）登录后调用上传接口时放在请求头中；使用访问令牌（Bearer）调用时不需要");
        return app;
    }

    /// <summary>Answer of <c>GET /api/v1/auth/antiforgery</c>.</summary>
    public sealed record AntiforgeryTokenDto(string HeaderName, string Token);

    /// <summary>A request body counted as it is read: more than the limit fails the read.</summary>
    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        private long read;

        public sealed class TooLargeException() : IOException("Request body too large");

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int n)
        {
            read += n;
            return read > limit ? throw new TooLargeException() : n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Zhijian.Tests.Infrastructure;

/// <summary>
/// The console as a browser without JavaScript sees it: it fills in the sign-in form (static server
/// rendering, antiforgery token included), keeps its cookies by hand so a test can replay an old one,
/// and posts the sign-out form.
/// </summary>
public sealed partial class ConsoleBrowser(AppFixture app)
{
    public const string AuthCookie = "zhijian.auth";

    private readonly HttpClient client = app.Factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = false,
    });

    /// <summary>The cookies the browser holds now (name → value).</summary>
    public Dictionary<string, string> Cookies { get; } = [];

    /// <summary>Step one of the sign-in form: user name and password.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string userName, string password)
    {
        var page = await GetAsync("/login");
        return await PostFormAsync("/login", page, "login", new() { ["Input.UserName"] = userName, ["Input.Password"] = password });
    }

    /// <summary>Step two of the sign-in form: the authenticator code (or a recovery code).</summary>
    public Task<HttpResponseMessage> SubmitCodeAsync(string html, string code) =>
        PostFormAsync("/login", html, "login-2fa", new() { ["Code.Value"] = code });

    /// <summary>The sign-out form of the console's layout (taken from a page rendered for the signed-in user).</summary>
    public async Task<HttpResponseMessage> SignOutAsync()
    {
        var page = await GetAsync("/account/password");
        return await PostFormAsync("/account/logout", page, null, []);
    }

    public async Task<string> GetAsync(string url)
    {
        var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, url));
        return await response.Content.ReadAsStringAsync();
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        return SendAndKeepCookiesAsync(request);
    }

    /// <summary>A request carrying exactly these cookies (for replaying an old one).</summary>
    public Task<HttpResponseMessage> SendWithCookiesAsync(HttpRequestMessage request, IReadOnlyDictionary<string, string> cookies)
    {
        request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        return client.SendAsync(request);
    }

    private async Task<HttpResponseMessage> PostFormAsync(string url, string page, string? handler, Dictionary<string, string> fields)
    {
        var token = AntiforgeryToken().Match(page);
        if (!token.Success)
        {
            throw new InvalidOperationException($"No antiforgery token in the page:\n{page[..Math.Min(page.Length, 2000)]}");
        }

        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        if (handler is not null)
        {
            fields["_handler"] = handler;
        }

        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) });
    }

    private async Task<HttpResponseMessage> SendAndKeepCookiesAsync(HttpRequestMessage request)
    {
        var response = await client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
        {
            foreach (var line in set)
            {
                var pair = line.Split(';', 2)[0];
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..eq], pair[(eq + 1)..]);
                if (value.Length == 0 || line.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    Cookies.Remove(name);
                }
                else
                {
                    Cookies[name] = value;
                }
            }
        }

        return response;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

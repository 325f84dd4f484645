using System.Net;
using System.Net.Http.Headers;
using AwesomeAssertions;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Components;
using Zhijian.Web.Features.Learning.Pages;
using Zhijian.Web.Features.Libraries;
using Zhijian.Web.Features.Libraries.Pages;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Tests.Components;

/// <summary>The 学习培训 and 资料库 tabs over the application's real services (<see cref="ConsoleData"/>'s tree).</summary>
public sealed class LearningOrgTabTests : ComponentTest, IClassFixture<ConsoleData>
{
    private static readonly TimeSpan Loaded = TimeSpan.FromSeconds(15);
    private readonly ConsoleData data;

    public LearningOrgTabTests(ConsoleData data)
    {
        this.data = data;
        var app = data.App.Factory.Services;
        Services.AddScoped(sp => new UiRunner(app.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<AuthenticationStateProvider>(), sp.GetRequiredService<ISnackbar>(), sp.GetRequiredService<ILogger<UiRunner>>()));
        Services.AddSingleton(app.GetRequiredService<TimeProvider>());
        Services.AddSingleton(app.GetRequiredService<OrgTabs>());
        Render<MudPopoverProvider>();
    }

    private IRenderedComponent<TTab> RenderTab<TTab>(OrganizationDto org, bool admin)
        where TTab : OrgTabBase
    {
        Auth.SetAuthorized(admin ? "admin" : "observer");
        Auth.SetClaims(admin ? data.Admin : data.Observer);
        return Render<TTab>(p => p.Add(t => t.Org, org).Add(t => t.CanWrite, admin));
    }

    private static AngleSharp.Dom.IElement Query<T>(IRenderedComponent<T> cut)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.FindAll("input[data-testid=archive-q], [data-testid=archive-q] input").First();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task LearningTab_ListsCoursesAndStats_AndTheFormOnlyToWriters(bool admin)
    {
        var client = await data.App.AdminAsync();
        var title = "团史课" + TestData.Unique();
        (await client.PostJsonAsync("/api/v1/courses", new { orgId = data.A.Id, title, kind = "text", hours = 2 })).StatusCode.Should().Be(HttpStatusCode.Created);

        var cut = RenderTab<LearningTab>(data.A, admin);

        cut.WaitForAssertion(() => cut.Find("[data-testid=courses]").TextContent.Should().Contain(title), Loaded);
        cut.Find("[data-testid=study-stats]").TextContent.Should().Contain("参加学习");
        cut.FindAll("[data-testid=course-publish]").Should().HaveCount(admin ? 1 : 0);
    }

    [Fact]
    public async Task LibrariesTab_SearchesTheArchives_AndMarksTheHits()
    {
        var client = await data.App.AdminAsync();
        var word = "井冈山" + TestData.Unique();
        var form = new MultipartFormDataContent
        {
            { new StringContent(data.A.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), "orgId" },
            { new StringContent("红色教育基地参观记录"), "title" },
            { new StringContent("2021"), "year" },
            { new StringContent("党史"), "tags" },
        };
        var file = new ByteArrayContent(ArchiveSamples.Docx("参观记录", ["全体团员赴" + word + "革命博物馆参观学习。"]));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "记录.docx");
        (await client.PostAsync("/api/v1/archives", form)).StatusCode.Should().Be(HttpStatusCode.Created);

        var cut = RenderTab<LibrariesTab>(data.A, admin: false);
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=archive-hit]").Should().NotBeEmpty(), Loaded);
        Query(cut).Input(word);
        cut.Find("[data-testid=archive-search]").Submit();

        cut.WaitForAssertion(() =>
        {
            cut.FindAll("[data-testid=archive-hit]").Should().ContainSingle();
            cut.Find("[data-testid=archive-snippet] mark").TextContent.Should().Be(word);
        }, Loaded);

        Query(cut).Input("，。！");
        cut.Find("[data-testid=archive-search]").Submit();
        cut.WaitForAssertion(() => cut.Find("[data-testid=archive-error]").TextContent.Should().Contain("标点"), Loaded);
    }
}

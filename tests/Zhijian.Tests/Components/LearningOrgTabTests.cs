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
    public async Task LearningTab_OpensAClass_WithAMemberAndAnApplicantPickedByName()
    {
        var cut = RenderTab<LearningTab>(data.A, admin: true);
        cut.WaitForAssertion(() => cut.Find("[data-testid=training-form]"), Loaded);
        var title = "积极分子培训班" + TestData.Unique();
        cut.Find("#training-title").Change(title);
        cut.Find("#training-start").Change(People.Today.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        cut.Find("#training-end").Change(People.Today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        cut.Find("#trainee-q").Change(data.ApplicantName);
        cut.Find("[data-testid=trainee-find]").Click();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=trainee-candidate]").Should().ContainSingle()
            .Which.TextContent.Should().Contain("入团申请人"), Loaded);
        cut.Find("[data-testid=trainee-candidate]").Click();
        var member = data.Members[0];
        cut.Find("#trainee-q").Change(member.Person.Name);
        cut.Find("[data-testid=trainee-find]").Click();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=trainee-candidate]").Should().Contain(c => c.TextContent.Contains("团员")), Loaded);
        cut.FindAll("[data-testid=trainee-candidate]").First(c => c.TextContent.Contains("团员")).Click();
        cut.FindAll("[data-testid=trainee-chosen]").Should().HaveCount(2);

        cut.Find("[data-testid=training-open]").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid=trainings]").TextContent.Should().Contain(title), Loaded);
        cut.FindAll("[data-testid=trainee-chosen]").Should().BeEmpty("the form is emptied for the next class");
        var client = await data.App.AdminAsync();
        var list = await client.GetOkAsync<System.Text.Json.JsonElement>($"/api/v1/trainings?orgId={data.A.Id}&pageSize=100");
        var id = list.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("title").GetString() == title).GetProperty("id").GetInt64();
        var opened = await client.GetOkAsync<System.Text.Json.JsonElement>($"/api/v1/trainings/{id}");
        opened.GetProperty("trainees").EnumerateArray().Select(t => t.GetProperty("name").GetString())
            .Should().BeEquivalentTo([data.ApplicantName, member.Person.Name]);
    }

    [Fact]
    public void LearningTab_HasNoClassFormForObservers()
    {
        var cut = RenderTab<LearningTab>(data.A, admin: false);
        cut.WaitForAssertion(() => cut.Find("[data-testid=trainings]"), Loaded);
        cut.FindAll("[data-testid=training-form]").Should().BeEmpty();
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

using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Cadres.Pages;

public partial class PositionsTab
{
    protected override void OnInitialized()
    {
        startedOn = Clock.TodayForPicker();
    }

    private IReadOnlyList<PositionDto>? positions;
    private bool includeEnded;
    private bool appointing;
    private long loaded = -1;

    private MemberDto? holder;
    private string? post = Posts.Secretary;
    private DateTime? startedOn;
    private bool fullTime;
    private string? jobLevel;

    private PositionDto? editing;
    private string? editPost;
    private DateTime? editStartedOn;
    private bool editFullTime;
    private string? editJobLevel;

    private PositionDto? ending;
    private DateTime? endedOn;
    private string? endReason;

    private string Noun => Org.System == OrgSystem.League ? "团员" : "党员";

    protected override async Task OnParametersSetAsync()
    {
        if (loaded != Org.Id)
        {
            loaded = Org.Id;
            appointing = false;
            ending = null;
            editing = null;
            await LoadAsync();
        }
    }

    private async Task LoadAsync() =>
        positions = await Ui.RunAsync<PositionService, IReadOnlyList<PositionDto>>(s => s.ListAsync(Org.Id, includeEnded)) ?? [];

    protected override Task ReloadAsync() => LoadAsync();

    private async Task HistoryChangedAsync(bool value)
    {
        includeEnded = value;
        await LoadAsync();
    }

    private async Task<IEnumerable<MemberDto>> SearchMembersAsync(string? text, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var page = await Ui.RunAsync<MemberQueries, PagedList<MemberDto>>(q =>
            q.ListAsync(Org.Id, true, text, null, MemberState.Active, PageRequest.From(1, 20), ct));
        return page?.Items ?? [];
    }

    private async Task AppointAsync()
    {
        if (holder is null || post is null || startedOn is null)
        {
            return;
        }

        var request = new CreatePositionRequest(MemberId: holder.Id, Post: post, StartedOn: DateOnly.FromDateTime(startedOn.Value),
            FullTime: fullTime, JobLevel: jobLevel);
        await RunThenReloadAsync<PositionService>(s => s.CreateAsync(Org.Id, request), $"已任命{holder.Person.Name}为{Posts.NameOf(post)}", () =>
        {
            appointing = false;
            holder = null;
            jobLevel = null;
            fullTime = false;
        });
    }

    private void StartEdit(PositionDto position)
    {
        editing = position;
        ending = null;
        appointing = false;
        (editPost, editFullTime, editJobLevel) = (position.Post, position.FullTime, position.JobLevel);
        editStartedOn = position.StartedOn.ToDateTime(TimeOnly.MinValue);
    }

    /// <summary>Sends only what changed (an emptied 职级 clears it), through the same PositionService.UpdateAsync as PATCH.</summary>
    private async Task SaveEditAsync()
    {
        if (editing is not { } target || editPost is null || editStartedOn is null)
        {
            return;
        }

        var started = DateOnly.FromDateTime(editStartedOn.Value);
        var request = new UpdatePositionRequest(editPost == target.Post ? null : editPost, started == target.StartedOn ? null : started,
            editFullTime == target.FullTime ? null : editFullTime,
            (editJobLevel ?? "") == (target.JobLevel ?? "") ? null : editJobLevel ?? "");
        if (request == new UpdatePositionRequest())
        {
            editing = null;
            return;
        }

        await RunThenReloadAsync<PositionService>(s => s.UpdateAsync(target.Id, request), $"已保存{target.Name}的任职信息",
            () => editing = null);
    }

    private void StartEnd(PositionDto position)
    {
        editing = null;
        ending = position;
        appointing = false;
        endedOn = Clock.TodayForPicker();
        endReason = null;
    }

    private async Task EndAsync()
    {
        if (ending is null)
        {
            return;
        }

        var target = ending;
        var request = new EndPositionRequest(endedOn is { } d ? DateOnly.FromDateTime(d) : null, endReason);
        await RunThenReloadAsync<PositionService>(s => s.EndAsync(target.Id, request), $"{target.Name}已离任{target.PostName}",
            () => ending = null);
    }
}

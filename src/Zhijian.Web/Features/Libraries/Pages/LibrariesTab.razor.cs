using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Libraries.Pages;

public partial class LibrariesTab
{
    private string? query;
    private int? year;
    private string? error;
    private IReadOnlyList<ArchiveDocumentDto> archives = [];
    private long archiveTotal;
    private IReadOnlyList<HonorDto> honors = [];
    private IReadOnlyList<ReserveCadreDto> cadres = [];

    protected override Task OnParametersSetAsync() => ReloadAsync();

    protected override async Task ReloadAsync()
    {
        await SearchAsync();
        honors = (await Ui.RunAsync<LibraryService, PagedList<HonorDto>>(s => s.HonorsAsync(Org.Id, true, null, new PageRequest(1, 50))))?.Items ?? [];
        cadres = (await Ui.RunAsync<LibraryService, PagedList<ReserveCadreDto>>(s => s.ReserveCadresAsync(Org.Id, true, new PageRequest(1, 50))))?.Items ?? [];
    }

    private async Task SearchAsync()
    {
        error = null;
        if (!string.IsNullOrWhiteSpace(query) && ArchiveSearch.Terms(query).Count == 0)
        {
            error = "搜索词须包含文字或数字，不能只有标点符号";
            return;
        }

        var page = await Ui.RunAsync<ArchiveService, PagedList<ArchiveDocumentDto>>(s =>
            s.SearchAsync(Org.Id, true, string.IsNullOrWhiteSpace(query) ? null : query, year, new PageRequest(1, 20)));
        archives = page?.Items ?? [];
        archiveTotal = page?.Total ?? 0;
    }

    /// <summary>The snippet cut into plain and matched pieces, in order.</summary>
    internal static IEnumerable<(string Text, bool Hit)> Pieces(Snippet s)
    {
        var at = 0;
        foreach (var m in s.Matches.Where(m => m.Start >= 0 && m.Start + m.Length <= s.Text.Length))
        {
            if (m.Start > at)
            {
                yield return (s.Text[at..m.Start], false);
            }

            yield return (s.Text.Substring(m.Start, m.Length), true);
            at = m.Start + m.Length;
        }

        if (at < s.Text.Length)
        {
            yield return (s.Text[at..], false);
        }
    }
}

using AwesomeAssertions;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Unit;

public class PageSelectionTests
{
    [Fact]
    public void Toggle_TicksAndUnticks_KeepingWhatEachRowCarries()
    {
        var selection = new PageSelection<decimal>();
        selection.Toggle(1, 12.5m);
        selection.Toggle(2, 3m);
        selection.Toggle(1, 12.5m);

        selection.Ids.Should().Equal(2);
        selection.Values.Sum().Should().Be(3m);
        selection.Contains(1).Should().BeFalse();
    }

    [Fact]
    public void ToggleAll_TicksThePage_ThenUnticksEverything()
    {
        var selection = new PageSelection<decimal>();
        selection.Toggle(99, 1m); // a row of another page
        (long, decimal)[] page = [(1, 2m), (2, 5m)];

        selection.All(page.Select(r => r.Item1)).Should().BeFalse();
        selection.ToggleAll(page);
        selection.Ids.Should().BeEquivalentTo([1L, 2L], "ticking the page replaces what was ticked before");
        selection.All([1, 2]).Should().BeTrue();

        selection.ToggleAll(page);
        selection.Count.Should().Be(0);
        selection.All([]).Should().BeFalse("an empty page is never all ticked");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(50, 1)]
    [InlineData(51, 2)]
    [InlineData(1000, 20)]
    public void Pages_CountsWholePages_AtLeastOne(long total, int pages) =>
        new PagedList<int>([], 1, 50, total, true).Pages().Should().Be(pages);
}

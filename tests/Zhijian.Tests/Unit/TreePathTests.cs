using AwesomeAssertions;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Unit;

public class TreePathTests
{
    private sealed record Row(string Path);

    [Theory]
    [InlineData(null, 1L, "/1/")]
    [InlineData("/1/", 17L, "/1/17/")]
    [InlineData("/1/17/", 403L, "/1/17/403/")]
    public void Child_AppendsTheId(string? parent, long id, string expected) => TreePath.Child(parent, id).Should().Be(expected);

    [Theory]
    [InlineData("/1/", "/10")]
    [InlineData("/1/17/", "/1/170")]
    public void Upper_ReplacesTheFinalSlashWithZero(string prefix, string upper) => TreePath.Upper(prefix).Should().Be(upper);

    [Theory]
    [InlineData("/1/", new long[] { 1 })]
    [InlineData("/1/17/403/", new long[] { 1, 17, 403 })]
    public void Ids_AreRootFirst(string path, long[] ids) => TreePath.Ids(path).Should().Equal(ids);

    [Theory]
    [InlineData("/1/", 0)]
    [InlineData("/1/17/403/", 2)]
    public void Depth_CountsLevelsBelowTheRoot(string path, int depth) => TreePath.Depth(path).Should().Be(depth);

    [Theory]
    [InlineData("/1/17/", "/1/17/", true)]
    [InlineData("/1/17/403/", "/1/17/", true)]
    [InlineData("/1/170/", "/1/17/", false)]
    [InlineData("/1/1/", "/1/17/", false)]
    [InlineData("/10/", "/1/", false)]
    [InlineData("/1/", "/1/17/", false)]
    public void InRange_MatchesExactlyTheSubtree(string path, string prefix, bool inside)
    {
        // The compiled range predicate (what SQL evaluates) agrees with the plain prefix test.
        var predicate = TreePath.In<Row>(r => r.Path, prefix).Compile();
        predicate(new Row(path)).Should().Be(inside);
        TreePath.IsWithin(path, prefix).Should().Be(inside);
    }

    [Fact]
    public void InAny_OrsTheRanges()
    {
        var predicate = TreePath.InAny<Row>(r => r.Path, ["/1/2/", "/5/"]).Compile();
        predicate(new Row("/1/2/9/")).Should().BeTrue();
        predicate(new Row("/5/")).Should().BeTrue();
        predicate(new Row("/1/3/")).Should().BeFalse();
        TreePath.InAny<Row>(r => r.Path, []).Compile()(new Row("/1/")).Should().BeFalse();
    }

    [Theory]
    [InlineData("/1/2/5/", "/1/2/", "/1/9/2/", "/1/9/2/5/")]
    [InlineData("/1/2/", "/1/2/", "/3/2/", "/3/2/")]
    [InlineData("/1/2/5/7/", "/1/2/5/", "/1/4/6/5/", "/1/4/6/5/7/")]
    public void Rebase_MovesASubtreePath(string path, string oldPrefix, string newPrefix, string expected) =>
        TreePath.Rebase(path, oldPrefix, newPrefix).Should().Be(expected);
}
